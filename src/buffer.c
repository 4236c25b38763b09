/* buffer.c -- pymex.Array: an Octave numeric array seen from Python through
 * the buffer protocol.
 *
 * Small arrays are copied into memory the Array owns.  Large ones are not
 * copied at all: the Array holds a reference to the argument's Octave value
 * (host_octave.cpp), which shares the data with copy-on-write.  A later change
 * to the Octave variable makes Octave copy its own side, so Python keeps
 * seeing the values it was given (value semantics) and never a dangling
 * pointer, whatever Octave clears.  Sharing is verified: the held value's
 * data must be the argument's (it is not for lazy values such as ranges,
 * which are then copied).  The buffer is read-only.
 *
 * References and mxArrays are released on Octave's thread: what Python frees
 * on another thread is queued and reaped at the next pymex entry.
 */
#include "pymex.h"
#include <string.h>

#define KEEP_MIN_BYTES (256 * 1024)   /* below this a copy is cheaper than a reference */

typedef struct {
    PyObject_HEAD
    void *data;
    void *owned;             /* PyMem_RawMalloc'd copy, or NULL */
    void *kept;              /* pm_host_keep reference holding the data, or NULL */
    char format[4];
    Py_ssize_t itemsize, ndim;
    Py_ssize_t *shape, *strides;   /* PyMem_Malloc'd, 2*ndim */
} Array;

/* ---- releasing on Octave's thread ------------------------------------ */

typedef struct { mxArray *mx; void *kept; } reapable;
static PyThread_type_lock reap_lock;
static reapable *reap_list;
static size_t reap_len, reap_cap;
static volatile size_t kept_count;    /* live references, for tests */

static void unkeep(void *kept)
{
    pm_host_unkeep(kept);
    kept_count--;
}

/* Octave's thread, GIL not needed. */
void pm_array_reap(void)
{
    reapable *list; size_t n;
    if (!reap_len || !reap_lock) return;
    PyThread_acquire_lock(reap_lock, WAIT_LOCK);
    list = reap_list; n = reap_len;
    reap_list = NULL; reap_len = reap_cap = 0;
    PyThread_release_lock(reap_lock);
    for (size_t i = 0; i < n; i++) {
        if (list[i].mx) mxDestroyArray(list[i].mx);
        if (list[i].kept) unkeep(list[i].kept);
    }
    free(list);
}

size_t pm_array_kept(void) { return kept_count; }

static void queue_release(mxArray *mx, void *kept)
{
    PyThread_acquire_lock(reap_lock, WAIT_LOCK);
    if (reap_len == reap_cap) {
        size_t cap = reap_cap ? 2 * reap_cap : 64;
        reapable *l = realloc(reap_list, cap * sizeof *l);
        if (!l) { PyThread_release_lock(reap_lock); return; }   /* leak rather than crash */
        reap_list = l; reap_cap = cap;
    }
    reap_list[reap_len].mx = mx;
    reap_list[reap_len].kept = kept;
    reap_len++;
    PyThread_release_lock(reap_lock);
}

/* Any thread: mxDestroyArray now on Octave's thread, else at the next entry. */
void pm_mx_release(mxArray *mx)
{
    if (pm_on_octave_thread()) mxDestroyArray(mx);
    else queue_release(mx, NULL);
}

static void array_dealloc(Array *self)
{
    /* Dropping a reference only frees memory (no Octave code runs): done at
       once on Octave's thread, queued from any other. */
    if (self->kept) {
        if (pm_on_octave_thread()) unkeep(self->kept);
        else queue_release(NULL, self->kept);
    }
    PyMem_RawFree(self->owned);
    PyMem_Free(self->shape);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int array_getbuffer(Array *self, Py_buffer *view, int flags)
{
    if (flags & PyBUF_WRITABLE) {
        PyErr_SetString(PyExc_BufferError, "Octave arrays are passed by value and are "
                        "read-only in Python; copy it (numpy.array(x)) to modify");
        return -1;
    }
    view->obj = Py_NewRef(self);
    view->buf = self->data;
    view->len = self->itemsize;
    for (Py_ssize_t i = 0; i < self->ndim; i++) view->len *= self->shape[i];
    view->readonly = 1;
    view->itemsize = self->itemsize;
    view->format = (flags & PyBUF_FORMAT) ? self->format : NULL;
    view->ndim = (int)self->ndim;
    view->shape = (flags & PyBUF_ND) ? self->shape : NULL;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? self->strides : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    if (!(flags & PyBUF_STRIDES) && self->ndim > 1) {
        /* Column-major data is only contiguous in C order when at most one
           dimension exceeds 1; otherwise the consumer must accept strides. */
        int n_big = 0;
        for (Py_ssize_t i = 0; i < self->ndim; i++) n_big += self->shape[i] > 1;
        if (n_big > 1) {
            Py_CLEAR(view->obj);
            PyErr_SetString(PyExc_BufferError, "Octave arrays are column-major: request strides");
            return -1;
        }
    }
    return 0;
}

static PyBufferProcs array_as_buffer = {(getbufferproc)array_getbuffer, NULL};

static PyObject *array_repr(Array *self)
{
    PyObject *mv = PyMemoryView_FromObject((PyObject *)self), *r = NULL;
    if (!mv) return NULL;
    PyObject *lst = PyObject_CallMethod(mv, "tolist", NULL);
    if (lst) { r = PyUnicode_FromFormat("pymex.Array(%R, format='%s')", lst, self->format); Py_DECREF(lst); }
    Py_DECREF(mv);
    return r;
}

static PyObject *array_get_shape(Array *self, void *c)
{
    PyObject *t = PyTuple_New(self->ndim);
    for (Py_ssize_t i = 0; t && i < self->ndim; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromSsize_t(self->shape[i]));
    return t;
}

static PyGetSetDef array_getset[] = {
    {"shape", (getter)array_get_shape, NULL, "Octave's size", NULL},
    {NULL}
};

static PyTypeObject ArrayType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pymex.Array",
    .tp_basicsize = sizeof(Array),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An Octave array passed to Python by value: read-only, column-major, "
              "no copy made. numpy.asarray(a) views it.",
    .tp_dealloc = (destructor)array_dealloc,
    .tp_as_buffer = &array_as_buffer,
    .tp_repr = (reprfunc)array_repr,
    .tp_getset = array_getset,
};

