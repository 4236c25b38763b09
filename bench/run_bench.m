% pymex benchmarks: times and ratios against floors measured in this same run.
% Run with: make bench
1;

function t = per_call (code, n, reps)
  % median over REPS batches of a plain loop running CODE N times: seconds per call
  % (a plain loop, not a function handle, so no harness cost is added to the floors)
  eval ([code ";"]);
  loop = sprintf ("for i__ = 1:%d, %s; end", n, code);
  ts = zeros (1, reps);
  for r = 1:reps
    t0 = tic;
    eval (loop);
    ts(r) = toc (t0) / n;
  end
  t = median (ts);
end

function t = once (f, reps)
  f ();
  ts = zeros (1, reps);
  for r = 1:reps
    t0 = tic; f (); ts(r) = toc (t0);
  end
  t = median (ts);
end

function row (name, t, floor_name, floor_t, target)
  ratio = t / floor_t;
  if (nargin < 5 || isempty (target))
    verdict = "";
  elseif (ratio <= target)
    verdict = sprintf ("target <= %gx: met", target);
  else
    verdict = sprintf ("target <= %gx: NOT MET", target);
  end
  printf ("  %-34s %10.2f us  %6.2fx %-16s %s\n", name, t * 1e6, ratio, floor_name, verdict);
end

function p = progress (what)
  % fraction of 10 ms ticks a Python thread makes while Octave does WHAT for ~1 s
  pyexec ("tk['n'] = 0");
  n0 = double (pyeval ("tk['n']"));
  t0 = tic;
  switch (what)
    case "pause"
      pause (1);
    case "loop"
      s = 0; while (toc (t0) < 1), s = s + 1; end
    case "blas"
      A = rand (1200); while (toc (t0) < 1), B = A * A; end
  end
  el = toc (t0);
  n1 = double (pyeval ("tk['n']"));
  p = (n1 - n0) / (el / pyeval ("tk['period']"));
end

printf ("pymex %s benchmarks (Octave %s, Python %s)\n", pymex ("version"), OCTAVE_VERSION, pyenv ().Version);
printf ("Times are medians of repeated batches; ratios are against floors measured in this run.\n\n");
N = 2000; R = 7;

% ---- floors ----
f_empty = per_call ("floor_mex ()", N, R);
f_one = per_call ("floor_mex (2)", N, R);
f_sqrt = per_call ("sqrt (1.5)", N, R);
f_feval = per_call ("feval ('sqrt', 2.0)", N, R);
printf ("Floors:\n");
printf ("  %-34s %10.2f us\n", "empty MEX call", f_empty * 1e6);
printf ("  %-34s %10.2f us\n", "MEX call, one scalar in and out", f_one * 1e6);
printf ("  %-34s %10.2f us\n", "Octave builtin sqrt(1.5)", f_sqrt * 1e6);
printf ("  %-34s %10.2f us\n\n", "Octave feval('sqrt', 2.0)", f_feval * 1e6);

% ---- calls ----
pyexec ("import math, matlab");
printf ("Calls (ratio to the one-in/one-out MEX floor):\n");
row ("pyeval('1.0')", per_call ("pyeval ('1.0')", N, R), "1in1out", f_one);
row ("pycall('math.sqrt', 2)", per_call ("pycall ('math.sqrt', 2)", N, R), "1in1out", f_one, 3);
row ("pymex('call', 'math.sqrt', 2)", per_call ("pymex ('call', 'math.sqrt', 2)", N, R), "1in1out", f_one, 3);
row ("py.math.sqrt(2)", per_call ("py.math.sqrt (2)", N, R), "1in1out", f_one, 8);
f_mfile = per_call ("ifelse_met (true)", N, R);
printf ("  (for scale: calling a one-line m-file costs %.2f us here; every py* wrapper is one)\n", f_mfile * 1e6);
pyexec ("import time\ndef _mc(n):\n    t = time.perf_counter()\n    for _ in range(n): matlab.call('sqrt', 2.0)\n    return (time.perf_counter() - t) / n");
mc = median (arrayfun (@(k) pyeval ("_mc(2000)"), 1:R));
row ("matlab.call('sqrt', 2.0) from Python", mc, "feval", f_feval);
printf ("\n");

% ---- threads ----
pyexec ("import threading, time\ntk = {'n': 0, 'run': True, 'period': 0.0}\ndef _tick():\n    t = time.perf_counter(); time.sleep(0.01); tk['period'] = time.perf_counter() - t\n    while tk['run']:\n        time.sleep(0.01); tk['n'] += 1\n_tt = threading.Thread(target=_tick, daemon=True); _tt.start()");
pause (0.1);
printf ("A Python thread ticking every 10 ms keeps (target >= 95%%):\n");
for what = {"pause", "loop", "blas"}
  p = progress (what{1});
  printf ("  during 1 s of Octave %-6s %5.1f%%  %s\n", what{1}, 100 * p, ifelse_met (p >= 0.95));
end
pyexec ("tk['run'] = False; _tt.join()");

pyexec ("spin = {'run': True}\ndef _spin():\n    x = 0\n    while spin['run']: x += 1\n_st = threading.Thread(target=_spin, daemon=True); _st.start()");
pause (0.05);
lat = per_call ("pyeval ('1.0')", 200, 5);
pyexec ("spin['run'] = False; _st.join()");
printf ("\nCall latency with a CPU-bound Python thread running (target < 1 ms):\n");
printf ("  pyeval('1.0')                      %10.2f us  %s (switch interval %.0f ms)\n\n", lat * 1e6, ...
        ifelse_met (lat < 1e-3), 1e3 * pyeval ("__import__('sys').getswitchinterval()"));

% ---- transfers ----
n = 1e7;
x = rand (n, 1);
pyexec ("import numpy as np");
printf ("Transfers of 1e7 doubles (%.0f MB):\n", n * 8 / 1e6);
t_in = once (@() pyrun ("a = np.asarray(x)", {}, "x", x), 5);
t_np = median (arrayfun (@(k) pyeval ("(lambda t: (a.copy(), time.perf_counter() - t)[1])(time.perf_counter())"), 1:5));
printf ("  %-34s %10.2f ms  %6.3fx numpy's own a.copy() (%.1f ms)  %s\n", "Octave -> numpy (np.asarray)", ...
        t_in * 1e3, t_in / t_np, t_np * 1e3, ifelse_met (t_in / t_np <= 1.5, 1.5));
pyexec ("b = np.arange(1e7)");
o = pyeval ("b");
t_out = once (@() double (o), 5);
t_fill = once (@() floor_mex ("fill", n), 5);
printf ("  %-34s %10.2f ms  %6.3fx bare MEX create+fill+return (%.1f ms)  %s\n", "numpy -> Octave (double(o))", ...
        t_out * 1e3, t_out / t_fill, t_fill * 1e3, ifelse_met (t_out / t_fill <= 1.5, 1.5));
clear o x

printf ("\nMemory growth per 1e5 calls of each kind: make soak (bench/soak.m, ~1-2 min).\n");
