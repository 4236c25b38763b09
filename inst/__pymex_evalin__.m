function [ok, err, varargout] = __pymex_evalin__ (nout, code)
  % Internal to pymex: matlab.eval's trampoline.  Runs CODE in the workspace
  % of the code that called pyexec/pyeval/pycall/py.* : two frames up (this
  % function's caller is that m-file).
  err = [];
  inner = sprintf ("evalin ('caller', char ([%s]))", sprintf ("%d ", double (code)));
  try
    if (nout == 0)
      evalin ("caller", inner);
    else
      [varargout{1:nout}] = evalin ("caller", inner);
    end
    ok = true;
  catch e
    ok = false;
    err = {e.identifier, e.message};
    varargout = cell (1, nout);
  end
end
