function kw = pyargs (varargin)
  % PYARGS  Keyword arguments for a Python call.
  %   KW = pyargs("name1", value1, "name2", value2, ...) can be passed to any
  %   Python call (py.*, pycall, methods); its pairs become keyword arguments.
  %
  %   Example:
  %     d = py.dict (pyargs ("a", 1, "b", "x"));
  %     py.print ("a", "b", pyargs ("sep", "-"))
  %
  %   See also: py, pycall.
  kw = pymex ("kwargs", varargin{:});
end
