function [ok, err, varargout] = __pymex_var__ (op, ws, name, value)
  % Internal to pymex: matlab.get / matlab.put.
  err = [];
  varargout = {};
  try
    if (! isvarname (name))
      error ("pymex:badName", "'%s' is not a valid variable name", name);
    end
    switch (ws)
      case "caller"
        % two frames up, as in __pymex_evalin__
        if (strcmp (op, "get"))
          varargout{1} = evalin ("caller", sprintf ("evalin ('caller', '%s')", name));
        else
          __pymex_stash__ (value);
          evalin ("caller", sprintf ("assignin ('caller', '%s', __pymex_stash__ ())", name));
        end
      case "base"
        if (strcmp (op, "get"))
          varargout{1} = evalin ("base", name);
        else
          assignin ("base", name, value);
        end
      case "global"
        eval (sprintf ("global %s", name));
        if (strcmp (op, "get"))
          varargout{1} = eval (name);
        else
          eval (sprintf ("%s = value;", name));
        end
    end
    ok = true;
  catch e
    ok = false;
    err = {e.identifier, e.message};
    if (strcmp (op, "get"))
      varargout = {[]};
    end
  end
end
