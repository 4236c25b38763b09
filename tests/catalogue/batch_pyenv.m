function C = batch_pyenv ()
  % pyenv and py: bad options and values; a path is never given to a shell.
  inj = 'f = [tempname() "_injected"]; try, pyenv ("Version", %s); catch, end; v = ! exist (f, "file")';
  C = {
  % code                                             id (regexp)            check
  'pyenv (1)',                                       'pymex:(badArity|badArgument)', 'pyenv'
  'pyenv ("Version")',                               'pymex:(badArity|badArgument)', 'pyenv'
  'pyenv ("Version", 1)',                            'pymex:badArgument',   'pyenv.*Version'
  'pyenv ("Version", {"python3"})',                  'pymex:badArgument',   'pyenv.*Version'
  'pyenv ("Version", "")',                           'pymex:(pyenv:notFound|badArgument)', 'pyenv'
  'pyenv ("Bogus", "x")',                            'pymex:badArgument',   'pyenv.*Bogus'
  'pyenv ("ExecutionMode", "OutOfProcess")',         'pymex:badArgument',   'pyenv.*ExecutionMode'
  'pyenv ("Version", "python3", "x")',               'pymex:(badArity|badArgument)', 'pyenv'
  'pyenv ("Version", "/no/such/python")',            'pymex:pyenv:notFound', 'no/such/python'
  'pyenv ("Version", tempdir ())',                   'pymex:pyenv:notFound', '.'
  'pyenv ("Version", "/bin/true")',                  'pymex:pyenv:notFound', 'true'
  'pyenv ("Version", "/bin/echo")',                  'pymex:pyenv:notFound', 'echo'
  'pyenv ("Version", "/bin/cat")',                   'pymex:pyenv:notFound', 'cat'
  'pyenv ("Version", "/etc/passwd")',                'pymex:pyenv:notFound', 'passwd'
  'pyenv ("Version", ["/usr/bin/python3" char(0) "junk"])', 'pymex:(pyenv:notFound|badArgument)', '.'
  'pyenv ("Version", "-c")',                         'pymex:pyenv:notFound', '.'
  'pyenv ("Version", "/usr/bin/python3")',           'pymex:pyenv:loaded',  'already loaded'
  'pyenv ("version", "/usr/bin/python3")',           'pymex:pyenv:loaded',  'already loaded'
  sprintf(inj, '["''; touch " f "; ''"]'),           '',                    'v'
  sprintf(inj, '["\"; touch " f "; \""]'),           '',                    'v'
  sprintf(inj, '["$(touch " f ")"]'),                '',                    'v'
  sprintf(inj, '["`touch " f "`"]'),                 '',                    'v'
  sprintf(inj, '["python3 -c ''open(\"" f "\", \"w\")''"]'), '',             'v'
  sprintf(inj, '["/usr/bin/python3\ntouch " f]'),    '',                    'v'
  'v = pyenv ()',                                    '',                    'v.Loaded && strcmp (v.Status, "Loaded") && ischar (v.Executable)'
  'v = evalc ("pyenv ()")',                          '',                    '! isempty (strfind (v, "Version"))'
  'py (1)',                                          'pymex:badArity',      'py'
  'py ("math")',                                     'pymex:badArity',      'py'
  };
end
