classdef pyobject < handle
  % PYOBJECT  A Python object held by Octave (what MATLAB shows as py.<type>).
  %   Returned by Python calls whose result is not converted automatically.
  %     o.attr, o.attr = v, o.method(args...), chains: py.collections.Counter("aab").most_common(int32(1))
  %     li(2:3)     a sub-sequence of the same Python type (1-based)
  %     li{1}       the first element; li{1} = v assigns; d{"key"} for mappings
  %     class(o)    "py.<module>.<qualname>" (isa(o, "py.list") agrees)
  %     double single int8 ... uint64 logical char cell struct   convert
  %     length size   len(o) (numel is 1);  fieldnames methods   from dir(o);  doc(o)  __doc__
  %     + - .* ./ .^ == ~= < <= > >= unary minus   Python's operators
  %   Clearing the last Octave reference drops the Python reference.
  %
  %   See also: py, pyeval, pyargs.

  properties (SetAccess = private, Hidden = true)
    id = 0;   % key into pymex's table of Python objects; 0 is the py namespace, -1 deleted
  end

  methods
    function obj = pyobject (id, varargin)
      if (nargin > 1)
        error ("pymex:badArity", "pyobject takes one handle id (pyobject handles are made by pymex)");
      end
      if (nargin == 1)
        if (! (isa (id, "double") && isreal (id) && isscalar (id) && ! issparse (id) ...
               && isfinite (id) && id == fix (id)))
          error ("pymex:badArgument", ["bad argument #1 to 'pyobject' (expected an integer " ...
                 "handle id; pyobject handles are made by pymex, e.g. by pyeval or py.*)"]);
        end
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
      % A pyobject is one Octave value: numel is 1 (length and size give
      % len(o)).  Octave's indexing asks numel and needs 1: o.attr = v is
      % refused for any other answer, and Octave 9 asks subsref for numel
      % outputs.
      n = 1;
    end

    function n = length (obj)
      n = pymex ("len", obj);
    end

    function varargout = size (obj, varargin)
      sz = [1, pymex("len", obj, "numel")];
      if (nargin > 1)
        d = [varargin{:}];
        if (! isnumeric (d) || isempty (d) || any (d(:) < 1) || any (d(:) != fix (d(:))))
          error ("pymex:badArgument", "bad argument #2 to 'size' (expected positive integer dimensions)");
        end
        sz(end+1:max (d(:))) = 1;
        sz = sz(d);
      end
      if (nargout <= 1)
        varargout = {sz};
      else
        sz(end+1:nargout) = 1;
        varargout = num2cell (sz(1:nargout));
      end
    end

    function e = end (obj, k, n)
      e = pymex ("len", obj);
    end

    function c = class (obj)
      c = pymex ("text", "classname", obj);
    end

    function tf = isa (obj, name)
      if (! ischar (name) || (! isempty (name) && rows (name) != 1))
        error ("pymex:badArgument", "bad argument #2 to 'isa' (expected a class name, char)");
      end
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

    function r = horzcat (varargin), r = pyobject.one (varargin); end
    function r = vertcat (varargin), r = pyobject.one (varargin); end
    function r = cat (dim, varargin),  r = pyobject.one (varargin); end

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

  methods (Static, Access = private)
    function r = one (args)
      % [o] is o; [a, b] would be an array of Python objects, which Octave
      % cannot hold: say so instead of Octave's own confusing error.
      if (numel (args) == 1)
        r = args{1};
      else
        % Octave replaces an error raised here with "pyobject/horzcat method
        % failed" when [a, b] calls it: the warning keeps the reason visible.
        msg = ["pyobject: concatenation [a, b] of Python objects is not " ...
               "supported; use a cell {a, b} or py.list ({a, b})"];
        warning ("pymex:pyobject:concat", "%s", msg);
        error ("pymex:pyobject:concat", "%s", msg);
      end
    end
  end
end
