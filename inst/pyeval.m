function varargout = pyeval (varargin)
  % PYEVAL  Evaluate one Python expression.
  %   V = pyeval(EXPR) evaluates EXPR (char) in __main__ and returns the result:
  %   float -> double, complex -> complex double, bool -> logical, anything else
  %   a pyobject handle (convert it with double, char, cell, struct, ...).
  %   V = pyeval(EXPR, NS) evaluates in the namespace NS, a py.dict.
  %
  %   Example:
  %     pyeval ("1.5 * 2")            % 3
  %     double (pyeval ("7"))         % 7 (a Python int comes back as py.int)
  %     char (pyeval ("'abc'.upper()"))
  %
  %   See also: pyexec, pyrun, pycall.

  % (argument count and types are checked by pymex itself)
  [varargout{1:nargout}] = pymex ("eval", varargin{:});
end
