% Bad input never crashes, never leaks the GIL, never loses data (issue 7).
% The full catalogue is tests/sh_catalogue.sh; these are the known bugs.

%!function ok = ticking ()
%!  % A Python thread keeps running between pymex calls (the GIL is free).
%!  pyexec (["import sys\nif not hasattr(sys, '_th_ticks'):\n" ...
%!           "    import threading, time, types\n    _s = types.SimpleNamespace(n=0)\n" ...
%!           "    def _t():\n        while True:\n            _s.n += 1\n            time.sleep(0.002)\n" ...
%!           "    threading.Thread(target=_t, daemon=True).start()\n    sys._th_ticks = _s\n"]);
%!  ok = false;
%!  for i = 1:200
%!    n0 = pyeval ("float(__import__('sys')._th_ticks.n)");
%!    pause (0.05);
%!    if (pyeval ("float(__import__('sys')._th_ticks.n)") - n0 >= 3), ok = true; return; end
%!  end
%!endfunction

%!function [id, msg] = err_of (code)
%!  id = "(no error)"; msg = "";
%!  try
%!    evalin ("caller", [code ";"]);
%!  catch e
%!    id = e.identifier; msg = e.message;
%!  end
%!endfunction

%!test  # (a) names: only fields/methods/names reach the helper module
%! o = py.list ({1});
%! for kind = {"classname", "attr", "display", "__import__", ["names" char(0)]}
%!   [id, msg] = err_of ('pymex ("names", o, kind{1})');
%!   assert (id, "pymex:badArgument");
%!   assert (! isempty (strfind (msg, "#2 to 'names'")));
%! end
%! assert (any (strcmp (pymex ("names", o, "methods"), "append")));

%!test  # (b) a forged handle is refused before any mx call can throw; threads keep running
%! assert (ticking ());
%! [id, msg] = err_of ('x = pyobject ({1}); x.append (2);');
%! assert (id, "pymex:badArgument");
%! assert (! isempty (strfind (msg, "pyobject")));
%! assert (ticking ());
%! for bad = {NaN, Inf, 1.5, [1 2], "x", int8(1), 1i, sparse(1)}
%!   assert (err_of ('pyobject (bad{1})'), "pymex:badArgument");
%! end

%!test  # (b) an Octave exception inside a handler becomes a pymex error; the GIL is released
%! assert (ticking ());
%! [id, msg] = err_of ('pymex ("selftest", "throw", {1})');
%! assert (id, "pymex:internal");
%! assert (! isempty (strfind (msg, "selftest")));
%! assert (ticking ());
%! assert (pyeval ("1.0 + 1.0"), 2);

%!test  # (b) a huge virtual array: a clear error, Python keeps running
%! [id, msg] = err_of ('double (pyeval ("__import__(''numpy'').broadcast_to(1.0, (10**7, 10**7))"))');
%! assert (strncmp (id, "pymex:", 6) && numel (id) > 6);
%! assert (ticking ());

%!test  # (c) no anonymous errors; handle ids printed as integers
%! [id, msg] = err_of ('pymex ("subsref", py, struct ("type", {}, "subs", {}))');
%! assert (id, "pymex:badIndex");
%! assert (! isempty (strfind (msg, "subsref")));
%! o = py.list ({1}); delete (o);
%! [id, msg] = err_of ('o.append (1)');
%! assert (id, "pymex:ReferenceError");
%! assert (isempty (strfind (msg, "%")));
%! assert (! isempty (regexp (msg, 'handle id -?\d+\)', "once")));
%! [id, msg] = err_of ('pymex ("subsasgn", py.list (), struct ("type", "x", "subs", "a"), 1)');
%! assert (id, "pymex:badIndex");
%! [id, msg] = err_of ('[a, b] = py.list ({1}).copy ()');
%! assert (id, "pymex:badArity");

%!test  # (e) pyenv never hands the path to a shell
%! f = [tempname() "_injected"];
%! for p = {["'; touch " f "; '"], ["$(touch " f ")"], ["`touch " f "`"], ["\"; touch " f "; \""]}
%!   [id, msg] = err_of ('pyenv ("Version", p{1})');
%!   assert (id, "pymex:pyenv:notFound");
%!   assert (! exist (f, "file"));
%! end
%! [status, out] = pymex ("probe", "/usr/bin/python3");
%! assert (status, 0);
%! assert (numel (strsplit (strtrim (out), "\n")), 2);
%! [status, out] = pymex ("probe", "/no/such/python");
%! assert (status != 0);

%!test  # (f) NUL in source code is refused as Python refuses it, never truncated
%! [id, msg] = err_of ('pyeval (["1" char(0) "+1"])');
%! assert (any (strcmp (id, {"pymex:ValueError", "pymex:SyntaxError"})));
%! assert (! isempty (strfind (msg, "null")));
%! assert (! strcmp (err_of ('pyexec (["cat_q = 1" char(0) "cat_q = 2"])'), "(no error)"));
%! f = [tempname() ".py"]; fid = fopen (f, "w"); fwrite (fid, ["r = 1.0\n" char(0) "r = 2.0\n"]); fclose (fid);
%! assert (any (strcmp (err_of ('pyrunfile (f, "r")'), {"pymex:ValueError", "pymex:SyntaxError"})));
%! delete (f);

%!test  # (f) NUL in names: never silently a shorter name
%! d = py.dict (pyargs (["a" char(0) "b"], 1, ["a" char(0) "c"], 2));
%! assert (double (py.len (d)), 2);
%! assert (err_of ('pycall (["math.sqrt" char(0) "x"], 4)'), "pymex:badArgument");
%! assert (err_of ('pymex ("convert", py.list ({1}), ["double" char(0)])'), "pymex:badArgument");
%! assert (err_of ('pyrun ("x = 1", {}, ["a" char(0) "b"], 2)'), "pymex:badArgument");
%! assert (! isa (py.list (), ["py.list" char(0) "x"]));
%! assert (err_of ('pymex (["help" char(0)])'), "pymex:unknownCommand");

%!test  # o.attr = v works on objects that have a length (numel is 1)
%! o = pyeval ("type('L', (list,), {})([1, 2, 3])");
%! o.tag = "x";
%! assert (char (o.tag), "x");
%! assert (numel (o), 1);
%! assert (length (o), 3);
%! assert (size (o), [1 3]);
%! b = pyeval ("type('B', (), {'__len__': lambda self: 1 // 0})()");
%! assert (size (b), [1 1]);
%! b.tag = 1;
%! assert (b.tag, 1);
