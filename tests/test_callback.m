% requires: numpy scipy
% Python drives Octave (issue 4): the matlab module, errors both ways,
% re-entry, function handles as callables, threads and submit.

%!shared
%! pyexec ("import threading, time, numpy as np");

%!test  # before any `import matlab`: handles, their type and MatlabError are ready (issue 7)
%! f = @(x) error ("cb:boom", "boom");
%! try
%!   py.list (py.map (f, py.list ({1})));
%!   error ("test:noerror", "x");
%! catch err
%!   assert (err.identifier, "cb:boom");
%!   assert (! isempty (strfind (err.message, "boom")));
%! end
%! assert (char (py.str (py.type (@sin))), "<class 'matlab.Function'>");
%! r = pyrun ("import pickle\ntry:\n    pickle.dumps(fh)\n    r = 'pickled'\nexcept TypeError as e:\n    r = 'TypeError'", "r", "fh", @sin);
%! assert (char (r), "TypeError");
%! r = pyrun ("import inspect\ntry:\n    r = str(inspect.signature(fh))\nexcept (ValueError, TypeError) as e:\n    r = 'refused'", "r", "fh", @sin);
%! assert (any (strcmp (char (r), {"refused", "(*args, **kwargs)"})), char (r));   % 3.13 answers
%! pyexec ("import matlab");

%!test  # call: by name, nargout, tuples, handles
%! assert (pyeval ("matlab.call('sqrt', 16.0)"), 4);
%! assert (pyeval ("matlab.call('max', np.array([3.0, 9.0, 4.0]), nargout=2) == (9.0, 2.0)"), true);
%! assert (pyeval ("matlab.call('disp', 'x', nargout=0) is None"), true);
%! assert (pyeval ("matlab.call(f, 3.0)", py.dict (pyargs ("f", @(x) x + 1, "matlab", py.sys.modules{"matlab"}))), 4);
%! assert (pyeval ("float(matlab.call('numel', [1.0, 'a', 2.0]))"), 3);   % list -> cell

%!test  # matlab.<name> sugar, numeric results are arrays numpy reads
%! assert (pyeval ("matlab.sqrt(16.0)"), 4);
%! assert (double (pyeval ("np.asarray(matlab.zeros(2.0, 3.0)).shape")), [2 3]);
%! assert (char (pyeval ("matlab.upper('abc')")), "ABC");
%! assert (char (pyeval ("matlab.sqrt.__name__")), "sqrt");

%!test  # eval in the caller's workspace, with and without outputs
%! pyexec ("matlab.eval('cb_var = 41 + 1;')");
%! assert (cb_var, 42);
%! assert (pyeval ("matlab.eval('cb_var * 2', nargout=1)"), 84);

%!test  # get and put: caller, base, global
%! local_v = 5;
%! assert (pyeval ("matlab.get('local_v')"), 5);
%! pyexec ("matlab.put('put_v', [1.0, 2.0])");
%! assert (put_v, {1, 2});
%! pyexec ("matlab.put('put_arr', np.arange(3.0))");
%! assert (put_arr, [0 1 2]);
%! pyexec ("matlab.put('base_v', 'hello', workspace='base')");
%! assert (evalin ("base", "base_v"), "hello");
%! pyexec ("matlab.put('glob_v', 3.5, workspace='global')");
%! global glob_v
%! assert (glob_v, 3.5);
%! assert (pyeval ("matlab.get('glob_v', workspace='global')"), 3.5);
%! evalin ("base", "clear base_v");
%! clear -global glob_v
%! try
%!   pyexec ("matlab.get('x', workspace='nowhere')");
%!   error ("test:noerror", "x");
%! catch err
%!   assert (err.identifier, "pymex:ValueError");
%! end

%!test  # printf reaches the console (and evalc)
%! code = "matlab.printf('%d apples and %s\\n', 3.0, 'pears')";
%! s = evalc ("pyexec (code)");
%! assert (s, "3 apples and pears\n");

