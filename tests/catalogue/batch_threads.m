function C = batch_threads ()
  % Python threads racing Octave's conversions, releasing Octave data,
  % finalizers that call Octave, floods of submitted calls.
  C = {
  % code                                             id (regexp)            check
  'pyexec ("_L = [object() for _ in range(3000)]"); o = pyeval ("_L"); pyexec ("clear_soon(_L)"); c = cell (o); v = 1', '', 'v'
  'pyexec ("_L = [object() for _ in range(3000)]"); o = pyeval ("_L"); pyexec ("churn(_L)"); c = cell (o); v = numel (c)', '', 'v >= 1'
  'pyexec ("_L = [1.0] * 100000"); o = pyeval ("_L"); pyexec ("churn(_L, 0.2, 1.0)"); d = double (o); v = 1', '', 'v'
  'pyexec ("_D = {''k'' + str(i): object() for i in range(3000)}"); o = pyeval ("_D"); pyexec ("clear_soon(_D)"); s = struct (o); v = 1', '', 'v'
  'pyexec ("in_thread(lambda: DelCallsOctave() and None)"); v = char (pyeval ("str(DelCallsOctave.log[-1])"))', '', '! isempty (strfind (v, "ThreadError"))'
  'pyrun ("in_thread(lambda: f)\ndel f", {}, "f", @sin); pyexec ("import gc; gc.collect()"); v = pymex ("kept")', '', 'v >= 0'
  'pyrun ("_keep = [x]", {}, "x", rand (100)); pyexec ("in_thread(_keep.clear)"); v = pymex ("kept")', '', 'v >= 0'
  'pyrun ("_keep = [x]", {}, "x", rand (100)); pyexec ("in_thread(_keep.clear)"); pyexec ("import gc; gc.collect()"); clear all; v = pymex ("kept")', '', 'v >= 0'
  'pyexec ("import matlab\n_fs = in_thread(lambda: [matlab.submit(''plus'', float(i), 1.0) for i in range(10000)])"); pydrain (); v = pyeval ("sum(f.result(timeout=10) for f in _fs)")', '', 'v == 50005000'
  'pyexec ("import matlab\n_f = in_thread(lambda: matlab.submit(''pyexec'', ''_nested = 1'', nargout=0))"); pydrain (); v = pyeval ("float(_nested)")', '', 'v == 1'
  'pyexec ("import matlab\n_f = in_thread(lambda: matlab.submit(''error'', ''t:e'', ''thread err''))"); pydrain (); v = char (pyeval ("str(_f.exception(timeout=5))"))', '', '! isempty (strfind (v, "thread err"))'
  'pyexec ("import threading, time\n_ev = threading.Event()\ndef _w():\n    _ev.wait()\nfor _ in range(50): threading.Thread(target=_w, daemon=True).start()"); for i = 1:200, pyeval ("1.0"); end; pyexec ("_ev.set()"); v = 1', '', 'v'
  'pyexec ("import threading, sys\ndef _p():\n    for i in range(2000): print(i, file=sys.stderr if i % 2 else sys.stdout)\n_t = threading.Thread(target=_p); _t.start()"); evalc ("pause (0.01)"); pyexec ("_t.join()"); v = 1', '', 'v'
  'pyexec ("import threading\n_o = object()\ndef _spin():\n    import time\n    t = time.time() + 0.3\n    while time.time() < t: pass\n_t = threading.Thread(target=_spin); _t.start()"); for i = 1:50, x = pyeval ("_o"); end; pyexec ("_t.join()"); v = 1', '', 'v'
  'pyexec ("import threading\n_t = threading.Thread(target=lambda: (_ for _ in ()).throw(Boom(''thread boom''))); _t.start(); _t.join()"); v = 1', '', 'v'
  'o = pyeval ("object()"); pyexec ("in_thread(lambda: None)"); delete (o); v = double (pymex ("count")) >= 0', '', 'v'
  'pyexec ("import sys; sys.setswitchinterval(1e-6)"); for i = 1:100, pyeval ("1.0"); end; pyexec ("sys.setswitchinterval(0.005)"); v = 1', '', 'v'
  'pyexec ("import threading\n_b = threading.Barrier(2, timeout=5)\nthreading.Thread(target=_b.wait, daemon=True).start()\n_b.wait()"); v = 1', '', 'v'
  };
end
