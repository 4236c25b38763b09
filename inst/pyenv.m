function env = pyenv (varargin)
  % PYENV  The Python interpreter pymex uses.
  %   pyenv shows Version, Executable, Library, Home and whether it is Loaded.
  %   E = pyenv returns them as a struct.
  %   pyenv("Version", EXE) chooses the interpreter before first use.  EXE must
  %   be the same Python version pymex was built for (see pyenv().Version);
  %   for another version rebuild with: make PYTHON=/path/to/python3
  %   pyenv("ExecutionMode", "InProcess") is accepted (the only mode).
  %
  %   See also: pyexec.
  if (mod (nargin, 2))
    error ("pymex:badArity", "pyenv: options come in name/value pairs: pyenv (\"Version\", EXE)");
  end
  for i = 1:2:nargin
    name = varargin{i};
    value = varargin{i+1};
    if (! ischar (name) || rows (name) > 1)
      error ("pymex:badArgument", "bad argument #%d to 'pyenv' (expected an option name, char)", i);
    end
    switch (lower (name))
      case "version"
        if (! ischar (value) || rows (value) != 1)
          error ("pymex:badArgument", "bad argument #%d to 'pyenv' (Version must be the path or name of a python executable)", i + 1);
        end
        choose (value);
      case "executionmode"
        if (! ischar (value) || ! strcmpi (value, "InProcess"))
          error ("pymex:badArgument", "bad argument #%d to 'pyenv' (ExecutionMode: pymex runs Python InProcess only)", i + 1);
        end
      otherwise
        error ("pymex:badArgument", "bad argument #%d to 'pyenv' (unknown option '%s'; options: Version, ExecutionMode)", i, name);
    end
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

function choose (exe)
  % Ask the interpreter itself: resolves names on PATH, symlinks and shims to
  % the real executable, and tells its version.  pymex runs it directly with
  % an argument list (no shell ever sees the text of exe).
  [status, out] = pymex ("probe", exe);
  lines = strsplit (strtrim (out), "\n");
  if (status != 0 || numel (lines) < 2 || isempty (regexp (lines{1}, '^\d+\.\d+$', "once")))
    error ("pymex:pyenv:notFound", "pyenv: '%s' is not a Python interpreter that can be run", exe);
  end
  e = pymex ("env");
  if (e.Loaded)
    pymex ("setexe", strtrim (lines{2}));   % raises pymex:pyenv:loaded: too late to choose
  end
  if (! strcmp (lines{1}, e.Version))
    error ("pymex:pyenv:version", "pyenv: %s is Python %s but pymex was built for Python %s; rebuild with: make PYTHON=%s", ...
           exe, lines{1}, e.Version, exe);
  end
  pymex ("setexe", strtrim (lines{2}));
end
