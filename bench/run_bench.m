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

function ts = call_times (code, n, gap)
  % seconds taken by each of N calls of CODE, each timed on its own; with GAP,
  % Octave sleeps GAP seconds before each call
  eval ([code ";"]);
  ts = zeros (1, n);
  if (nargin < 3)
    for i = 1:n
      t0 = tic; eval ([code ";"]); ts(i) = toc (t0);
    end
  else
    for i = 1:n
      pause (gap);
      t0 = tic; eval ([code ";"]); ts(i) = toc (t0);
    end
  end
end

function s = pass_fail (ok)
  if (ok), s = "PASS"; else, s = "FAIL"; end
end

function q = shq (s)
  % one word for sh (only paths of this checkout and of the interpreter go through it)
  q = ["'" strrep(s, "'", "'\\''") "'"];
end

function srv = server_start (exe, script)
  % a long-lived plain Python process running bench/pywork.py
  [srv.in, srv.out, srv.pid] = popen2 (exe, {script});
  if (srv.pid < 0)
    error ("bench: cannot start %s %s", exe, script);
  end
  srv.exe = exe;
end

function servers_stop (srvs)
  % end of input ends each server; every input is closed before any wait, as a
  % server started later holds copies of the pipes of the ones started before
  for i = 1:numel (srvs), fclose (srvs{i}.in); end
  for i = 1:numel (srvs), fclose (srvs{i}.out); waitpid (srvs{i}.pid); end
end

function v = work_server (srv, k, n, wait)
  % the work in the plain process: Octave sends the request, sits in pause for
  % WAIT seconds, then reads the answer (every 5 ms until it is there); V holds
  % pywork.FIELDS
  fprintf (srv.in, "%d %d\n", k, n);
  fflush (srv.in);
  pause (wait);
  t0 = tic;
  while (! ischar (line = fgetl (srv.out)))
    if (toc (t0) > 60)
      error ("bench: no answer from %s", srv.exe);
    end
    fclear (srv.out);
    pause (0.005);
  end
  v = sscanf (line, "%f")';
end

function [v, early] = work_pymex (k, n, wait)
  % start the work on Python threads, leave Octave's thread in pause for WAIT
  % seconds, then ask for the result (every 5 ms until it is there); EARLY:
  % whether Octave entered pymex before the work was done
  pyexec (sprintf ("pywork.start(%d, %d)", k, n));
  pause (wait);
  early = false;
  while (! pyeval ("'elapsed' in pywork.RESULT"))
    pause (0.005);
    early = true;
  end
  v = double (pyeval ("pywork.result()"));
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

bench_dir = fileparts (which ("ifelse_met"));
build_dir = fullfile (fileparts (bench_dir), "build", "bench");
% the floor MEX file, built here when missing or older than its source
floor_src = fullfile (bench_dir, "floor_mex.c");
floor_bin = fullfile (bench_dir, ["floor_mex." mexext()]);
if (! exist (floor_bin, "file") || stat (floor_bin).mtime < stat (floor_src).mtime)
  mkoctfile ("--mex", "-R2018a", "-o", floor_bin, floor_src);
  clear floor_mex
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

% ---- entry latency with a CPU-bound Python thread ----
% Each call timed on its own (tic/toc, 1 us resolution), in blocks that alternate
% between no other thread and a pure-Python thread spinning, so both see the
% same machine.  Back to back, Octave's thread often takes the GIL again before
% the spinner has woken up; the spinner's progress during the calls (against
% its rate alone) shows how much it ran.  With 2 ms between the calls the
% spinner holds the GIL when each call starts: the full hand-over.
pyexec ("spin = {'run': False, 'rate': 0.0}\ndef _spin():\n    x = 0\n    t = time.perf_counter()\n    while spin['run']: x += 1\n    spin['rate'] = x / (time.perf_counter() - t)");
ts_floor = call_times ("", 2000);
printf ("\nEntry latency with a CPU-bound pure-Python thread running (each call timed alone; target: median < 1 ms):\n");
printf ("  %-22s %-8s %9s %9s %9s %9s\n", "", "thread", "median", "p90", "p99", "max");
pyexec ("spin['run'] = True\n_st = threading.Thread(target=_spin, daemon=True); _st.start()");
pause (0.2);
pyexec ("spin['run'] = False; _st.join()");
solo_rate = double (pyeval ("spin['rate']"));
for code = {"pyeval ('1.0')", "pymex ('eval', '1.0')"}
  A = []; B = []; G = []; rate = [];
  for blk = 1:4
    A = [A call_times(code{1}, 400)];
    pyexec ("spin['run'] = True\n_st = threading.Thread(target=_spin, daemon=True); _st.start()");
    B = [B call_times(code{1}, 400)];
    if (blk == 1)
      G = call_times (code{1}, 300, 0.002);
    end
    pyexec ("spin['run'] = False; _st.join()");
    rate(end+1) = double (pyeval ("spin['rate']"));
  end
  q = @(v) [median(v) prctile(v, 90) prctile(v, 99) max(v)] * 1e6;
  printf ("  %-22s %-8s %6.1f us %6.1f us %6.1f us %6.0f us\n", code{1}, "none", q (A));
  printf ("  %-22s %-8s %6.1f us %6.1f us %6.1f us %6.0f us  %s  (spinner kept %.0f%% of its solo speed)\n", ...
          "", "spinning", q (B), pass_fail (median (B) < 1e-3), 100 * median (rate) / solo_rate);
  printf ("  %-22s %-8s %6.1f us %6.1f us %6.1f us %6.0f us  %s  (2 ms apart: the spinner has the GIL back before each)\n", ...
          "", "spinning", q (G), pass_fail (median (G) < 1e-3));
  if (strcmp (code{1}, "pyeval ('1.0')"))   % for the summary
    LAT = struct ("none", median (A), "spin", median (B), "gap", median (G));
  end
