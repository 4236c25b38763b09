function varargout = pyrun (code, outputs, varargin)
  % PYRUN  Run Python statements with inputs and outputs (MATLAB's pyrun).
  %   pyrun(CODE) runs CODE in __main__.
  %   [A, B] = pyrun(CODE, {"a", "b"}, "x", 1, "y", 2) binds x=1 and y=2 in
  %   __main__, runs CODE, and returns the Python variables a and b (converted as
  %   pyeval converts).  OUTPUTS may be a char for one name, or {} for none.
  %
  %   Example:
  %     s = pyrun ("s = x + y", "s", "x", 1, "y", 2)    % 3
  %
  %   See also: pyrunfile, pyexec, pyeval.
  if (nargin < 1)
    error ("pymex:badArity", "pyrun: wrong number of arguments; usage: [...] = pyrun(code, outnames, name, value, ...)");
  end
  if (nargin < 2)
    outputs = {};
  end
  [varargout{1:nargout}] = pymex ("run", code, outputs, varargin{:});
end
