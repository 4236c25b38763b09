function pyexec (varargin)
  % PYEXEC  Run Python statements.
  %   pyexec(CODE) runs the statements in CODE (char) in Python's __main__ module;
  %   variables it defines stay there for later calls.
  %   pyexec(CODE, NS) runs them in the namespace NS, a py.dict.
  %
  %   A Python exception becomes an Octave error with identifier
  %   'pymex:<ExceptionType>' and a message holding the traceback.
  %
  %   Example:
  %     pyexec ("import math\nr = math.sqrt(2)")
  %     pyeval ("r")
  %
  %   See also: pyeval, pyrun, pycall, py.

  % (argument count and types are checked by pymex itself)
  pymex ("exec", varargin{:});
end
