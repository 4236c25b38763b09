% requires: numpy scipy
% Every row of conversion.md, both ways (issue 3).
% Python-side facts are read with pyrun: the Octave value is bound as x.

%!shared typ
%! pyexec ("import numpy as np, math, sys");
%! typ = @(v) char (pyrun ("t = type(x).__name__", "t", "x", v));

%!test  # real double/single scalars -> float
%! assert (typ (1.5), "float");
%! assert (typ (single (2.5)), "float");
%! assert (pyrun ("r = x == 2.5", "r", "x", single (2.5)), true);

%!test  # complex scalar -> complex
%! assert (typ (1 + 2i), "complex");
%! assert (pyrun ("r = (x.real, x.imag) == (1.0, -2.0)", "r", "x", 1 - 2i), true);
%! assert (pyrun ("r = x == complex(0.5, 0.25)", "r", "x", single (0.5 + 0.25i)), true);

%!test  # integer scalars -> int, exact in all 64 bits
%! for c = {"int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"}
%!   assert (typ (cast (7, c{1})), "int");
%! end
%! r = pyrun ("r = str(x)", "r", "x", intmax ("int64"));  assert (char (r), "9223372036854775807");
%! r = pyrun ("r = str(x)", "r", "x", intmin ("int64"));  assert (char (r), "-9223372036854775808");
%! r = pyrun ("r = str(x)", "r", "x", intmax ("uint64")); assert (char (r), "18446744073709551615");
%! r = pyrun ("r = str(x)", "r", "x", intmin ("int8"));   assert (char (r), "-128");

%!test  # logical scalar -> bool
%! assert (typ (true), "bool");
%! assert (pyrun ("r = x is False", "r", "x", false), true);

%!test  # char row -> str, UTF-8, empty
%! assert (typ ("abc"), "str");
%! assert (double (pyrun ("n = len(x)", "n", "x", "héllo 世界 😀")), 10);
%! assert (pyrun ('r = x == "\u00e9\u4e16"', "r", "x", "é世"), true);
%! assert (pyrun ("r = x == ''", "r", "x", ""), true);

%!test  # numeric arrays -> buffer with Octave's shape, column-major strides, right format
%! fmts = {"double", "d"; "single", "f"; "int8", "b"; "uint8", "B"; "int16", "h"; "uint16", "H"; ...
%!         "int32", "i"; "uint32", "I"; "int64", "q"; "uint64", "Q"; "logical", "?"};
%! for k = 1:rows (fmts)
%!   if (strcmp (fmts{k, 1}, "logical"))
%!     x = logical (mod (reshape (1:6, 2, 3), 2));
%!   else
%!     x = cast (reshape (1:6, 2, 3), fmts{k, 1});
%!   end
%!   [f, s, v] = pyrun ("m = memoryview(x); f = m.format; s = m.shape; v = m.tolist()", {"f", "s", "v"}, "x", x);
%!   assert (char (f), fmts{k, 2});
%!   assert (double (s), [2 3]);
%!   a = pyrun ("a = np.asarray(x)", "a", "x", x);
%!   assert (double (a), double (x));
%! end

%!test  # N-d arrays keep shape and element order
%! x = reshape (1:24, 2, 3, 4);
%! [s, e] = pyrun ("a = np.asarray(x); s = a.shape; e = a[1, 2, 3]", {"s", "e"}, "x", x);
%! assert (double (s), [2 3 4]);
%! assert (e, x(2, 3, 4));
%! y = double (pyrun ("a = np.asarray(x)", "a", "x", x));
%! assert (size (y), [2 3 4]);
%! assert (y, x);

%!test  # np.asarray makes no copy of large arrays, and Python keeps its values
%! x = rand (2e6, 1);
%! [same, ro] = pyrun ("a = np.asarray(x); same = np.shares_memory(a, np.asarray(x)); ro = not a.flags.writeable", {"same", "ro"}, "x", x);
%! assert (ro, true);
%! v = x(1);
%! x(1) = -5;                                  % Octave copies its side
%! assert (pyeval ("float(a[0, 0])"), v);         % Python still sees the old value
%! clear x
%! assert (pyeval ("float(a[0, 0])"), v);         % and the data outlives the variable

