function catalogue_run (batch)
  % CATALOGUE_RUN  Run the bad-input cases of one batch (tests/sh_catalogue.sh).
  %   BATCH names a function returning an N-by-3 cell, one case per row:
  %     {code, id, check}
  %   code   Octave code, evaluated in a fresh function workspace.
  %   id     '' : the code must succeed and `check` (an expression over the
  %               case's variables) must be true -- the documented result;
  %          else a regexp the error identifier must match in full (when it
  %               starts with 'pymex' the identifier must start with 'pymex:';
  %               others are Octave errors passed through), and `check` a
  %               regexp its message must match (name the function and the
  %               argument); '<any>' accepts any identifier, even none (errors
  %               whose identifier Octave itself drops).
  %   After every case Python must be healthy: a background Python thread
  %   keeps ticking and the next call works.  A case that breaks that ends the
  %   process (the shell script goes on in a fresh one).
  %   Environment: CAT_START (first case, default 1), CAT_ONLY (one case).
  C = feval (batch);
  n = rows (C);
  first = str2double (getenv ("CAT_START"));
  if (isnan (first)), first = 1; end
  last = n;
  only = str2double (getenv ("CAT_ONLY"));
  if (! isnan (only)), first = only; last = only; end
  printf ("PLAN %s %d\n", batch, n);
  fflush (stdout);
  cat_fixtures ();
  for k = first:last
    printf ("CASE %s:%d\n", batch, k);
    fflush (stdout);
    [ok, why] = cat_one (C{k, 1}, C{k, 2}, C{k, 3});
    [hok, hwhy] = cat_healthy ();
    name = sprintf ("%s:%d", batch, k);
    code = strrep (C{k, 1}, "\n", "\\n");
    if (ok && hok)
      printf ("PASS %s\n", name);
    elseif (! ok)
      printf ("FAIL %s [%s]: %s\n", name, code, why);
    else
      printf ("FAIL %s [%s]: Python unhealthy afterwards: %s\n", name, code, hwhy);
    end
    fflush (stdout);
    if (! hok)
      printf ("ABORT %s\n", name);
      fflush (stdout);
      exit (3);
    end
  end
  printf ("DONE %s\n", batch);
  fflush (stdout);
end

function [cat__ok, cat__why] = cat_one (cat__code, cat__id, cat__check)
  cat__ok = false;
  cat__why = "";
  if (isempty (cat__id))
    [cat__err, cat__stage, cat__v] = cat_eval (["cat__stage = 1; " cat__code "; cat__stage = 2; cat__v = (" cat__check ");"]);
  else
    [cat__err, cat__stage] = cat_eval (cat__code);
  end
  if (isempty (cat__id))
    if (! isempty (cat__err) && cat__stage < 2)
      cat__why = sprintf ("expected success, got error %s: %s", cat__err.identifier, ...
                          cat__short (cat__err.message));
    elseif (! isempty (cat__err))
      cat__why = sprintf ("check '%s' failed: %s", cat__check, cat__short (cat__err.message));
    elseif (! (islogical (cat__v) || isnumeric (cat__v)) || isempty (cat__v) || ! all (cat__v(:)))
      cat__why = sprintf ("check '%s' is false", cat__check);
    else
      cat__ok = true;
    end
  else
    if (isempty (cat__err))
      cat__why = sprintf ("expected error %s, got success", cat__id);
    elseif (strcmp (cat__id, "<any>"))   % an Octave error whose identifier Octave drops
      cat__ok = ! isempty (regexp (cat__ascii (cat__err.message), cat__check, "once"));
      if (! cat__ok)
        cat__why = sprintf ("error: message does not match /%s/: %s", cat__check, cat__short (cat__err.message));
      end
    elseif ((strncmp (cat__id, "pymex", 5) && ! strncmp (cat__err.identifier, "pymex:", 6)) ...
            || isempty (regexp (cat__err.identifier, ["^(" cat__id ")$"], "once")))
      cat__why = sprintf ("expected error %s, got '%s': %s", cat__id, cat__err.identifier, ...
                          cat__short (cat__err.message));
    elseif (isempty (regexp (cat__ascii (cat__err.message), cat__check, "once")))
      cat__why = sprintf ("error %s: message does not match /%s/: %s", cat__err.identifier, ...
                          cat__check, cat__short (cat__err.message));
    else
      cat__ok = true;
    end
  end
end

% Runs a case in a workspace of its own: `clear all` in a case clears only
% this function's variables (and the outputs are read back with exist()).
function [cat__e, cat__stage, cat__v] = cat_eval (cat__src)
  cat__e = [];
  try
    eval (cat__src);
  catch cat__e
  end
  if (! exist ("cat__e", "var")), cat__e = []; end
  if (! exist ("cat__stage", "var")), cat__stage = 0; end
  if (! exist ("cat__v", "var")), cat__v = []; end
end

function s = cat__ascii (s)
  % Octave 9's regexp refuses text that is not UTF-8 (messages may quote such bytes).
  s(double (s) > 127) = "?";
end

function s = cat__short (s)
  s = strrep (s, "\n", " | ");
  if (numel (s) > 400), s = [s(1:400) "..."]; end
end

function cat_fixtures ()
  % Python classes that raise or lie, loaded into __main__ (fixtures.py).
  here = fileparts (mfilename ("fullpath"));
  pyexec (fileread (fullfile (here, "fixtures.py")));
end

function [ok, why] = cat_healthy ()
  ok = true; why = "";
  try
    e = pymex ("env");
    if (! e.Loaded), return; end
    pyexec (["import sys\n" ...
             "if not hasattr(sys, '_cat_ticks'):\n" ...
             "    import threading, time, types\n" ...
             "    _st = types.SimpleNamespace(n=0)\n" ...
             "    def _tick():\n" ...
             "        while True:\n" ...
             "            _st.n += 1\n" ...
             "            time.sleep(0.002)\n" ...
             "    threading.Thread(target=_tick, daemon=True, name='cat-ticker').start()\n" ...
             "    sys._cat_ticks = _st\n"]);
    % A float: no handle is made, so no GIL release happens inside the read.
    % While Octave pauses between two reads a healthy thread ticks many
    % times; with the GIL kept by Octave's thread it ticks at most about
    % once per pymex call.
    ticked = false;
    for i = 1:200             % up to 10 s on a loaded machine
      n0 = pyeval ("float(__import__('sys')._cat_ticks.n)");
      pause (0.05);
      if (pyeval ("float(__import__('sys')._cat_ticks.n)") - n0 >= 3)
        ticked = true; break;
      end
    end
    if (! ticked)
      ok = false; why = "the background Python thread stopped (GIL held?)";
      return;
    end
    if (! isequal (pyeval ("1.0 + 1.0"), 2))
      ok = false; why = "pyeval('1.0 + 1.0') is not 2";
    end
  catch err
    ok = false; why = sprintf ("%s: %s", err.identifier, cat__short (err.message));
  end
end
