/* console.c -- sys.stdout and sys.stderr write to Octave's console.
 *
 * On Octave's thread, text is printed at once with mexPrintf, with the GIL
 * released around it.  Any other thread must not call the MEX API, so its text
 * is appended to a queue (guarded by a plain lock, no GIL needed to drain) and
 * printed on Octave's thread at the next opportunity: any pymex entry or exit,
 * Octave's idle hook, or process exit.  Nothing written is dropped.
 */
#include "pymex.h"
#include <string.h>
#ifndef _WIN32
#include <unistd.h>
#endif

static PyThread_type_lock qlock;
static char  *queue;      /* malloc'd bytes waiting for Octave's thread */
static size_t qlen, qcap;
static volatile int qnonempty;

static void enqueue(const char *s, size_t n)
{
    PyThread_acquire_lock(qlock, WAIT_LOCK);
    if (qlen + n + 1 > qcap) {
        size_t cap = qcap ? qcap : 4096;
        while (cap < qlen + n + 1) cap *= 2;
        char *q = realloc(queue, cap);
        if (!q) { PyThread_release_lock(qlock); return; }   /* out of memory: drop */
        queue = q; qcap = cap;
    }
    memcpy(queue + qlen, s, n);
    qlen += n;
    queue[qlen] = 0;
    qnonempty = 1;
    PyThread_release_lock(qlock);
}

/* Octave's thread, GIL not held.  Prints n bytes: text runs with mexPrintf
 * (a NUL would end its format), runs of NULs with Octave's fwrite on stdout,
 * which evalc captures too. */
static void print_counted(const char *s, size_t n)
{
    for (size_t i = 0; i < n; ) {
        size_t k = strnlen(s + i, n - i);
        if (k > 0) mexPrintf("%.*s", (int)k, s + i);
        i += k;
        if (i < n) {
            size_t z = 0;
            while (i + z < n && s[i + z] == 0) z++;
            {
                mwSize dims[2] = {1, (mwSize)z};
                mxArray *args[2];
                args[0] = mxCreateDoubleScalar(1);
                args[1] = mxCreateCharArray(2, dims);   /* zero-filled */
                pm_fenced_call(0, NULL, 2, args, "fwrite");
                mxDestroyArray(args[0]); mxDestroyArray(args[1]);
            }
            i += z;
        }
    }
}

/* Octave's thread; GIL not held. */
size_t pm_console_drain(void)
{
    char *q; size_t n;
    if (!qnonempty || !qlock) return 0;
    PyThread_acquire_lock(qlock, WAIT_LOCK);
    q = queue; n = qlen;
    queue = NULL; qlen = qcap = 0; qnonempty = 0;
    PyThread_release_lock(qlock);
    print_counted(q, n);
    free(q);
    return n;
}

/* Any thread, no GIL: the process is about to end without Octave (SIGTERM
 * that Python code did not give way to); write the queue to standard output. */
void pm_console_drain_raw(void)
{
    char *q; size_t n;
    if (!qnonempty || !qlock) return;
    PyThread_acquire_lock(qlock, WAIT_LOCK);
    q = queue; n = qlen;
    queue = NULL; qlen = qcap = 0; qnonempty = 0;
    PyThread_release_lock(qlock);
    fflush(stdout);
#ifndef _WIN32
    for (size_t i = 0; i < n; ) {
        ssize_t w = write(1, q + i, n - i);
        if (w <= 0) break;
        i += (size_t)w;
    }
#else
    fwrite(q, 1, n, stdout);
    fflush(stdout);
#endif
    free(q);
}

typedef struct { PyObject_HEAD int is_err; } Console;

