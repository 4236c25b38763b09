"""pymex's Python-side helpers for Octave's pyobject handles (internal).

Compiled into the MEX file as the module `_pymex`.  The hot paths (attribute
access, calls, conversions) are C; what lives here is MATLAB-style indexing,
class names, display and operators, where clarity beats speed.
"""
import builtins
import operator
from collections.abc import Mapping


class Kwargs(dict):
    """Keyword arguments made by pyargs(...): merged into the keywords of the call it is passed to."""

    def __repr__(self):
        return "pyargs(" + ", ".join(f"{k}={v!r}" for k, v in self.items()) + ")"


def classname(o):
    """'py.<module>.<qualname>' as MATLAB names Python types ('py.list', 'py.numpy.ndarray')."""
    t = type(o)
    m = getattr(t, "__module__", "builtins")
    q = getattr(t, "__qualname__", t.__name__)
    return "py." + (q if m == "builtins" else f"{m}.{q}")


def isa(o, name):
    """True if o is an instance of the Python class that MATLAB calls `name` (e.g. 'py.dict')."""
    return any(classname_of_type(t) == name for t in type(o).__mro__)


def classname_of_type(t):
    m = getattr(t, "__module__", "builtins")
    return "py." + (t.__qualname__ if m == "builtins" else f"{m}.{t.__qualname__}")


def display(o, name):
    """Text Octave shows for a pyobject: MATLAB's 'Python <type> with values:' and the repr."""
    kind = type(o).__name__
    head = f"{name} = \n\n" if name else ""
    body = "\n".join("    " + line for line in repr(o).splitlines()) or "    "
    return f"{head}  Python {kind} with values:\n\n{body}\n\n"


def _flat(v):
    if isinstance(v, (int, float)):
        return [v]
    if isinstance(v, str):
        raise TypeError(f"index must be numeric or ':', not '{v}'")
    m = memoryview(v)
    vals = m.tolist()
    while vals and isinstance(vals[0], list):
        vals = [x for row in vals for x in row]
    if m.format == "?":
        return [i + 1 for i, b in enumerate(vals) if b]
    return vals if isinstance(vals, list) else [vals]


def _positions(sub, n):
    """Octave 1-based subscript -> 0-based positions, checked against length n."""
    if isinstance(sub, str) and sub == ":":
        return list(range(n))
    out = []
    for v in _flat(sub):
        i = int(v)
        if i != v or i < 1:
            raise IndexError(f"index ({v}): subscripts must be positive integers")
        if i > n:
            raise IndexError(f"index ({i}): out of bound {n}")
        out.append(i - 1)
    return out


def _is_seq(o):
    return not isinstance(o, Mapping) and hasattr(o, "__len__") and hasattr(o, "__getitem__")


def index(o, subs):
    """o(subs) in Octave: a sub-sequence of the same type (li(2:3), s(1))."""
    if len(subs) != 1:
        raise IndexError(f"{classname(o)} takes one subscript in (), got {len(subs)}")
    pos = _positions(subs[0], len(o))
    if pos and pos == list(range(pos[0], pos[-1] + 1)):
        return o[pos[0]:pos[-1] + 1]
    if isinstance(o, str):
        return "".join(o[i] for i in pos)
    items = [o[i] for i in pos]
    try:
        return type(o)(items)
    except Exception:
        return items


def _key(o, subs):
    if _is_seq(o):
        if len(subs) != 1:
            raise IndexError(f"{classname(o)} takes one subscript in {{}}, got {len(subs)}")
        pos = _positions(subs[0], len(o))
        if len(pos) != 1:
            raise IndexError("{} indexing of a Python sequence takes one element")
        return pos[0]
    keys = [k[0] if isinstance(k, (tuple, list)) and len(k) == 1 else k for k in subs]
    keys = [_scalar(k) for k in keys]
    return keys[0] if len(keys) == 1 else tuple(keys)


def _scalar(k):
    """An Octave subscript used as a mapping key: whole floats become ints, 1-element arrays scalars."""
    if not isinstance(k, (str, int, float)) and _has_buffer(k):
        vals = _flat(k)
        k = vals[0] if len(vals) == 1 else tuple(vals)
    if isinstance(k, float) and k.is_integer():
        return int(k)
    return k


def _has_buffer(k):
    try:
        memoryview(k)
        return True
    except TypeError:
        return False


def getitem(o, subs):
    """o{subs} in Octave: li{1} is li[0]; d{"key"} is d["key"]."""
    return o[_key(o, subs)]


def setitem(o, subs, v):
    """o{subs} = v in Octave."""
    o[_key(o, subs)] = v


_OPS = {
    "plus": operator.add, "minus": operator.sub, "times": operator.mul,
    "mtimes": operator.mul, "rdivide": operator.truediv, "mrdivide": operator.truediv,
    "power": operator.pow, "mpower": operator.pow, "mod": operator.mod,
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
    "gt": operator.gt, "ge": operator.ge, "and": operator.and_, "or": operator.or_,
    "uminus": operator.neg, "uplus": operator.pos, "not": operator.not_,
}


def binop(name, a, b):
    return _OPS[name](a, b)


def unop(name, a):
    return _OPS[name](a)


def names(o):
    """Public attribute names (fieldnames / methods); a __dir__ that lists non-str items is tolerated."""
    return [n for n in dir(o) if isinstance(n, str) and not n.startswith("_")]


def methods(o):
    return [n for n in names(o) if callable(getattr(o, n, None))]


def fields(o):
    return [n for n in names(o) if not callable(getattr(o, n, None))]


def attr(obj, name):
    """getattr, falling back to importing a submodule (py.os.path, py.xml.dom.minidom)."""
    try:
        return getattr(obj, name)
    except AttributeError:
        import importlib
        import types
        if isinstance(obj, types.ModuleType):
            try:
                return importlib.import_module(f"{obj.__name__}.{name}")
            except ModuleNotFoundError as e:
                if e.name != f"{obj.__name__}.{name}":
                    raise
        raise
