function env = pyenv (varargin)
  % PYENV  The Python interpreter pymex uses.
  %   pyenv shows Version, Executable, Library, Home and whether it is Loaded.
  %   E = pyenv returns them as a struct.
  %   pyenv("Version", EXE) chooses the interpreter before first use.  EXE must
  %   be the same Python version pymex was built for (see pyenv().Version);
  %   for another version rebuild with: make PYTHON=/path/to/python3
  %
  %   See also: pyexec.
  if (nargin == 2 && strcmpi (varargin{1}, "Version"))
    exe = varargin{2};
    if (! ischar (exe))
      error ("pymex:badArgument", "pyenv: Version must be the path of a python executable");
    end
    % Ask the interpreter itself: resolves names on PATH, symlinks and shims to
    % the real executable, and tells its version.
    [status, out] = system (sprintf ("'%s' -c 'import sys; print(\"%%d.%%d\" %% sys.version_info[:2]); print(sys.executable)' 2>/dev/null", exe));
    lines = strsplit (strtrim (out), "\n");
    if (status != 0 || numel (lines) < 2)
      error ("pymex:pyenv:notFound", "pyenv: '%s' is not a Python interpreter that can be run", exe);
    end
    e = pymex ("env");
    if (! strcmp (lines{1}, e.Version))
      error ("pymex:pyenv:version", "pyenv: %s is Python %s but pymex was built for Python %s; rebuild with: make PYTHON=%s", ...
             exe, lines{1}, e.Version, exe);
    end
    exe = strtrim (lines{2});
    pymex ("setexe", exe);
  elseif (nargin != 0)
    print_usage ();
  end
  e = pymex ("env");
  if (nargout > 0)
    env = e;
  else
    printf ("  PythonEnvironment with properties:\n\n");
    printf ("    Version: \"%s\"\n  Executable: \"%s\"\n    Library: \"%s\"\n       Home: \"%s\"\n     Status: %s\n\n", ...
            e.Version, e.Executable, e.Library, e.Home, e.Status);
  end
end
