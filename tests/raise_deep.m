function raise_deep (n)
  % Test helper: n levels of Octave -> Python -> Octave, then Python raises KeyError(7).
  if (n == 0)
    pyexec ("raise KeyError(7)");
  else
    pyexec (sprintf ("import matlab; matlab.call('raise_deep', %d.0, nargout=0)", n - 1));
  end
end
