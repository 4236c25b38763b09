function [ok, err, varargout] = __pymex_feval__ (nout, f, varargin)
  % Internal to pymex: matlab.call's trampoline.  Catches the error so that
  % its identifier and message reach Python intact.
  err = [];
  try
    if (nout == 0)
      feval (f, varargin{:});
    else
      [varargout{1:nout}] = feval (f, varargin{:});
    end
    ok = true;
  catch e
    ok = false;
    err = {e.identifier, e.message};
    varargout = cell (1, nout);
  end
end