static PyObject *console_write(Console *self, PyObject *arg)
{
    Py_ssize_t n;
    const char *s;
    if (!PyUnicode_Check(arg))
        return PyErr_Format(PyExc_TypeError, "write() argument must be str, not %.100s",
                            Py_TYPE(arg)->tp_name);
    s = PyUnicode_AsUTF8AndSize(arg, &n);
    if (!s) return NULL;
    if (pm_on_octave_thread()) {
        PyThreadState *ts;
        char *copy = PyMem_RawMalloc((size_t)n + 1);   /* s dies with arg; keep our own */
        if (!copy) return PyErr_NoMemory();
        memcpy(copy, s, (size_t)n); copy[n] = 0;
        ts = pm_gil_release();            /* console output may block: let threads run */
        pm_console_drain();               /* earlier output from other threads first */
        print_counted(copy, (size_t)n);
        pm_gil_restore(ts);
        PyMem_RawFree(copy);
    } else {
        enqueue(s, (size_t)n);
    }
    return PyLong_FromSsize_t(PyUnicode_GET_LENGTH(arg));
}

static PyObject *console_flush(Console *self, PyObject *unused)
{
    if (pm_on_octave_thread() && qnonempty) {
        PyThreadState *ts = pm_gil_release();
        pm_console_drain();
        pm_gil_restore(ts);
    }
    Py_RETURN_NONE;
}

static PyObject *console_false(Console *self, PyObject *unused) { Py_RETURN_FALSE; }
static PyObject *console_true(Console *self, PyObject *unused) { Py_RETURN_TRUE; }

static PyObject *console_fileno(Console *self, PyObject *unused)
{
    PyObject *io = PyImport_ImportModule("io");
    if (io) {
        PyObject *exc = PyObject_GetAttrString(io, "UnsupportedOperation");
        Py_DECREF(io);
        if (exc) { PyErr_SetString(exc, "the Octave console has no file descriptor"); Py_DECREF(exc); }
    }
    return NULL;
}

static PyObject *console_get_encoding(Console *self, void *c) { return PyUnicode_FromString("utf-8"); }
static PyObject *console_get_errors(Console *self, void *c) { return PyUnicode_FromString("strict"); }
static PyObject *console_get_name(Console *self, void *c)
{
    return PyUnicode_FromString(self->is_err ? "<octave stderr>" : "<octave stdout>");
}

static PyMethodDef console_methods[] = {
    {"write", (PyCFunction)console_write, METH_O, "write(s) -- print s on the Octave console"},
    {"flush", (PyCFunction)console_flush, METH_NOARGS, "print output queued by other threads"},
    {"isatty", (PyCFunction)console_false, METH_NOARGS, NULL},
    {"writable", (PyCFunction)console_true, METH_NOARGS, NULL},
    {"readable", (PyCFunction)console_false, METH_NOARGS, NULL},
    {"seekable", (PyCFunction)console_false, METH_NOARGS, NULL},
    {"fileno", (PyCFunction)console_fileno, METH_NOARGS, NULL},
    {NULL}
};

static PyGetSetDef console_getset[] = {
    {"encoding", (getter)console_get_encoding, NULL, NULL, NULL},
    {"errors", (getter)console_get_errors, NULL, NULL, NULL},
    {"name", (getter)console_get_name, NULL, NULL, NULL},
    {NULL}
};

static PyTypeObject ConsoleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pymex.Console",
    .tp_basicsize = sizeof(Console),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A text stream that prints on the Octave console (any thread).",
    .tp_methods = console_methods,
    .tp_getset = console_getset,
};

/* Requires: GIL. */
int pm_console_install(void)
{
    Console *out = NULL, *err = NULL;
    int rc = -1;
    if (!qlock && !(qlock = PyThread_allocate_lock())) { PyErr_NoMemory(); return -1; }
    if (PyType_Ready(&ConsoleType) < 0) return -1;
    out = PyObject_New(Console, &ConsoleType);
    err = PyObject_New(Console, &ConsoleType);
    if (!out || !err) goto done;
    out->is_err = 0; err->is_err = 1;
    if (PySys_SetObject("stdout", (PyObject *)out) < 0) goto done;
    if (PySys_SetObject("stderr", (PyObject *)err) < 0) goto done;
    rc = 0;
done:
    Py_XDECREF(out); Py_XDECREF(err);
    return rc;
}