end
printf ("  (%d calls per row, %d in the rows 2 ms apart; the timing harness alone (tic, eval, toc): median %.1f us;\n", ...
        numel (A), numel (G), 1e6 * median (ts_floor));
printf ("  switch interval %.0f ms, lowered only while Octave waits for the GIL)\n\n", ...
        1e3 * pyeval ("__import__('sys').getswitchinterval()"));

% ---- pure-Python threads while Octave is idle ----
% The same script (bench/pywork.py: K threads each counting to N) run by
%   python3  the interpreter pymex uses, as a plain long-lived process,
%   libpy    the same interpreter's main() linked against the shared libpython
%            pymex loads (build/bench/pylaunch), as a plain long-lived process,
%   pymex    inside this Octave, started from pyexec on a controller thread,
% while Octave's thread sits in pause: it sends the request (or starts the
% threads) and reads the answer only after 1.5 times the time the same work
% took before (the times are measured inside Python, so waiting longer costs
% nothing; no pymex call while the work runs, unless it runs late),
% interleaved (the order rotates every repetition).  The 1-thread rows are the
% control: with one thread the switch interval plays no part.  The threads'
% voluntary context switches count their GIL waits: a switch interval lowered
% while Octave is idle would multiply them, whatever the machine's load.
W.k = [1 2 4]; W.n = 1e6; W.reps = 25; W.wait = 1.5;
W.load = strtrim (fileread ("/proc/loadavg"));
W.script = fullfile (bench_dir, "pywork.py");
pyexec (sprintf ("import sys, sysconfig\nif %s not in sys.path: sys.path.insert(0, %s)\nimport pywork", ...
                 ["'" bench_dir "'"], ["'" bench_dir "'"]));
W.exe = {char(pyeval ("sys.executable")), fullfile(build_dir, "pylaunch"), "pymex"};
[~, ~] = mkdir (build_dir);
[st, out] = system (sprintf ("gcc -O2 -I%s -o %s %s %s -Wl,-rpath,%s 2>&1", ...
                             shq (char (pyeval ("sysconfig.get_paths()['include']"))), shq (W.exe{2}), ...
                             shq (fullfile (bench_dir, "pylaunch.c")), shq (pyenv ().Library), ...
                             shq (fileparts (pyenv ().Library))));
if (st != 0)
  error ("bench: cannot build %s: %s", W.exe{2}, out);
end
printf ("Pure-Python threads while Octave is idle in pause (each thread counts to %g; times measured inside\n", W.n);
printf ("Python; medians of %d interleaved runs each; target: slowdown < 5%% with >= 2 threads):\n", W.reps);
printf ("  %-7s %-12s %9s %9s %9s %16s %16s\n", "threads", "", "python3", "libpy", "pymex", "pymex vs libpy", "pymex vs python3");
W.srv = {server_start(W.exe{1}, W.script), server_start(W.exe{2}, W.script)};
W.v = zeros (numel (W.k), 3, W.reps, 5);   % pywork.FIELDS: elapsed interval cpu vcs ivcs
W.early = 0;
for ki = 1:numel (W.k)   % warm-up, and the first estimates of the times
  W.est(ki, :) = [work_server(W.srv{1}, W.k(ki), W.n, 0)(1), work_server(W.srv{2}, W.k(ki), W.n, 0)(1), ...
                  work_pymex(W.k(ki), W.n, 0)(1)];
end
for r = 1:W.reps
  for ki = 1:numel (W.k)
    for side = 1 + mod ((0:2) + r, 3)
      if (side == 3)
        [v, early] = work_pymex (W.k(ki), W.n, W.wait * W.est(ki, side));
        W.early += early;
      else
        v = work_server (W.srv{side}, W.k(ki), W.n, W.wait * W.est(ki, side));
      end
      W.v(ki, side, r, :) = v;
      W.est(ki, side) = (W.est(ki, side) + v(1)) / 2;
    end
  end
