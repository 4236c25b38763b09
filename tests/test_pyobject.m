% requires: numpy
% py.* and pyobject handles (issue 3): calls, attributes, indexing, class,
% display, operators, conversions, lifetime.

%!test  # modules, sub-modules, builtins
%! assert (py.math.sqrt (2), sqrt (2));
%! assert (char (py.os.path.join ("a", "b")), "a/b");
%! doc = py.xml.dom.minidom.parseString ("<a><b>t</b></a>");
%! assert (char (doc.documentElement.tagName), "a");
%! assert (double (py.len ({1, 2, 3})), 3);
%! assert (class (py.list ({1})), "py.list");
%! assert (class (py.str ("x")), "py.str");
%! assert (double (py.int (int32 (5))), 5);

%!test  # keyword arguments and zero-argument calls with or without ()
%! d = py.dict (pyargs ("a", 1, "b", "x"));
%! assert (double (py.len (d)), 2);
%! s = py.sorted (py.list ({3, 1, 2}), pyargs ("reverse", true));
%! assert (double (s), [3 2 1]);
%! assert (class (py.list), "py.list");          % called without ()
%! assert (double (py.len (py.dict ())), 0);
%! t = py.time.time;                             % a function reached by '.' is called
%! assert (isa (t, "double") && t > 1.6e9);

%!test  # attributes: get, set, chains
%! ns = pyeval ("__import__('types').SimpleNamespace(a=1.5)");
%! assert (ns.a, 1.5);
%! ns.b = "set from octave";
%! assert (char (ns.b), "set from octave");
%! ns.a = 7;
%! assert (pyrun ("r = o.a == 7.0", "r", "o", ns), true);
%! c = py.collections.Counter ("abracadabra").most_common (int32 (1));
%! assert (char (c{1}{1}), "a");
%! assert (double (c{1}{2}), 5);

%!test  # methods mutate the object in place; aliases see it
%! l = py.list ();
%! l.append (1);
%! l.append ("two");
%! a = l;
%! a.append (3);
%! assert (double (py.len (l)), 3);

%!test  # MATLAB-style indexing: () sub-sequence of the same type, {} contents
%! l = py.list ({10, 20, 30, 40});
%! s = l(2:3);
%! assert (class (s), "py.list");
%! assert (double (s), [20 30]);
%! assert (l{1}, 10);
%! assert (l{end}, 40);
%! assert (double (l([1 4])), [10 40]);
%! t = py.tuple ({1, 2, 3});
%! assert (class (t(1:2)), "py.tuple");
%! st = py.str ("hello");
%! assert (char (st(2:4)), "ell");
%! assert (class (st(1)), "py.str");

%!test  # assignment with {}
%! l = py.list ({1, 2, 3});
%! l{2} = "b";
%! assert (char (l{2}), "b");
%! d = py.dict ();
%! d{"billing"} = 12.5;
%! assert (d{"billing"}, 12.5);
%! d{"billing"} = 13;
%! assert (d{"billing"}, 13);

%!test  # class and isa
%! assert (class (py.list ()), "py.list");
%! assert (class (py.numpy.zeros (int32 (2))), "py.numpy.ndarray");
%! od = py.collections.OrderedDict ();
%! assert (class (od), "py.collections.OrderedDict");
%! assert (isa (od, "py.collections.OrderedDict"));
%! assert (isa (od, "py.dict"));                   % base classes count
%! assert (! isa (od, "py.list"));
%! assert (isa (od, "pyobject"));
%! assert (! isa (od, "double"));

%!test  # disp and display show MATLAB's "Python <type> with values:" and the repr
%! l = py.list ({1, "a"});
%! s = evalc ("disp (l)");
%! assert (! isempty (strfind (s, "Python list with values:")));
%! assert (! isempty (strfind (s, "[1.0, 'a']")));
%! s = evalc ("l");
%! assert (! isempty (strfind (s, "l = ")));
%! assert (! isempty (strfind (s, "Python list with values:")));

%!test  # length and size are len(); numel is 1 (Octave asks numel for the number of values an index yields)
%! l = py.list ({1, 2, 3});
%! assert (length (l), 3);
%! assert (size (l), [1 3]);
%! assert (numel (l), 1);
%! [r, c] = size (l);
%! assert ([r, c], [1 3]);

