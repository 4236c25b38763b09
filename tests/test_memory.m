% requires: numpy
% Memory (issue 3): round trips of large arrays do not leak, on either side.

%!test  # 10,000 round trips of a 1e6-element array (200 under ASan): RSS grows < 10 MB, no Python objects accumulate
%! rss = @() str2double (regexp (fileread ("/proc/self/status"), 'VmRSS:\s*(\d+)', "tokens"){1}{1}) / 1024;
%! pyexec ("import gc, numpy as np\ndef _count():\n    gc.collect(); gc.collect(); gc.collect()\n    return float(len(gc.get_objects()))");
%! x = rand (1e6, 1);
%! n = 10000; nwarm = 200;
%! if (! isempty (strfind (fileread ("/proc/self/maps"), "libasan")))
%!   % make test-asan: each 8 MB allocation is a fresh mmap there (~40 ms of page faults
%!   % on this VM), so fewer round trips; the warm-up still fills ASan's quarantine
%!   % (256 MB), and a leak of the array itself would still be GBs.
%!   n = 200; nwarm = 40;
%!   printf ("      (under ASan: %d round trips, not 10000)\n", n);
%! end
%! for i = 1:nwarm                                 % warm up allocators and caches
%!   y = double (py.numpy.asarray (x));
%! end
%! g0 = pyeval ("_count()"); h0 = pymex ("count"); r0 = rss ();
%! t0 = tic;
%! for i = 1:n
%!   y = double (py.numpy.asarray (x));            % Octave -> Python -> Octave
%! end
%! el = toc (t0);
%! clear y
%! g1 = pyeval ("_count()"); h1 = pymex ("count"); r1 = rss ();
%! printf ("      %d round trips of 1e6 doubles: %.2f ms each, RSS %+.1f MB, Python objects %+d, handles %+d\n", ...
%!         n, el / n * 1e3, r1 - r0, g1 - g0, h1 - h0);
%! assert (r1 - r0 < 10, sprintf ("RSS grew %.1f MB", r1 - r0));
%! assert (abs (g1 - g0) <= 10, sprintf ("Python objects changed by %d", g1 - g0));
%! assert (h1, h0);

%!test  # large values kept by Python are released when Python drops them
%! pyexec ("kept = []");
%! pyeval ("None");
%! n0 = pymex ("kept");
%! for i = 1:20
%!   x = rand (1e6, 1);                            % 8 MB each, viewed by Python without a copy
%!   pyrun ("kept.append(x)", {}, "x", x);
%! end
%! clear x
%! assert (pymex ("kept") - n0, 20);            % Octave holds them for Python
%! assert (pyeval ("float(sum(__import__('numpy').asarray(k).size for k in kept))"), 2e7);
%! pyexec ("kept.clear(); del x");                % pyrun inputs live on in __main__
%! pyeval ("None");                                % the next entry releases them on Octave's thread
%! assert (pymex ("kept"), n0);
