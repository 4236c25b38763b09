function varargout = pyrunfile (file, outputs, varargin)
  % PYRUNFILE  Run a Python file with inputs and outputs (MATLAB's pyrunfile).
  %   pyrunfile(FILE) runs the script FILE in a fresh namespace whose __name__
  %   is "__main__".
  %   [A, ...] = pyrunfile(FILE, {"a", ...}, NAME, VALUE, ...) binds the inputs
  %   first and returns the named variables afterwards.
  %
  %   See also: pyrun, pyexec.
  if (nargin < 1)
    error ("pymex:badArity", "pyrunfile: wrong number of arguments; usage: [...] = pyrunfile(file, outnames, name, value, ...)");
  end
  if (nargin < 2)
    outputs = {};
  end
  [varargout{1:nargout}] = pymex ("runfile", file, outputs, varargin{:});
end
