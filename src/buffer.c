/* buffer.c -- pymex.Array: an Octave numeric array seen from Python through
 * the buffer protocol, without copying.
 *
 * The object owns a persistent duplicate of the argument.  Octave duplicates
 * by sharing the data with copy-on-write, so no element is copied, and a later
 * change to the Octave variable makes Octave copy its own side: Python keeps
 * seeing the values it was given (value semantics) and never a dangling
 * pointer.  The buffer is read-only for the same reason.
 *
 * mxDestroyArray may only run on Octave's thread: an Array freed on another
 * thread is queued and reaped at the next pymex entry (pm_array_reap).
 */
#include "pymex.h"
#include <string.h>

typedef struct {
    PyObject_HEAD
    mxArray *mx;             /* persistent, owned */
    void *data;
    char format[4];
    Py_ssize_t itemsize, ndim;
    Py_ssize_t *shape, *strides;   /* PyMem_Malloc'd, 2*ndim */
    Py_ssize_t exports;
} Array;

static PyThread_type_lock reap_lock;
static mxArray **reap_list;
static size_t reap_len, reap_cap;

void pm_array_reap(void)
{
    mxArray **list; size_t n;
    if (!reap_len || !reap_lock) return;
    PyThread_acquire_lock(reap_lock, WAIT_LOCK);
    list = reap_list; n = reap_len;
    reap_list = NULL; reap_len = reap_cap = 0;
    PyThread_release_lock(reap_lock);
    for (size_t i = 0; i < n; i++) mxDestroyArray(list[i]);
    free(list);
}

/* Any thread: destroy now on Octave's thread, else at the next pymex entry. */
void pm_mx_release(mxArray *mx)
{
    if (pm_on_octave_thread()) { mxDestroyArray(mx); return; }
    PyThread_acquire_lock(reap_lock, WAIT_LOCK);
    if (reap_len == reap_cap) {
        size_t cap = reap_cap ? 2 * reap_cap : 64;
        mxArray **l = realloc(reap_list, cap * sizeof *l);
        if (!l) { PyThread_release_lock(reap_lock); return; }   /* leak rather than crash */
        reap_list = l; reap_cap = cap;
    }
    reap_list[reap_len++] = mx;
    PyThread_release_lock(reap_lock);
}

static void array_dealloc(Array *self)
{
    if (self->mx) pm_mx_release(self->mx);
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
    self->exports++;
    return 0;
}

static void array_releasebuffer(Array *self, Py_buffer *view) { self->exports--; }

static PyBufferProcs array_as_buffer = {
    (getbufferproc)array_getbuffer, (releasebufferproc)array_releasebuffer,
};

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
    Py_ssize_t size;
    char f = class_format(mxGetClassID(a), &size);
    mwSize nd = mxGetNumberOfDimensions(a);
    const mwSize *dims = mxGetDimensions(a);

    if (!f) return PyErr_Format(PyExc_TypeError, "no buffer format for class %s", mxGetClassName(a));
    self = PyObject_New(Array, &ArrayType);
    if (!self) return NULL;
    self->mx = NULL; self->shape = NULL; self->exports = 0;
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
    for (mwSize i = 0; i < nd; i++) {
        self->shape[i] = (Py_ssize_t)dims[i];
        self->strides[i] = i ? self->strides[i - 1] * (Py_ssize_t)dims[i - 1] : size;
    }
    self->mx = mxDuplicateArray(a);       /* shares the data (copy-on-write) */
    if (!self->mx) { Py_DECREF(self); return PyErr_NoMemory(); }
    mexMakeArrayPersistent(self->mx);
    self->data = mxGetData(self->mx);
    if (!self->data) self->data = (void *)"";  /* empty: any valid pointer */
    return (PyObject *)self;
}

int pm_array_init(PyObject *module)
{
    if (!reap_lock && !(reap_lock = PyThread_allocate_lock())) { PyErr_NoMemory(); return -1; }
    if (PyType_Ready(&ArrayType) < 0) return -1;
    return PyModule_AddObjectRef(module, "Array", (PyObject *)&ArrayType);
}
