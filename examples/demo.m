% pymex demo: numpy from Octave, a Python thread that keeps working while
% Octave computes, and Python calling back into Octave.   Run: make demo
printf ("== 1. numpy from Octave ==========================================\n");
A = magic (4);
ev = double (py.numpy.linalg.eigvals (A));          % Octave array in, numpy out
printf ("eigenvalues of magic(4) by numpy:  %s\n", mat2str (sort (real (ev)), 4));
x = rand (1e7, 1);
t = tic; s = py.numpy.sum (x); t = toc (t);          % 80 MB shared, not copied
printf ("numpy.sum of 1e7 doubles: %.4f (Octave: %.4f), passed (shared, not copied) and summed in %.1f ms\n", s, sum (x), 1e3 * t);

printf ("\n== 2. A Python thread keeps running while Octave computes ==========\n");
pyexec (["import threading, time\n" ...
         "progress = {'ticks': 0, 'run': True}\n" ...
         "def worker():\n" ...
         "    while progress['run']:\n" ...
         "        time.sleep(0.01)\n" ...
         "        progress['ticks'] += 1\n" ...
         "th = threading.Thread(target=worker, daemon=True)\n" ...
         "th.start()"]);
t0 = tic; B = rand (400); next_report = 0.25;
while (toc (t0) < 1.5)
  B = B * B'; B = B / norm (B);                      % Octave busy with BLAS
  if (toc (t0) >= next_report)                       % Octave reports the thread's count live
    printf ("  [octave] %.2f s into the computation: thread at %d ticks\n", toc (t0), ...
            double (pyeval ("progress['ticks']")));
    next_report += 0.25;
  end
end
el = toc (t0);
n = double (pyeval ("progress['ticks']"));
printf ("Octave computed for %.1f s; the thread ticked %d times (%.0f%% of its 10 ms rate)\n", ...
        el, n, 100 * n / (el / 0.0101));
pyexec ("progress['run'] = False; th.join()");

printf ("\n== 3. Python calls back into Octave ================================\n");
pyexec (["import matlab\n" ...
         "import numpy as np\n" ...
         "r = matlab.call('svd', np.array([[3.0, 0.0], [0.0, 4.0]]))\n" ...
         "matlab.printf('  Octave svd seen from Python: %s\\n', str(np.asarray(r).ravel()))\n" ...
         "matlab.eval('from_python = 42;')"]);
printf ("variable set by Python through matlab.eval: from_python = %d\n", from_python);
f = @(v) sum ((double (v) - [1 2]) .^ 2);
res = py.scipy.optimize.minimize (f, [0 0]);        % Python optimiser, Octave objective
printf ("scipy.optimize.minimize of an Octave function handle: x = %s\n", mat2str (double (res.x), 4));

printf ("\n== 4. Errors cross with type and traceback ========================\n");
try
  pyexec ("def f():\n    return {}['missing']\nf()");
catch err
  printf ("identifier: %s\nmessage:\n%s\n", err.identifier, err.message);
end
