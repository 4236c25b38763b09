function p = py (varargin)
  % PY  The Python namespace: py.module.function(args...).
  %   py.math.sqrt(2), py.os.path.join("a", "b"), py.len(x), py.list({1, 2}),
  %   py.dict(pyargs("a", 1)).  Modules and sub-modules are imported on first
  %   use; builtins are reachable directly.  Results follow pyeval's rules.
  %
  %   See also: pyobject, pyargs, pycall.
  persistent root = pyobject (0);
  if (nargin)
    error ("pymex:badArity", "py takes no arguments: write py.module.function(args...), e.g. py.math.sqrt(2)");
  end
  p = root;
end
