% pymex soak: 1e5 calls of each kind, after a warm-up, and what they leave behind.
% Prints per kind the RSS growth (VmRSS from /proc/self/status) and the change in the
% number of Python objects the garbage collector tracks (gc.get_objects()), both per
% 1e5 calls, against the target "RSS growth < 2 MB per 1e5 calls".
% A benchmark, not a test: it asserts nothing.  Run with: make soak
%   SOAK_N=20000 make soak     fewer calls per kind (the growth is scaled to 1e5)
1;

function kb = rss_kb ()
  kb = str2double (regexp (fileread ("/proc/self/status"), 'VmRSS:\s*(\d+)', "tokens"){1}{1});
end

function n = pyobjects ()
  n = double (pyeval ("_soak_count()"));
end

function d = soak_run (kind, n, d)
  % N calls of KIND (a plain loop per kind, so each loop runs only the call itself)
  switch (kind)
    case "warm-up"
      for i = 1:n, s = sqrt (2); end
    case "pyeval str"
      for i = 1:n, s = pyeval ("'abc'"); end
    case "pycall struct"
      for i = 1:n, v = pycall ("len", struct ("a", 1, "b", "x")); end
    case "pycall cell"
      for i = 1:n, v = pycall ("len", {1, "a", [1 2 3]}); end
    case "pycall range (1:3)"
      for i = 1:n, v = pycall ("id", 1:3); end
    case "py.dict set/get"
      for i = 1:n, d{"k"} = 1; v = d{"k"}; end
    case "Python error caught"
      for i = 1:n, try, pyeval ("1/0"); catch, end, end
    case "callback (Python loop)"
      pyexec (sprintf ("for _i in range(%d): matlab.call('sqrt', 2.0)", n));
    case "callback (per entry)"
      for i = 1:n, pyexec ("matlab.call('sqrt', 2.0)"); end
  end
end

N = 1e5;
if (! isempty (getenv ("SOAK_N")))
  N = str2double (getenv ("SOAK_N"));
end
W = max (2e4, N / 5);   % warm-up calls: allocator pools, caches, interned strings
LIMIT_MB = 2;           % target: RSS growth < 2 MB per 1e5 calls

pyexec ("import gc, matlab\ndef _soak_count():\n    gc.collect()\n    return float(len(gc.get_objects()))");
d = py.dict ();
kinds = {"pyeval str", "pycall struct", "pycall cell", "pycall range (1:3)", "py.dict set/get", ...
         "Python error caught", "callback (Python loop)", "callback (per entry)"};

printf ("pymex %s soak (Octave %s, Python %s): %d calls per kind after %d warm-up calls\n", ...
        pymex ("version"), OCTAVE_VERSION, pyenv ().Version, N, W);
printf ("Growth is scaled to 1e5 calls; target: RSS growth < %g MB per 1e5 calls.\n\n", LIMIT_MB);
printf ("  %-24s %12s %10s %14s %8s  %s\n", "kind", "RSS MB/1e5", "B/call", "Py objs/1e5", "handles", "RSS target");
% Once-only growth, paid here outside every kind: whatever kind came first grew RSS by
% ~0.4 MB more than when it came later (the first uses of the measuring code itself).
for k = 1:2
  g0 = pyobjects (); h0 = pymex ("count"); r0 = rss_kb ();
  d = soak_run ("warm-up", N, d);
  r1 = rss_kb (); g1 = pyobjects (); h1 = pymex ("count");
end
nfail = 0;
for k = 1:numel (kinds)
  kind = kinds{k};
  d = soak_run (kind, W, d);
  g0 = pyobjects (); h0 = pymex ("count"); r0 = rss_kb ();
  d = soak_run (kind, N, d);
  r1 = rss_kb (); g1 = pyobjects (); h1 = pymex ("count");
  scale = 1e5 / N;
  mb = (r1 - r0) / 1024 * scale;
  ok = mb < LIMIT_MB;
  nfail += ! ok;
  verdict = {"FAIL", "PASS"}{ok + 1};
  printf ("  %-24s %+12.2f %+10.0f %+14.0f %+8d  %s\n", kind, mb, (r1 - r0) * 1024 / N, ...
          (g1 - g0) * scale, h1 - h0, verdict);
  fflush (stdout);
end
printf ("\n%d of %d kinds within the RSS target\n", numel (kinds) - nfail, numel (kinds));