%!test  # ranges and other lazy values are copied correctly
%! r = pyrun ("r = np.asarray(x).tolist()", "r", "x", 1:5);
%! assert (double (py.numpy.array (r)), 1:5);
%! assert (double (pyrun ("a = np.asarray(x)", "a", "x", 1:300000))(end), 300000);

%!test  # complex arrays -> complex128 / complex64
%! x = [1+2i, 3-4i; 5i, -1];
%! [d, v] = pyrun ("a = np.asarray(x); d = str(a.dtype); v = a[1, 0]", {"d", "v"}, "x", x);
%! assert (char (d), "complex128");
%! assert (v, 5i);
%! d = pyrun ("d = str(np.asarray(x).dtype)", "d", "x", single (x));
%! assert (char (d), "complex64");
%! assert (double (pyrun ("a = np.asarray(x)", "a", "x", x)), x);

%!test  # empty arrays of several shapes
%! s = pyrun ("s = np.asarray(x).shape", "s", "x", []);            assert (double (s), [0 0]);
%! s = pyrun ("s = np.asarray(x).shape", "s", "x", zeros (0, 3));  assert (double (s), [0 3]);
%! s = pyrun ("s = np.asarray(x).shape", "s", "x", zeros (1, 0));  assert (double (s), 0);   % a 1-by-N row is 1-D
%! s = pyrun ("s = np.asarray(x).shape", "s", "x", zeros (3, 0, 2)); assert (double (s), [3 0 2]);
%! assert (size (double (py.numpy.zeros (py.tuple ({int32(0), int32(3)})))), [0 3]);
%! assert (size (double (py.numpy.zeros (int32 (0)))), [1 0]);

%!test  # NaN, Inf, -0 both ways
%! v = pyrun ("v = [math.isnan(x[0]), math.isinf(x[1]), math.copysign(1, x[2]) < 0]", "v", "x", {NaN, -Inf, -0});
%! assert (logical (v), [true true true]);
%! assert (isnan (pyeval ("float('nan')")));
%! assert (pyeval ("float('-inf')"), -Inf);
%! z = pyeval ("-0.0");
%! assert (1 / z, -Inf);
%! a = double (py.numpy.array ({NaN, Inf, -0}));
%! assert (isnan (a(1)) && a(2) == Inf && 1 / a(3) == -Inf);

%!test  # 1-by-N cell -> tuple, elements converted by the same rules
%! [t, n] = pyrun ("t = type(x).__name__; n = len(x)", {"t", "n"}, "x", {1, "a", int8(3), {true}});
%! assert (char (t), "tuple");
%! assert (double (n), 4);
%! assert (pyrun ("r = x == (1.0, 'a', 3, (True,))", "r", "x", {1, "a", int8(3), {true}}), true);
%! assert (pyrun ("r = x == ()", "r", "x", {}), true);

%!test  # scalar struct -> dict with str keys; struct array -> list of dicts
%! s = struct ("a", 1, "b", "txt");
%! assert (pyrun ("r = x == {'a': 1.0, 'b': 'txt'}", "r", "x", s), true);
%! sa = struct ("k", {1, 2, 3});
%! assert (pyrun ("r = x == [{'k': 1.0}, {'k': 2.0}, {'k': 3.0}]", "r", "x", sa), true);

%!test  # sparse -> scipy.sparse.csc_matrix, and back
%! S = sparse ([1 3 2], [1 1 3], [10 30 20], 3, 4);
%! [t, d, sh] = pyrun ("t = type(x).__name__; d = x.toarray(); sh = x.shape", {"t", "d", "sh"}, "x", S);
%! assert (char (t), "csc_matrix");
%! assert (double (sh), [3 4]);
%! assert (double (d), full (S));
%! L = sparse (logical ([1 0; 0 1]));
%! assert (char (pyrun ("t = str(x.dtype)", "t", "x", L)), "bool");
%! C = sparse ([1+1i 0; 0 2]);
%! assert (double (pyrun ("d = x.toarray()", "d", "x", C)), full (C));