%!test  # docstrings
%! assert (numel (char (pyeval ("matlab.__doc__"))) > 200);
%! for f = {"call", "eval", "get", "put", "submit", "printf", "drain"}
%!   assert (numel (char (pyeval (sprintf ("matlab.%s.__doc__", f{1})))) > 20, f{1});
%! end
%! s = char (pyeval ("__import__('pydoc').render_doc(matlab, renderer=__import__('pydoc').plaintext)"));
%! assert (! isempty (strfind (s, "submit")));

%!test  # Octave errors raise MatlabError with identifier and message
%! [id, msg] = pyrun ("try:\n    matlab.call('error', 'my:pkg:id', 'value %d', 3.0)\nexcept matlab.MatlabError as e:\n    id, msg = e.identifier, e.message", {"id", "msg"});
%! assert (char (id), "my:pkg:id");
%! assert (char (msg), "value 3");
%! r = pyrun ("try:\n    matlab.eval('undefined_fn_zz(1)')\n    r = 'no'\nexcept matlab.MatlabError as e:\n    r = e.identifier", "r");
%! assert (char (r), "Octave:undefined-function");

%!test  # an uncaught MatlabError reaches Octave with the original identifier
%! try
%!   pyexec ("matlab.call('error', 'orig:id', 'from octave')");
%!   error ("test:noerror", "x");
%! catch err
%!   assert (err.identifier, "orig:id");
%!   assert (! isempty (strfind (err.message, "from octave")));
%! end

%!test  # a Python exception keeps its type through Octave, at depth
%! r = pyrun ("try:\n    matlab.eval('pyexec(\"raise ValueError(42)\")')\n    r = 'none'\nexcept ValueError as e:\n    r = 'ValueError ' + str(e)", "r");
%! assert (char (r), "ValueError 42");
%! try
%!   raise_deep (5);                              % 5 x (Octave -> Python), then KeyError
%!   error ("test:noerror", "x");
%! catch err
%!   assert (err.identifier, "pymex:KeyError");
%!   assert (! isempty (strfind (err.message, "KeyError: 7")));
%! end
%! r = pyrun ("try:\n    matlab.call('raise_deep', 4.0, nargout=0)\n    r = 'none'\nexcept KeyError as e:\n    r = 'KeyError ' + str(e)", "r");
%! assert (char (r), "KeyError 7");
%! assert (pyeval ("1.0 + 1"), 2);               % healthy afterwards

%!test  # re-entry Octave -> Python -> Octave ... 50 levels with Octave's defaults, 100 with a higher limit
%! pyexec ("def reentry_py(n):\n    return matlab.call('reentry_octave', float(n))");
%! assert (reentry_octave (50), 50);
%! old = max_recursion_depth (1000);           % each level is ~5 Octave frames
%! unwind_protect
%!   assert (reentry_octave (100), 100);
%! unwind_protect_cleanup
%!   max_recursion_depth (old);
%! end_unwind_protect
%! assert (pyeval ("1.0"), 1);

%!test  # function handles are Python callables: arguments, kwargs, containers
%! l = py.list (py.map (@(x) x * 2, py.list ({1, 2})));
%! assert (double (l), [2 4]);
%! r = py.scipy.optimize.minimize (@(x) sum ((double (x) - [1 2]) .^ 2), [0 0]);
%! assert (double (r.x), [1 2], 1e-4);
%! assert (pyrun ("r = c[1](5.0)", "r", "c", {1, @(v) v * 3}), 15);
%! assert (pyrun ("r = s['f'](2.0)", "r", "s", struct ("f", @(v) v - 1)), 1);
%! k = py.sorted (py.list ({3, 1, 2}), pyargs ("key", @(v) -v));
%! assert (double (k), [3 2 1]);
%! assert (pyrun ("r = f(np.array([1.0, 5.0, 3.0]), nargout=2)[1]", "r", "f", @max), 2);