/* Format character and item size of a numeric/logical class; 0 if none. */
static char class_format(mxClassID c, Py_ssize_t *size)
{
    switch (c) {
    case mxDOUBLE_CLASS: *size = 8; return 'd';
    case mxSINGLE_CLASS: *size = 4; return 'f';
    case mxINT8_CLASS:   *size = 1; return 'b';
    case mxUINT8_CLASS:  *size = 1; return 'B';
    case mxINT16_CLASS:  *size = 2; return 'h';
    case mxUINT16_CLASS: *size = 2; return 'H';
    case mxINT32_CLASS:  *size = 4; return 'i';
    case mxUINT32_CLASS: *size = 4; return 'I';
    case mxINT64_CLASS:  *size = 8; return 'q';
    case mxUINT64_CLASS: *size = 8; return 'Q';
    case mxLOGICAL_CLASS:*size = 1; return '?';
    default: return 0;
    }
}

/* New reference.  a: real or complex numeric, or logical, not sparse. */
PyObject *pm_array_from_mx(const mxArray *a)
{
    Array *self;
    Py_ssize_t size, nbytes;
    char f = class_format(mxGetClassID(a), &size);
    mwSize nd = mxGetNumberOfDimensions(a);
    const mwSize *dims = mxGetDimensions(a);
    void *data;

    if (!f) return PyErr_Format(PyExc_TypeError, "no buffer format for class %s", mxGetClassName(a));
    self = PyObject_New(Array, &ArrayType);
    if (!self) return NULL;
    self->owned = NULL; self->shape = NULL; self->kept = NULL;
    self->ndim = (Py_ssize_t)nd;
    self->shape = PyMem_Malloc(2 * nd * sizeof(Py_ssize_t));
    if (!self->shape) { Py_DECREF(self); return PyErr_NoMemory(); }
    self->strides = self->shape + nd;
    if (mxIsComplex(a)) {
        snprintf(self->format, sizeof self->format, "Z%c", f);
        size *= 2;
    } else {
        snprintf(self->format, sizeof self->format, "%c", f);
    }
    self->itemsize = size;
    nbytes = size;
    for (mwSize i = 0; i < nd; i++) {
        self->shape[i] = (Py_ssize_t)dims[i];
        self->strides[i] = i ? self->strides[i - 1] * (Py_ssize_t)dims[i - 1] : size;
        nbytes *= (Py_ssize_t)dims[i];
    }
    data = mxGetData(a);
    if (nbytes >= KEEP_MIN_BYTES && data && (self->kept = pm_host_keep(a, data))) {
        kept_count++;
        self->data = data;                 /* no copy: Octave's value keeps it for us */
        return (PyObject *)self;
    }
    self->owned = PyMem_RawMalloc(nbytes ? (size_t)nbytes : 1);
    if (!self->owned) { Py_DECREF(self); return PyErr_NoMemory(); }
    if (nbytes) memcpy(self->owned, data, (size_t)nbytes);
    self->data = self->owned;
    return (PyObject *)self;
}

/* Steals arr.  New reference: numpy.asarray(arr), a read-only ndarray viewing
 * the same memory, reshaped to 1-D when `row` (a 1-by-N row is 1-D in MATLAB's
 * rules; the reshape of a contiguous view is a view).  Without numpy, arr. */
PyObject *pm_array_to_numpy(PyObject *arr, int row)
{
    static PyObject *asarray;       /* numpy.asarray, looked up once */
    static int no_numpy;
    PyObject *nd;
    if (no_numpy) return arr;
    if (!asarray) {
        PyObject *np = PyImport_ImportModule("numpy");
        if (!np) {
            if (!PyErr_ExceptionMatches(PyExc_ImportError)) { Py_DECREF(arr); return NULL; }
            PyErr_Clear();
            no_numpy = 1;
            return arr;
        }
        asarray = PyObject_GetAttrString(np, "asarray");
        Py_DECREF(np);
        if (!asarray) { Py_DECREF(arr); return NULL; }
    }
    nd = PyObject_CallOneArg(asarray, arr);
    Py_DECREF(arr);
    if (nd && row) Py_SETREF(nd, PyObject_CallMethod(nd, "reshape", "((n))", (Py_ssize_t)-1));
    return nd;
}

int pm_array_init(PyObject *module)
{
    if (!reap_lock && !(reap_lock = PyThread_allocate_lock())) { PyErr_NoMemory(); return -1; }
    if (PyType_Ready(&ArrayType) < 0) return -1;
    return PyModule_AddObjectRef(module, "Array", (PyObject *)&ArrayType);
}
