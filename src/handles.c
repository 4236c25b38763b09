/* handles.c -- Python objects held by Octave.
 *
 * An Octave `pyobject` (inst/pyobject.m, a handle class) stores one number, an
 * id into this table; the table owns one reference per id.  Ids are never
 * reused, so a stale or doubled delete() (Octave may call delete twice) can
 * never drop another object's reference.  Id 0 is the `py` root namespace.
 * All functions require the GIL.
 */
#include "pymex.h"
#include <math.h>

static PyObject *table;          /* dict: int id -> object (owned) */
static unsigned long long next_id = 1;

int pm_handles_init(void)
{
    table = PyDict_New();
    return table ? 0 : -1;
}

Py_ssize_t pm_handle_count(void) { return table ? PyDict_GET_SIZE(table) : 0; }

/* Returns a new Octave pyobject, or NULL with a Python exception set. */
mxArray *pm_handle_new(PyObject *o)
{
    PyObject *key;
    mxArray *arg, *res = NULL;
    double id = (double)next_id++;
    PyThreadState *ts;
    int rc;

    key = PyLong_FromLongLong((long long)id);
    if (!key || PyDict_SetItem(table, key, o) < 0) { Py_XDECREF(key); return NULL; }
    Py_DECREF(key);

    /* Building the Octave object calls into Octave: release the GIL, fence it. */
    arg = mxCreateDoubleScalar(id);
    ts = pm_gil_release();
    rc = pm_fenced_call(1, &res, 1, &arg, "pyobject");
    pm_gil_restore(ts);
    mxDestroyArray(arg);
    if (rc != 0 || !res) {
        pm_handle_drop(id);
        if (rc == PM_EXC_INTERRUPT) {          /* Ctrl-C while Octave built it */
            PyErr_SetNone(PyExc_KeyboardInterrupt);
        } else if (rc == PM_EXC_EXIT) {        /* exit/quit ran meanwhile: let it through */
            PyObject *code = PyLong_FromLong(pm_fence_exit_status());
            if (code) { PyErr_SetObject(PyExc_SystemExit, code); Py_DECREF(code); }
        } else {
            PyErr_SetString(PyExc_RuntimeError,
                            "cannot create an Octave pyobject: is pymex's inst/ folder on the path?");
        }
        return NULL;
    }
    return res;
}

int pm_is_handle(const mxArray *a)
{
    return a && mxIsClass(a, "pyobject");
}

/* The id stored in a pyobject: 0, or -1 if a is not a (scalar) pyobject, or
 * -2 if its id is not an integer-valued real double (a forged pyobject).
 * Every mx call here is one that cannot throw for these inputs. */
int pm_handle_id(const mxArray *a, double *id)
{
    mxArray *p;
    double v = 0;
    int ok;
    if (!pm_is_handle(a) || mxGetNumberOfElements(a) != 1) return -1;
    p = mxGetProperty(a, 0, "id");
    if (!p) return -2;
    ok = mxIsDouble(p) && !mxIsComplex(p) && !mxIsSparse(p) && mxGetNumberOfElements(p) == 1;
    if (ok) {
        v = *mxGetDoubles(p);
        ok = isfinite(v) && v == floor(v) && fabs(v) <= 9007199254740992.0;   /* 2^53 */
    }
    mxDestroyArray(p);
    if (!ok) return -2;
    *id = v;
    return 0;
}

/* Borrowed reference, or NULL with a Python exception set. */
PyObject *pm_handle_lookup(double id)
{
    PyObject *key, *o;
    if (id == 0) {
        PyErr_SetString(PyExc_TypeError, "py (the Python namespace) is not a Python object: "
                        "use py.module.name, e.g. py.math.pi");
        return NULL;
    }
    if (!(key = PyLong_FromLongLong((long long)id))) return NULL;
    o = PyDict_GetItemWithError(table, key);
    Py_DECREF(key);
    if (!o && !PyErr_Occurred())
        PyErr_Format(PyExc_ReferenceError, "this pyobject was deleted: its Python object "
                     "was released (handle id %lld)", (long long)id);
    return o;
}

/* Borrowed; NULL with an exception set if a is a stale handle, NULL without
 * exception if a is not a handle at all. */
PyObject *pm_handle_get(const mxArray *a)
{
    double id;
    int rc = pm_handle_id(a, &id);
    if (rc == -1) return NULL;
    if (rc < 0) {
        PyErr_SetString(PyExc_TypeError, "a pyobject whose handle id is not valid "
                        "(pyobject handles are made by pymex, not by pyobject(...))");
        return NULL;
    }
    return pm_handle_lookup(id);
}

void pm_handle_drop(double id)
{
    PyObject *key = PyLong_FromLongLong((long long)id);
    if (key) {
        if (PyDict_DelItem(table, key) < 0) PyErr_Clear();   /* idempotent */
        Py_DECREF(key);
    } else {
        PyErr_Clear();
    }
}
