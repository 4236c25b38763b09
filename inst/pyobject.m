classdef pyobject < handle
  % PYOBJECT  A Python object held by Octave (what MATLAB shows as py.<type>).
  %   Returned by Python calls whose result is not converted automatically.
  %     o.attr, o.attr = v, o.method(args...), chains: py.collections.Counter("aab").most_common(int32(1))
  %     li(2:3)     a sub-sequence of the same Python type (1-based)
  %     li{1}       the first element; li{1} = v assigns; d{"key"} for mappings
  %     class(o)    "py.<module>.<qualname>" (isa(o, "py.list") agrees)
  %     double single int8 ... uint64 logical char cell struct   convert
  %     length numel size   len(o);  fieldnames methods   from dir(o);  doc(o)  __doc__
  %     + - .* ./ .^ == ~= < <= > >= unary minus   Python's operators
  %   Clearing the last Octave reference drops the Python reference.
  %
  %   See also: py, pyeval, pyargs.

  properties (SetAccess = private, Hidden = true)
    id = 0;   % key into pymex's table of Python objects; 0 is the py namespace, -1 deleted
  end

  methods
    function obj = pyobject (id)
      if (nargin == 1)
        obj.id = id;
      end
    end

    function delete (obj)
      % Drops the Python reference.  Octave may call delete twice: the table
      % never reuses an id, so the second call is a no-op.  A deleted handle
      % gets id -1 (never in the table): using it is a clear error.
      if (obj.id > 0)
        pymex ("del", obj.id);
        obj.id = -1;
      end
    end

    function varargout = subsref (obj, S)
      [varargout{1:nargout}] = pymex ("subsref", obj, S);
    end

    function obj = subsasgn (obj, S, v)
      pymex ("subsasgn", obj, S, v);
    end

    function n = numel (obj, varargin)
      % numel(o) is len(o), or 1 for objects without a length; with
      % subscripts (Octave asking how many values o{...} yields) it is 1.
      if (nargin > 1)
        n = 1;
      else
        n = pymex ("len", obj, "numel");
      end
    end

    function n = length (obj)
      n = pymex ("len", obj);
    end

    function varargout = size (obj, d)
      sz = [1, pymex("len", obj, "numel")];
      if (nargin > 1)
        sz = sz(d);
      end
      if (nargout <= 1)
        varargout = {sz};
      else
        varargout = num2cell (sz);
      end
    end

    function e = end (obj, k, n)
      e = pymex ("len", obj);
    end

    function c = class (obj)
      c = pymex ("text", "classname", obj);
    end

    function tf = isa (obj, name)
      if (any (strcmp (name, {"pyobject", "handle"})))
        tf = true;
      elseif (strncmp (name, "py.", 3))
        tf = pymex ("isa", obj, name);
      else
        tf = false;
      end
    end

    function disp (obj)
      s = pymex ("text", "display", obj);
      printf ("%s", s);
    end

    function display (obj)
      s = pymex ("text", "display", obj, inputname (1));
      printf ("%s", s);
    end

    function s = char (obj),    s = pymex ("convert", obj, "char"); end
    function v = double (obj),  v = pymex ("convert", obj, "double"); end
    function v = single (obj),  v = pymex ("convert", obj, "single"); end
    function v = int8 (obj),    v = pymex ("convert", obj, "int8"); end
    function v = uint8 (obj),   v = pymex ("convert", obj, "uint8"); end
    function v = int16 (obj),   v = pymex ("convert", obj, "int16"); end
    function v = uint16 (obj),  v = pymex ("convert", obj, "uint16"); end
    function v = int32 (obj),   v = pymex ("convert", obj, "int32"); end
    function v = uint32 (obj),  v = pymex ("convert", obj, "uint32"); end
    function v = int64 (obj),   v = pymex ("convert", obj, "int64"); end
    function v = uint64 (obj),  v = pymex ("convert", obj, "uint64"); end
    function v = logical (obj), v = pymex ("convert", obj, "logical"); end
    function v = cell (obj),    v = pymex ("convert", obj, "cell"); end
    function v = struct (obj),  v = pymex ("convert", obj, "struct"); end

    function c = fieldnames (obj), c = pymex ("names", obj, "fields"); end
    function c = methods (obj),    c = pymex ("names", obj, "methods"); end
    function s = doc (obj),        s = pymex ("text", "doc", obj); end
    function s = repr (obj),       s = pymex ("text", "repr", obj); end

    function r = plus (a, b),     r = pymex ("op", "plus", a, b); end
    function r = minus (a, b),    r = pymex ("op", "minus", a, b); end
    function r = times (a, b),    r = pymex ("op", "times", a, b); end
    function r = mtimes (a, b),   r = pymex ("op", "mtimes", a, b); end
    function r = rdivide (a, b),  r = pymex ("op", "rdivide", a, b); end
    function r = mrdivide (a, b), r = pymex ("op", "mrdivide", a, b); end
    function r = power (a, b),    r = pymex ("op", "power", a, b); end
    function r = mpower (a, b),   r = pymex ("op", "mpower", a, b); end
    function r = eq (a, b),       r = pymex ("op", "eq", a, b); end
    function r = ne (a, b),       r = pymex ("op", "ne", a, b); end
    function r = lt (a, b),       r = pymex ("op", "lt", a, b); end
    function r = le (a, b),       r = pymex ("op", "le", a, b); end
    function r = gt (a, b),       r = pymex ("op", "gt", a, b); end
    function r = ge (a, b),       r = pymex ("op", "ge", a, b); end
    function r = uminus (a),      r = pymex ("op", "uminus", a); end
    function r = uplus (a),       r = pymex ("op", "uplus", a); end
    function r = not (a),         r = pymex ("op", "not", a); end
  end
end
