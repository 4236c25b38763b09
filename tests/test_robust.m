% requires: numpy scipy
% Robustness (issue 7): reproducers that crashed, leaked the GIL or lost data.

%!function check_thread_alive ()
%!  % A Python thread started before must keep ticking: the GIL is free.
%!  start_ticker ();
%!  t0 = pyeval ("float(_robust_ticks[0])");
%!  pause (0.2);
%!  assert (pyeval ("float(_robust_ticks[0])") > t0, "Python thread frozen: GIL not released");
%!endfunction

%!function start_ticker ()
%!  pyexec (["import threading, time\nif '_robust_ticks' not in globals():\n    _robust_ticks = [0]\n" ...
%!           "    def _robust_tick():\n        while True:\n            _robust_ticks[0] += 1\n            time.sleep(0.005)\n" ...
%!           "    threading.Thread(target=_robust_tick, daemon=True).start()"]);
%!endfunction

%!test  # a self-referencing list passed to Octave: RecursionError, not a crash (reproducer 3)
%! try
%!   pyexec ("import matlab\nx = []\nx.append(x)\nmatlab.call('numel', x)");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:RecursionError");
%!   assert (! isempty (strfind (err.message, "nested more than")));
%! end
%! check_thread_alive ();

%!test  # self-referencing dict through matlab.put, and a list nested 30000 deep
%! try
%!   pyexec ("import matlab\nd = {}\nd['d'] = d\nmatlab.put('rob_v', d)");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:RecursionError");
%! end
%! try
%!   pyexec ("import matlab\nx = []\nfor _ in range(30000): x = [x]\nmatlab.call('numel', x)");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:RecursionError");
%! end
%! assert (pyeval ("2.5"), 2.5);

%!test  # nesting up to the bound converts
%! pyexec ("import matlab\nx = 1.0\nfor _ in range(200): x = [x]\nrob_n = matlab.call('numel', x)");
%! assert (pyeval ("float(rob_n)"), 1);

%!test  # double(L) where an element's __float__ empties L (reproducer 4)
%! pyexec (["class Evil:\n    def __float__(self):\n        rob_L.clear()\n        return 2.0\n" ...
%!          "rob_L = [1.0, Evil(), 3.0, 4.0]"]);
%! assert (double (pyeval ("rob_L")), [1 2 3 4]);
%! assert (pyeval ("float(len(rob_L))"), 0);

%!test  # cell(h) while a Python thread mutates the list
%! pyexec (["import threading\nrob_M = [object() for _ in range(50)]\nrob_stop = False\n" ...
%!          "def rob_mut():\n    while not rob_stop:\n        rob_M.append(object())\n        if len(rob_M) > 60: del rob_M[:30]\n" ...
%!          "rob_t = threading.Thread(target=rob_mut)\nrob_t.start()"]);
%! h = pyeval ("rob_M");
%! for k = 1:20
%!   c = cell (h);
%!   assert (iscell (c));
%!   assert (numel (c) >= 1);
%! end
%! pyexec ("rob_stop = True\nrob_t.join()");

%!test  # items() yielding non-pairs: TypeError, no heap overflow (reproducer 5)
%! pyexec (["class BadItems(dict):\n    def items(self):\n        return [('a',), 5, ('b', 1, 2)]\n" ...
%!          "rob_bad = BadItems(a=1)"]);
%! try
%!   struct (pyeval ("rob_bad"));
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:TypeError");
%!   assert (! isempty (strfind (err.message, "(key, value) pair")));
%! end
%! check_thread_alive ();

%!test  # LAPACK argument errors inside scipy and numpy: ValueError, not a crash (reproducer 8)
%! try
%!   pyexec ("import numpy as np, scipy.linalg.lapack as L; L.dgesdd(np.ones((3,3)), lwork=1)");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%! end
%! assert (pyeval ("1.5"), 1.5);
%! try
%!   pyexec ("import numpy as np, numpy.linalg.lapack_lite as LL\na = np.zeros(1)\nLL.dorgqr(1, 1, 1, a, 0, a, a, 0, 0)");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%! end
%! assert (pyeval ("float(sum(range(4)))"), 6);
%! check_thread_alive ();

