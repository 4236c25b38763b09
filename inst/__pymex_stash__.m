function v = __pymex_stash__ (varargin)
  % Internal to pymex: hands one value across an evalin boundary.
  persistent s
  if (nargin)
    s = varargin{1};
  else
    v = s;
    s = [];
  end
end
