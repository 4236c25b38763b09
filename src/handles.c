/* handles.c -- Python objects held by Octave.
 *
 * An Octave `pyobject` (inst/pyobject.m, a handle class) stores one number, an
 * id into this table; the table owns one reference per id.  Ids are never
 * reused, so a stale or doubled delete() (Octave may call delete twice) can
 * never drop another object's reference.  Id 0 is the `py` root namespace.
 * All functions require the GIL.
 */
#include "pymex.h"

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
        PyErr_SetString(PyExc_RuntimeError,
                        "cannot create an Octave pyobject: is pymex's inst/ folder on the path?");
        return NULL;
    }
    return res;
}

int pm_is_handle(const mxArray *a)
{
    return a && mxIsClass(a, "pyobject");
}

int pm_handle_id(const mxArray *a, double *id)
{
    mxArray *p;
    if (!pm_is_handle(a) || mxGetNumberOfElements(a) != 1) return -1;
    p = mxGetProperty(a, 0, "id");
    if (!p) return -1;
    *id = mxGetScalar(p);
    mxDestroyArray(p);
    return 0;
}

/* Borrowed reference, or NULL with a Python exception set. */
PyObject *pm_handle_lookup(double id)
{
    PyObject *key = PyLong_FromLongLong((long long)id), *o;
    if (!key) return NULL;
    o = PyDict_GetItemWithError(table, key);
    Py_DECREF(key);
    if (!o && !PyErr_Occurred())
        PyErr_Format(PyExc_ReferenceError, "this pyobject was deleted: its Python object "
                     "was released (handle id %.0f)", id);
    return o;
}

/* Borrowed; NULL with an exception set if a is a stale handle, NULL without
 * exception if a is not a handle at all. */
PyObject *pm_handle_get(const mxArray *a)
{
    double id;
    if (pm_handle_id(a, &id) < 0) return NULL;
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