%!test  # other threads get ThreadError at once: 1000 calls from 4 threads
%! pyexec (["counts = {'thread': 0, 'other': 0}\n" ...
%!          "lock = threading.Lock()\n" ...
%!          "fh = None\n" ...
%!          "def hammer(f):\n" ...
%!          "    for i in range(250):\n" ...
%!          "        for call in (lambda: matlab.call('sqrt', 4.0), lambda: matlab.eval('1;'),\n" ...
%!          "                     lambda: matlab.get('x'), lambda: matlab.put('x', 1.0),\n" ...
%!          "                     lambda: matlab.printf('x'), lambda: f(1.0), lambda: matlab.sqrt(2.0)):\n" ...
%!          "            try:\n" ...
%!          "                call()\n" ...
%!          "                k = 'other'\n" ...
%!          "            except matlab.ThreadError:\n" ...
%!          "                k = 'thread'\n" ...
%!          "            except BaseException:\n" ...
%!          "                k = 'other'\n" ...
%!          "            with lock:\n" ...
%!          "                counts[k] += 1\n"]);
%! pyrun ("ts = [threading.Thread(target=hammer, args=(f,)) for _ in range(4)]\nfor t in ts: t.start()\nfor t in ts: t.join()", {}, "f", @(x) x);
%! assert (double (pyeval ("counts['thread']")), 4 * 250 * 7);
%! assert (double (pyeval ("counts['other']")), 0);
%! assert (pyeval ("matlab.call('sqrt', 9.0)"), 3);    % the main thread still works

%!test  # submit from a thread returns a Future; runs at the next pymex entry
%! pyexec ("res = {}\ndef w():\n    fut = matlab.submit('sqrt', 16.0)\n    res['fut'] = fut\n    res['value'] = fut.result(timeout=10)\nth = threading.Thread(target=w); th.start()");
%! pause (0.1);
%! pyeval ("None");                          % a pymex entry runs the queued call
%! pyexec ("th.join(5)");
%! assert (pyeval ("res['value']"), 4);
%! assert (char (pyeval ("type(res['fut']).__module__")), "concurrent.futures._base");

%!test  # submit: drained explicitly, failing calls put MatlabError in the future
%! pyexec ("futs = []\ndef w2():\n    futs.append(matlab.submit('error', 'sub:id', 'boom', nargout=0))\n    futs.append(matlab.submit('plus', 1.0, 2.0))\nth = threading.Thread(target=w2); th.start(); th.join()");
%! pydrain ();
%! assert (pyeval ("futs[0].done() and futs[1].done()"));
%! assert (char (pyeval ("type(futs[0].exception()).__name__")), "MatlabError");
%! assert (char (pyeval ("futs[0].exception().identifier")), "sub:id");
%! assert (pyeval ("futs[1].result()"), 3);

%!test  # on Octave's thread submit runs the call at once: result() cannot deadlock
%! assert (pyeval ("matlab.submit('sqrt', 2.0).result(timeout=5)"), sqrt (2));
%! pyexec ("f3 = matlab.submit('sqrt', 25.0)\nd3 = f3.done()\nn = matlab.drain()");
%! assert (pyeval ("d3"));
%! assert (pyeval ("f3.result()"), 5);
%! assert (double (pyeval ("n")), 0);
%! pyexec ("f4 = matlab.submit('error', 'sub:inline', 'bad', nargout=0)");
%! assert (char (pyeval ("f4.exception().identifier")), "sub:inline");

%!test  # matlab.drain from another thread is refused
%! r = pyrun ("out = []\ndef w3():\n    try:\n        matlab.drain()\n    except matlab.ThreadError:\n        out.append('ThreadError')\nt = threading.Thread(target=w3); t.start(); t.join()\nr = out[0]", "r");
%! assert (char (r), "ThreadError");
