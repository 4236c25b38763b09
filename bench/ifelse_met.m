function s = ifelse_met (ok, target)
  % Benchmark helper: "met" or "NOT MET", with the target when given.
  if (nargin > 1)
    pre = sprintf ("target <= %gx: ", target);
  else
    pre = "";
  end
  if (ok)
    s = [pre "met"];
  else
    s = [pre "NOT MET"];
  end
end
