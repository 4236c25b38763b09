function pyexec (code, ns)
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
  if (nargin < 1 || nargin > 2)
    print_usage ();
  end
  if (nargin == 1)
    pymex ("exec", code);
  else
    pymex ("exec", code, ns);
  end
end