end
servers_stop (W.srv);
% for scale: what the 2-thread work looks like with the interval Octave's waits use
pyexec ("_si = sys.getswitchinterval(); sys.setswitchinterval(2e-5)");
W.fast = median (cell2mat (arrayfun (@(r) work_pymex (2, W.n, W.wait * W.est(2, 3)), (1:3)', "UniformOutput", false)), 1);
pyexec ("sys.setswitchinterval(_si)");
W.slow = zeros (1, numel (W.k));
for ki = 1:numel (W.k)
  med = @(f) median (W.v(ki, :, :, f), 3);
  m = med (1); c = med (3);
  w = median (W.v(ki, :, :, 4) ./ W.v(ki, :, :, 1), 3);    % voluntary switches per second
  W.waits(ki, :) = w;
  W.slow(ki) = m(3) / m(2) - 1;
  s_exe = m(3) / m(1) - 1;
  if (W.k(ki) == 1)
    v_lib = "(control)"; v_exe = "(control)";
  else
    v_lib = pass_fail (W.slow(ki) < 0.05); v_exe = pass_fail (s_exe < 0.05);
  end
  printf ("  %-7d %-12s %6.1f ms %6.1f ms %6.1f ms %+7.1f%% %-8s %+7.1f%% %-8s\n", W.k(ki), "wall", 1e3 * m, ...
          100 * W.slow(ki), v_lib, 100 * s_exe, v_exe);
  printf ("  %-7s %-12s %6.1f ms %6.1f ms %6.1f ms %+7.1f%% %-8s %+7.1f%%\n", "", "cpu", 1e3 * c, ...
          100 * (c(3) / c(2) - 1), "", 100 * (c(3) / c(1) - 1));
  printf ("  %-7s %-12s %7.0f/s %7.0f/s %7.0f/s\n", "", "GIL waits", w);
end
printf ("  For scale, the 2-thread work in pymex with the switch interval set to %g us (as while Octave waits\n", 1e6 * W.fast(2));
printf ("  for the GIL): wall %.1f ms, GIL waits %.0f/s (median of 3).\n", 1e3 * W.fast(1), W.fast(4) / W.fast(1));
iv = min (min (W.v(:, :, :, 2), [], 3), [], 1);
ivcs = sum (sum (W.v(:, :, :, 5), 3), 1) ./ sum (sum (W.v(:, :, :, 1), 3), 1);
printf ("  wall: first thread started to last joined (the figure); cpu: the threads' CPU time in all;\n");
printf ("  GIL waits: the threads' voluntary context switches per second (a thread sleeps only to wait for the GIL).\n");
printf ("  Preemptions by other work on the machine (involuntary switches): python3 %.0f/s, libpy %.0f/s, pymex %.0f/s.\n", ivcs);
printf ("  Smallest switch interval the threads saw: python3 %g ms, libpy %g ms, pymex %g ms.\n", 1e3 * iv);
printf ("  Octave entered pymex while the work ran (it was late) in %d of %d pymex runs.\n", W.early, W.reps * numel (W.k));
printf ("  python3 = %s; libpy = %s on %s.\n", W.exe{1}, W.exe{2}, pyenv ().Library);
printf ("  python3 is a separate (static) build of the interpreter: 'pymex vs libpy' compares the same library.\n");
printf ("  Load average before/after this section: %s / %s\n\n", W.load, strtrim (fileread ("/proc/loadavg")));

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

printf ("\nIssue 8 figures, measured in this run (a shared machine: see the load averages above):\n");
printf ("  1. pyeval('1.0') with a CPU-bound pure-Python thread running: median %.1f us back to back,\n", 1e6 * LAT.spin);
printf ("     %.1f us with calls 2 ms apart (alone: %.1f us); target < 1 ms: %s\n", 1e6 * LAT.gap, 1e6 * LAT.none, ...
        pass_fail (max (LAT.spin, LAT.gap) < 1e-3));
printf ("  2. pure-Python work on 2 / 4 threads while Octave idles in pause: %+.1f%% / %+.1f%% against the same\n", ...
        100 * W.slow(W.k == 2), 100 * W.slow(W.k == 4));
printf ("     libpython outside Octave; target < 5%%: %s.  The 1-thread control (no switch interval in play,\n", ...
        pass_fail (all (W.slow(W.k >= 2) < 0.05)));
pr = squeeze (W.v(W.k == 1, 3, :, 1) ./ W.v(W.k == 1, 2, :, 1));
printf ("     0 expected) reads %+.1f%%; the paired pymex/libpy ratios there spread by +-%.0f%% (half their\n", ...
        100 * W.slow(W.k == 1), 100 * iqr (pr) / 2);
printf ("     interquartile range) on this shared machine.  GIL waits per second\n");
printf ("     with 2 threads: pymex %.0f, libpy %.0f; pymex with the switch interval at 20 us: %.0f.\n", ...
        W.waits(W.k == 2, 3), W.waits(W.k == 2, 2), W.fast(4) / W.fast(1));
printf ("\nMemory growth per 1e5 calls of each kind: make soak (bench/soak.m, ~1-2 min).\n");
