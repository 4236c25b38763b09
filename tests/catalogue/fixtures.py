# Python objects that raise or lie, for the bad-input catalogue (catalogue_run.m
# runs this in __main__ once per Octave process).
import sys, threading, time

class Boom(Exception):
    pass

class BadLen:
    def __len__(self): raise Boom("__len__ raised")

class NegLen:
    def __len__(self): return -1

class HugeLen:
    def __len__(self): return 2 ** 70

class LyingSeq:
    """Says it has 5 items; __getitem__ fails past the second."""
    def __len__(self): return 5
    def __getitem__(self, i):
        if isinstance(i, int) and 0 <= i < 2:
            return float(i)
        raise IndexError(i)

class BadGetitem:
    def __len__(self): return 3
    def __getitem__(self, i): raise Boom("__getitem__ raised")

class BadFloat:
    def __float__(self): raise Boom("__float__ raised")

class LyingFloat:
    def __float__(self): return "not a float"

class BadIndex:
    def __index__(self): raise Boom("__index__ raised")

class BadRepr:
    def __repr__(self): raise Boom("__repr__ raised")
    __str__ = __repr__

class NonStrRepr:
    def __repr__(self): return 42

class BadDir:
    def __dir__(self): raise Boom("__dir__ raised")

class NonStrDir:
    def __dir__(self): return [1, 2]

class BadGetattr:
    def __getattr__(self, name): raise Boom("__getattr__ raised")

class BadSetattr:
    def __setattr__(self, name, v): raise Boom("__setattr__ raised")

class BadEq:
    def __eq__(self, other): raise Boom("__eq__ raised")
    __hash__ = object.__hash__

class BadBool:
    def __bool__(self): raise Boom("__bool__ raised")

class BadIter:
    def __iter__(self): raise Boom("__iter__ raised")

class BadDoc:
    @property
    def __doc__(self): raise Boom("__doc__ raised")

class BadKeys(dict):
    def items(self): raise Boom("items raised")
    def keys(self): raise Boom("keys raised")

class BadCall:
    def __call__(self, *a, **k): raise Boom("__call__ raised")

class BadArray:
    def __array__(self, *a, **k): raise Boom("__array__ raised")

class Shrinking(list):
    """Clears itself when an element is converted (the length changes under the converter)."""

class ShrinkFloat:
    def __init__(self, owner): self.owner = owner
    def __float__(self):
        self.owner.clear()
        return 1.0

def shrinking(n=3):
    l = []
    l.extend(ShrinkFloat(l) for _ in range(n))
    return l

class DelCallsOctave:
    """Its __del__ calls back into Octave."""
    log = []
    def __del__(self):
        import matlab
        try:
            DelCallsOctave.log.append(float(matlab.call("plus", 1.0, 2.0)))
        except Exception as e:
            DelCallsOctave.log.append(repr(e))

class DelRaises:
    def __del__(self): raise Boom("__del__ raised")

def deep_list(n):
    r = []
    for _ in range(n):
        r = [r]
    return r

def cyclic_list():
    l = [1.0]
    l.append(l)
    return l

def cyclic_dict():
    d = {"a": 1.0}
    d["self"] = d
    return d

def in_thread(f, *a):
    """Run f(*a) on a new thread; return what it returned or the exception it raised."""
    box = []
    def run():
        try:
            box.append(f(*a))
        except BaseException as e:
            box.append(e)
    t = threading.Thread(target=run)
    t.start()
    t.join()
    return box[0]

def exc_name(x):
    return type(x).__name__

def clear_soon(lst, delay=0.005):
    """Start a thread that empties lst after delay seconds (a race with a converter)."""
    def run():
        time.sleep(delay)
        lst.clear()
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t

def churn(lst, seconds=0.5, item=None):
    """Start a thread that appends to and pops from lst for a while."""
    def run():
        end = time.time() + seconds
        while time.time() < end:
            lst.append(object() if item is None else item)
            if len(lst) > 1:
                lst.pop(0)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t

class ClearsItself:
    """A method that clears the Octave variable holding this object while it runs."""
    def kill(self):
        import matlab
        matlab.eval("clear o")
        return 5.0

class DelClearsAll:
    """A finalizer that runs `clear all` in Octave."""
    def __del__(self):
        import matlab
        try:
            matlab.eval("clear all")
        except Exception:
            pass