%!test  # operators map to Python's
%! a = py.int (int32 (5));
%! assert (double (a + 2), 7);
%! assert (double (a - 7), -2);
%! assert (double (a .* 3), 15);
%! assert (a ./ 2, 2.5);                 % Python's true division gives a float
%! assert (double (a .^ 2), 25);
%! assert (double (-a), -5);
%! assert (a == 5);
%! assert (a ~= 4);
%! assert (a < 6 && a <= 5 && a > 4 && a >= 5);
%! assert (class (a == 5), "logical");
%! l = py.list ({1}) + py.list ({2});
%! assert (double (l), [1 2]);
%! s = py.str ("ab") + "cd";
%! assert (char (s), "abcd");

%!test  # conversions
%! o = pyeval ("[1, 2, 3]");
%! assert (double (o), [1 2 3]);
%! assert (int16 (o), int16 ([1 2 3]));
%! assert (logical (pyeval ("[0, 1]")), [false true]);
%! assert (char (pyeval ("'xyz'")), "xyz");
%! assert (uint8 (pyeval ("b'AB'")), uint8 ([65 66]));
%! c = cell (pyeval ("(1.5, 'q')"));
%! assert (c{1}, 1.5);
%! s = struct (pyeval ("{'k': 2.5}"));
%! assert (s.k, 2.5);

%!test  # fieldnames, methods, doc
%! ns = pyeval ("__import__('types').SimpleNamespace(alpha=1, beta=2)");
%! f = fieldnames (ns);
%! assert (any (strcmp (f, "alpha")) && any (strcmp (f, "beta")));
%! m = methods (py.list ());
%! assert (any (strcmp (m, "append")));
%! d = doc (py.list ());
%! assert (! isempty (strfind (d, "list")));
%! d2 = char (py.math.sqrt.__doc__);
%! assert (! isempty (strfind (d2, "square root")));

%!test  # dropping the last Octave reference drops the Python reference
%! pyexec ("import weakref\nclass _T: pass\n_t = _T()\n_w = weakref.ref(_t)");
%! n0 = pymex ("count");
%! h = pyeval ("_t");
%! assert (pymex ("count"), n0 + 1);
%! h2 = h;                                   % an alias: same handle
%! pyexec ("del _t");
%! clear h
%! assert (pyeval ("_w() is not None"));     % the alias keeps it alive
%! assert (class (h2), "py.__main__._T");
%! clear h2
%! assert (pymex ("count"), n0);
%! assert (pyeval ("_w() is None"));

%!test  # an explicitly deleted handle is an error, not the py namespace
%! l = py.list ({1});
%! delete (l);
%! try
%!   l.append (2);
%!   error ("test:noerror", "no error");
%! catch err
%!   assert (err.identifier, "pymex:ReferenceError");
%!   assert (! isempty (strfind (err.message, "deleted")));
%! end

%!test  # many temporaries do not accumulate
%! n0 = pymex ("count");
%! for i = 1:500
%!   l = py.list ({i});
%!   x = l{1};
%!   s = l(1:1);
%! end
%! clear l s
%! assert (pymex ("count"), n0);

%!test  # errors from Python surface with their type
%! try, py.math.nosuchthing; error ("test:noerror", "x"); catch err, assert (err.identifier, "pymex:AttributeError"); end
%! d = py.dict ();
%! try, d{"missing"}; error ("test:noerror", "x"); catch err, assert (err.identifier, "pymex:KeyError"); end
%! try, py.nosuchmodule_zz.f (); error ("test:noerror", "x"); catch err, assert (err.identifier, "pymex:ModuleNotFoundError"); end
%! l = py.list ({1});
%! try, l{5}; error ("test:noerror", "x"); catch err, assert (err.identifier, "pymex:IndexError"); end

%!test  # numpy arrays as objects: methods and attributes
%! a = py.numpy.array ([1 2; 3 4]);
%! assert (double (a.shape), [2 2]);
%! assert (double (a.T), [1 3; 2 4]);
%! assert (a.sum (), 10);
%! assert (double (a.sum (pyargs ("axis", int32 (0)))), [4 6]);