%!test  # function handle -> Python callable
%! f = @(a, b) a * 10 + b;
%! assert (pyrun ("r = x(1.0, 2.0)", "r", "x", f), 12);

%!test  # a py object handle -> that same object
%! l = py.list ({1});
%! assert (pyrun ("r = x is l", "r", "x", l, "l", l), true);

%!test  # char matrix -> list of str; cell column -> tuple; containers.Map -> dict
%! assert (double (pycall ("len", ["ab"; "cd"])), 2);
%! assert (pyrun ("v = x == ['ab', 'cd']", "v", "x", ["ab"; "cd"]), true);
%! assert (pyrun ("v = x == (1.0, 'a')", "v", "x", {1; "a"}), true);
%! m = containers.Map ({"k", "j"}, {1, "s"});
%! assert (pyrun ("v = x == {'k': 1.0, 'j': 's'}", "v", "x", m), true);
%! assert (pyrun ("v = isinstance(x, __import__('numpy').ndarray) and x.shape == (3,)", "v", "x", 1:3), true);
%! assert (pyrun ("v = x.shape == (3, 1) and not x.flags.writeable", "v", "x", (1:3)'), true);

%!test  # unsupported values: clear errors naming the argument and its class
%! bad = {{1, 2; 3, 4}, cell(2, 2, 2)};
%! for k = 1:numel (bad)
%!   try
%!     pycall ("len", bad{k});
%!     error ("test:noerror", "no error for case %d", k);
%!   catch err
%!     assert (err.identifier, "pymex:TypeError");
%!     assert (! isempty (strfind (err.message, "argument 2 of pycall")), err.message);
%!     assert (! isempty (strfind (err.message, class (bad{k}))), err.message);
%!   end
%! end

%% ---- Python to Octave ------------------------------------------------

%!test  # automatic: float (and subclasses), complex, bool (and numpy.bool_)
%! assert (class (pyeval ("np.float64(2.5)")), "double");
%! assert (pyeval ("np.float64(2.5)"), 2.5);
%! assert (pyeval ("np.bool_(True)"), true);
%! assert (class (pyeval ("np.bool_(False)")), "logical");
%! assert (pyeval ("np.complex128(1+2j)"), 1 + 2i);
%! assert (class (pyeval ("np.float32(1)")), "py.numpy.float32");
%! assert (class (pyeval ("np.int64(1)")), "py.numpy.int64");
%! assert (class (pyeval ("None")), "py.NoneType");

%!test  # explicit numeric conversions of Python numbers, exact for int64/uint64
%! assert (int64 (pyeval ("2**63 - 1")), intmax ("int64"));
%! assert (int64 (pyeval ("-2**63")), intmin ("int64"));
%! assert (uint64 (pyeval ("2**64 - 1")), intmax ("uint64"));
%! assert (int8 (pyeval ("300")), int8 (127));            % saturates as Octave does
%! assert (uint8 (pyeval ("-5")), uint8 (0));
%! assert (int32 (pyeval ("2.5")), int32 (3));            % rounds as Octave does
%! assert (double (pyeval ("7")), 7);
%! assert (single (pyeval ("0.1")), single (0.1));
%! assert (logical (pyeval ("3")), true);
%! assert (double (pyeval ("1+2j")), 1 + 2i);

%!test  # every numpy dtype comes back with its class and values
%! m = [1 0 3; 4 5 6];
%! pairs = {"int8", "int8"; "uint8", "uint8"; "int16", "int16"; "uint16", "uint16"; "int32", "int32"; ...
%!          "uint32", "uint32"; "int64", "int64"; "uint64", "uint64"; "float32", "single"; "float64", "double"};
%! for k = 1:rows (pairs)
%!   o = pyeval (sprintf ("np.array([[1, 0, 3], [4, 5, 6]], dtype='%s')", pairs{k, 1}));
%!   v = feval (pairs{k, 2}, o);
%!   assert (class (v), pairs{k, 2});
%!   assert (double (v), m);
%! end
%! b = logical (pyeval ("np.array([[True, False], [False, True]])"));
%! assert (b, logical ([1 0; 0 1]));

%!test  # C-ordered, F-ordered, transposed and strided arrays come back by index
%! pyexec ("c = np.arange(24.0).reshape(2, 3, 4)");
%! c = double (pyeval ("c"));
%! assert (size (c), [2 3 4]);
%! assert (c(2, 3, 4), 23);
%! assert (c(1, 2, 3), 6);
%! assert (double (pyeval ("np.asfortranarray(c)")), c);
%! assert (double (pyeval ("c.T")), permute (c, [3 2 1]));
%! assert (double (pyeval ("c[:, ::2, 1:]")), c(:, 1:2:end, 2:end));
%! assert (int16 (pyeval ("c[::-1]")), int16 (c(end:-1:1, :, :)));

%!test  # 1-D and 0-D
%! assert (double (pyeval ("np.array([1.0, 2.0, 3.0])")), [1 2 3]);
%! assert (double (pyeval ("np.array(4.0)")), 4);

%!test  # array.array, memoryview, bytes and bytearray
%! assert (double (pyeval ("__import__('array').array('i', [1, -2, 3])")), [1 -2 3]);
%! assert (class (int32 (pyeval ("__import__('array').array('i', [1])"))), "int32");
%! assert (double (pyeval ("memoryview(b'\\x01\\x02')")), [1 2]);
%! assert (uint8 (pyeval ("b'\\x00\\xffA'")), uint8 ([0 255 65]));
%! assert (uint8 (pyeval ("bytearray(b'xy')")), uint8 ("xy"));

%!test  # complex numpy arrays
%! z = double (pyeval ("np.array([[1+2j, 3], [4j, -1]])"));
%! assert (z, [1+2i, 3; 4i, -1]);
%! assert (single (pyeval ("np.array([1+2j], dtype=np.complex64)")), single (1+2i));

%!test  # sequences of numbers
%! assert (double (py.list ({1, 2.5, int8(3)})), [1 2.5 3]);
%! assert (double (pyeval ("(1, 2+1j)")), [1, 2+1i]);
%! assert (int64 (pyeval ("[2**62, -1]")), int64 ([2^62, -1]));

%!test  # char(o): str, and any object through str()
%! assert (char (pyeval ('"x\u00e9\U0001F600"')), "xé😀");
%! assert (char (py.repr (3.5)), "3.5");
%! assert (char (py.int (42)), "42");
%! assert (char (pyeval ("[1, 'a']")), "[1, 'a']");
%! assert (char (pyeval ("''")), "");

%!test  # cell(o) of list, tuple, any iterable; elements under the automatic rules
%! c = cell (pyeval ("[1.5, 'a', True, None]"));
%! assert (size (c), [1 4]);
%! assert (c{1}, 1.5);
%! assert (char (c{2}), "a");
%! assert (c{3}, true);
%! assert (class (c{4}), "py.NoneType");
%! assert (numel (cell (pyeval ("range(3)"))), 3);
%! assert (numel (cell (pyeval ("()"))), 0);

%!test  # struct(o) of a dict with str keys
%! s = struct (pyeval ("{'a': 1.5, 'b': True}"));
%! assert (s.a, 1.5);
%! assert (s.b, true);
%! try
%!   struct (pyeval ("{1: 2}"));
%!   error ("test:noerror", "no error");
%! catch err
%!   assert (err.identifier, "pymex:TypeError");
%! end

%!test  # numeric transfers: 1e6 elements both ways keep every value
%! x = rand (1000, 1000);
%! y = double (pyrun ("y = np.asarray(x) * 2", "y", "x", x));
%! assert (y, 2 * x);

%!test  # struct() of a list of dicts is a struct array
%! s = struct (pyeval ("[{'a': 1.0, 'b': 'x'}, {'b': 'y', 'a': 2.0}]"));
%! assert (size (s), [1 2]);
%! assert ([s.a], [1 2]);
%! assert (char (s(2).b), "y");
%! try
%!   struct (pyeval ("[{'a': 1.0}, {'b': 2.0}]"));
%!   error ("test:noerror", "x");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%! end
