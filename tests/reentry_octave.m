function r = reentry_octave (n)
  % Test helper: Octave -> Python -> Octave ... n levels; returns the depth reached.
  if (n == 0)
    r = 0;
  else
    r = 1 + pycall ("reentry_py", n - 1);
  end
end
