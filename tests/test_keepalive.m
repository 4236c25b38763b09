% requires: numpy
% Zero-copy arrays kept alive through every kind of clear (issue 7, reproducer 1).
% No helper functions here: clear all would clear them too.

%!test  # zero-copy views survive clear all (reproducer 1)
%! x = rand (1000);
%! pyrun ("import numpy as np\nrob_a = np.asarray(x)\nrob_s = float(np.array(x).sum())", {}, "x", x);
%! assert (pymex ("kept") >= 1);
%! clear all
%! assert (pyeval ("float(rob_a.sum()) == rob_s"), true);
%! pyexec ("del rob_a, x"); pyeval ("None");

%!test  # ... and clear functions, clear -f, clear -x, clear of the m-files
%! y = rand (600); y1 = y(1);
%! pyrun ("import numpy as np\nrob_b = np.asarray(y)", {}, "y", y);
%! clear functions; clear -f; clear pyrun pyeval pyexec
%! clear -x y1
%! assert (pyeval ("float(rob_b[0, 0])"), y1);
%! pyexec ("del rob_b, y"); pyeval ("None");

%!test  # value semantics: Python never sees a later in-place write in Octave
%! z = rand (700); z1 = z(1);
%! pyrun ("import numpy as np\nrob_c = np.asarray(z)", {}, "z", z);
%! clear functions
%! z(1) = -5;
%! assert (pyeval ("float(rob_c[0, 0])"), z1);
%! assert (z(1), -5);
%! pyexec ("del rob_c, z"); pyeval ("None");

%!test  # held references are dropped when Python drops the arrays
%! n0 = pymex ("kept");
%! w = rand (800);
%! pyrun ("rob_d = [w, w]", {}, "w", w);
%! assert (pymex ("kept"), n0 + 1);
%! pyexec ("del rob_d, w"); pyeval ("None");
%! assert (pymex ("kept"), n0);

