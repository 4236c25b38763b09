function r = cat_py (expr, varargin)
  % CAT_PY  Evaluate the Python expression EXPR with x, y, ... bound to the
  % arguments (numpy as np); the result as pyeval returns it.
  names = {"x", "y", "z"};
  args = {};
  for i = 1:numel (varargin)
    args(end+1:end+2) = {names{i}, varargin{i}};
  end
  r = pyrun (["import numpy as np\nr = " expr], "r", args{:});
end