%!test  # Octave's own LAPACK still works after Python's error
%! A = [4 1; 1 3];
%! assert (chol (A)' * chol (A), A, 1e-12);
%! [u, s, v] = svd (magic (3));
%! assert (u * s * v', magic (3), 1e-10);

%!test  # an array too large for memory: MemoryError, and the GIL is released (GIL leak)
%! try
%!   double (pyeval ("__import__('numpy').broadcast_to(1.0, (10**7, 10**7))"));
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:MemoryError");
%! end
%! check_thread_alive ();

%!test  # NUL characters are kept in text Octave -> Python
%! assert (double (pyrun ("n = len(s)", "n", "s", ["a" char(0) "b"])), 3);
%! assert (double (pycall ("ord", char (0))), 0);
%! s = pyrun ("t = s + s", "t", "s", ["x" char(0)]);
%! assert (double (char (s)), double (["x" char(0) "x" char(0)]));

%!test  # ints beyond 64 bits: OverflowError, not a saturated value
%! pyexec ("import matlab");
%! try
%!   pyexec ("matlab.call('disp', 2**64 + 5)");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:OverflowError");
%! end
%! try
%!   pyexec ("matlab.call('disp', -2**63 - 1)");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:OverflowError");
%! end
%! assert (char (pyeval ("matlab.call('class', 2**64 - 1)")), "uint64");

%!test
%! pyexec ("import matlab\nrob_u = matlab.call('uint64', 2**64 - 1)\nrob_i = matlab.call('int64', -2**63)");
%! assert (pyeval ("rob_u == 2**64 - 1"), true);
%! assert (pyeval ("rob_i == -2**63"), true);

%!test  # logical(NaN) is an error, as in Octave
%! try
%!   logical (pyeval ("float('nan')") + 0);   % Octave's own
%! catch err0
%! end
%! try
%!   logical (pyeval ("[1.0, float('nan')]"));
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%!   assert (! isempty (strfind (err.message, "NaN")));
%! end
%! try
%!   logical (pyeval ("__import__('numpy').array([0.0, float('nan')])"));
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%! end
%! assert (logical (pyeval ("[1.0, 0.0]")), [true false]);

%!test  # struct() takes any collections.abc.Mapping, and rejects names Octave cannot use
%! pyexec (["import collections.abc\nclass RobMap(collections.abc.Mapping):\n" ...
%!          "    def __getitem__(self, k): return {'a': 1.0, 'b': 2.0}[k]\n" ...
%!          "    def __iter__(self): return iter(['a', 'b'])\n    def __len__(self): return 2\n"]);
%! s = struct (pyeval ("RobMap()"));
%! assert (s, struct ("a", 1, "b", 2));
%! s = struct (pyeval ("__import__('types').MappingProxyType({'x': 1.5})"));
%! assert (s.x, 1.5);
%! try
%!   struct (pyeval ("{'a b': 1}"));
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%!   assert (! isempty (strfind (err.message, "field name")));
%! end
%! try
%!   struct (pyeval ("{'': 1}"));
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%! end

%!test  # an exception class with an empty or odd name still gives a usable identifier
%! try
%!   pyexec ("raise type('', (Exception,), {})('odd')");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:PythonError");
%!   assert (! isempty (strfind (err.message, "odd")));
%! end
%! try
%!   pyexec ("raise type('9lives', (Exception,), {})('cat')");
%!   error ("no error");
%! catch err
%!   assert (err.identifier, "pymex:PythonError");
%! end

%!test  # an Octave error keeps identifier and formatted message through Python
%! pyexec ("import matlab\ntry:\n    matlab.call('error', 'rob:x', 'msg %d', 3.0)\nexcept matlab.MatlabError as e:\n    rob_e = (e.identifier, e.message)");
%! assert (char (pyeval ("rob_e[0]")), "rob:x");
%! assert (char (pyeval ("rob_e[1]")), "msg 3");

%!test  # NUL characters in Python's output reach the console (evalc sees them)
%! s = evalc ("pyexec ('print(\"x\\x00\\x00y\")')");
%! assert (double (s), double (["x" char(0) char(0) "y" "\n"]));
%! s = evalc ("pyexec ('import threading; t = threading.Thread(target=lambda: print(\"t\\x00h\")); t.start(); t.join()'); pyeval ('1');");
%! assert (double (s), double (["t" char(0) "h" "\n"]));
