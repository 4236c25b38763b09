function varargout = pycall (varargin)
  % PYCALL  Call a Python function.
  %   V = pycall(F, ARGS...) calls F, a dotted name ("numpy.linalg.norm",
  %   "len", or a function defined with pyexec) or a pyobject, with ARGS
  %   converted by pymex's rules.  A name is looked up in __main__ first, then
  %   among the builtins, then imported.  Keyword
  %   arguments come from pyargs.  The result is converted as pyeval does.
  %
  %   Example:
  %     pycall ("math.sqrt", 2)
  %     pycall ("round", 2.567, pyargs ("ndigits", 1))
  %
  %   See also: py, pyargs, pyeval.

  % (argument count and types are checked by pymex itself)
  [varargout{1:nargout}] = pymex ("call", varargin{:});
end
