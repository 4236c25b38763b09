/* matlab_module.c -- the Python-side `matlab` module: Python calling Octave.
 *
 * The C part is the crossing itself: thread check, argument conversion, GIL
 * released around the call, the C++ fence, and turning Octave's answer (values
 * or an error with identifier and message) back into Python.  Every call goes
 * through a small m-file trampoline (inst/__pymex_feval__.m and friends) that
 * catches Octave errors with try/catch, because the MEX API's trap variants
 * lose the identifier and message.  The user-facing surface (matlab.<name>
 * sugar, submit, docstrings) is Python, in the prelude below.
 *
 * Main-thread-only functions check the thread first and raise
 * matlab.ThreadError before any MEX function is touched.
 */
#include "pymex.h"
#include <string.h>

PyObject *pm_MatlabError, *pm_ThreadError;
static volatile int submit_pending;
static volatile int exit_requested, exit_code;  /* exit/quit seen by a fenced call */
static volatile int octave_exiting;             /* the exit sequence runs: no more calls */

int pm_submit_pending(void) { return submit_pending; }

int pm_exit_requested(int *code)
{
    if (exit_requested && code) *code = exit_code;
    return exit_requested;
}

void pm_exit_clear(void) { exit_requested = 0; }

/* Octave called exit: SystemExit(code) in the Python code that called it (so
   its finally blocks run), and again for any later call into Octave. */
static PyObject *raise_exit(void)
{
    PyObject *code = PyLong_FromLong(exit_code);
    if (code) { PyErr_SetObject(PyExc_SystemExit, code); Py_DECREF(code); }
    return NULL;
}

/* Before any MEX call: none may happen once Octave is exiting. */
static int refuse_call(const char *what)
{
    if (octave_exiting) {
        PyErr_Format(PyExc_RuntimeError, "Octave is exiting: matlab.%s cannot call Octave", what);
        return -1;
    }
    return 0;
}

static PyObject *thread_error(const char *what)
{
    PyErr_Format(pm_ThreadError, "matlab.%s called from a thread that is not Octave's: "
                 "the MEX API is single-threaded; use matlab.submit(...) to run the call "
                 "on Octave's thread", what);
    return NULL;
}

/* ---- matlab.Function: an Octave function handle held by Python -------- */

typedef struct { PyObject_HEAD mxArray *fh; } Function;
static PyTypeObject FunctionType;

PyObject *pm_callable_from_handle(const mxArray *fh)
{
    Function *f = PyObject_New(Function, &FunctionType);
    if (!f) return NULL;
    f->fh = mxDuplicateArray(fh);
    mexMakeArrayPersistent(f->fh);
    return (PyObject *)f;
}

static void function_dealloc(Function *self)
{
    if (self->fh) pm_mx_release(self->fh);
    PyObject_Free(self);
}

/* ---- the crossing ----------------------------------------------------- */

static void destroy_all(mxArray **a, int n, const mxArray *keep)
{
    for (int i = 0; i < n; i++)
        if (a[i] && a[i] != keep) mxDestroyArray(a[i]);
}

/* Raise the Octave error described by the cell {identifier, message}:
 * the original Python exception if pymex made this error from one, else
 * MatlabError with .identifier and .message. */
static PyObject *raise_octave_error(const mxArray *err)
{
    char *id = NULL, *msg = NULL;
    PyObject *exc = NULL, *pid = NULL, *pmsg = NULL;
    if (err && mxIsCell(err) && mxGetNumberOfElements(err) >= 2) {
        id = pm_mx_string(mxGetCell(err, 0));
        msg = pm_mx_string(mxGetCell(err, 1));
    }
    if (pm_reraise_if_ours(id ? id : "", msg ? msg : "")) goto done;
    pid = PyUnicode_DecodeUTF8(id ? id : "", id ? (Py_ssize_t)strlen(id) : 0, "replace");
    pmsg = PyUnicode_DecodeUTF8(msg ? msg : "Octave error", msg ? (Py_ssize_t)strlen(msg) : 12, "replace");
    if (!pid || !pmsg) goto done;
    exc = PyObject_CallOneArg(pm_MatlabError, pmsg);
    if (!exc || PyObject_SetAttrString(exc, "identifier", pid) < 0
        || PyObject_SetAttrString(exc, "message", pmsg) < 0) goto done;
    PyErr_SetObject(pm_MatlabError, exc);
done:
    Py_XDECREF(exc); Py_XDECREF(pid); Py_XDECREF(pmsg);
    mxFree(id); mxFree(msg);
    return NULL;
}

/* Calls trampoline `tramp` with prhs (owned, destroyed here except `keep`),
 * expecting [ok, err, out1..outN].  Returns None, the value, or a tuple. */
static PyObject *cross(const char *tramp, mxArray **prhs, int nrhs, const mxArray *keep, int nargout)
{
    mxArray *plhs[66] = {0};
    PyObject *result = NULL;
    PyThreadState *ts;
    int rc;

    ts = pm_gil_release();                      /* Octave runs: Python threads run too */
    rc = pm_fenced_call(nargout + 2, plhs, nrhs, prhs, tramp);
    pm_gil_restore(ts);
    destroy_all(prhs, nrhs, keep);

    if (rc == PM_EXC_INTERRUPT) { PyErr_SetNone(PyExc_KeyboardInterrupt); goto done; }
    if (rc == PM_EXC_EXIT) {
        exit_code = pm_fence_exit_status();
        exit_requested = 1;
        raise_exit();
        goto done;
    }
    if (rc != 0 || !plhs[0]) {
        PyErr_Format(pm_MatlabError, "calling Octave failed (is pymex's inst/ folder on the path?)");
        goto done;
    }
    if (!mxIsLogicalScalarTrue(plhs[0])) { raise_octave_error(plhs[1]); goto done; }
    if (nargout == 0) { result = Py_NewRef(Py_None); goto done; }
    if (nargout == 1) { result = pm_to_python(plhs[2], "matlab.call", 1); goto done; }
    result = PyTuple_New(nargout);
    for (int i = 0; result && i < nargout; i++) {
        PyObject *v = pm_to_python(plhs[2 + i], "matlab.call", i + 1);
        if (!v) { Py_CLEAR(result); break; }
        PyTuple_SET_ITEM(result, i, v);
    }
done:
    destroy_all(plhs, nargout + 2, NULL);
    return result;
}

static int check_nargout(int n)
{
    if (n < 0 || n > 64) { PyErr_Format(PyExc_ValueError, "nargout must be 0..64, not %d", n); return -1; }
    return 0;
}

/* _call(f, args, nargout): f is a name (str) or a matlab.Function. */
static PyObject *call_impl(PyObject *f, PyObject *args, int nargout)
{
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    mxArray *prhs[130] = {0};
    const mxArray *keep = NULL;
    if (refuse_call("call") < 0) return NULL;
    if (!pm_on_octave_thread()) return thread_error("call");
    if (exit_requested) return raise_exit();
    if (check_nargout(nargout) < 0) return NULL;
    if (n > 127) return PyErr_Format(PyExc_ValueError, "too many arguments (%zd)", n);
    prhs[0] = mxCreateDoubleScalar(nargout);
    if (PyObject_TypeCheck(f, &FunctionType)) {
        prhs[1] = ((Function *)f)->fh; keep = prhs[1];
    } else if (PyUnicode_Check(f)) {
        Py_ssize_t len; const char *s = PyUnicode_AsUTF8AndSize(f, &len);
        if (!s) goto fail;
        prhs[1] = pm_mx_from_utf8(s, len);
    } else {
        PyErr_Format(PyExc_TypeError, "matlab.call: f must be a function name (str) or an "
                     "Octave function handle, not %.100s", Py_TYPE(f)->tp_name);
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *it = PyTuple_GET_ITEM(args, i);
        if (!(prhs[2 + i] = pm_to_octave_arg(it))) goto fail;
    }
    return cross("__pymex_feval__", prhs, (int)n + 2, keep, nargout);
fail:
    destroy_all(prhs, (int)n + 2, keep);
    return NULL;
}

static PyObject *m_call(PyObject *mod, PyObject *args)
{
    PyObject *f, *fargs; int nargout;
    if (!PyArg_ParseTuple(args, "OO!i:_call", &f, &PyTuple_Type, &fargs, &nargout)) return NULL;
    return call_impl(f, fargs, nargout);
}

static PyObject *function_call(Function *self, PyObject *args, PyObject *kw)
{
    int nargout = 1;
    if (kw) {
        PyObject *n = PyDict_GetItemString(kw, "nargout");
        if (!n || PyDict_GET_SIZE(kw) != 1)
            return PyErr_Format(PyExc_TypeError, "Octave functions take only the keyword nargout");
        long l = PyLong_AsLong(n);      /* check_nargout bounds it */
        if (l == -1 && PyErr_Occurred()) return NULL;
        nargout = l < -1 ? -1 : l > 65 ? 65 : (int)l;
    }
    return call_impl((PyObject *)self, args, nargout);
}

static PyObject *m_eval(PyObject *mod, PyObject *args)
{
    const char *code; Py_ssize_t len; int nargout;
    mxArray *prhs[2];
    if (!PyArg_ParseTuple(args, "s#i:_eval", &code, &len, &nargout)) return NULL;
    if (refuse_call("eval") < 0) return NULL;
    if (!pm_on_octave_thread()) return thread_error("eval");
    if (exit_requested) return raise_exit();
    if (check_nargout(nargout) < 0) return NULL;
    prhs[0] = mxCreateDoubleScalar(nargout);
    prhs[1] = pm_mx_from_utf8(code, len);
    return cross("__pymex_evalin__", prhs, 2, NULL, nargout);
}

/* _var(op, workspace, name[, value]): op "get" or "put". */
static PyObject *m_var(PyObject *mod, PyObject *args)
{
    const char *op, *ws, *name; PyObject *value = NULL;
    mxArray *prhs[4] = {0};
    if (!PyArg_ParseTuple(args, "sss|O:_var", &op, &ws, &name, &value)) return NULL;
    if (refuse_call(op) < 0) return NULL;
    if (!pm_on_octave_thread()) return thread_error(op);
    if (exit_requested) return raise_exit();
    if (strcmp(ws, "caller") && strcmp(ws, "base") && strcmp(ws, "global"))
        return PyErr_Format(PyExc_ValueError, "workspace must be 'caller', 'base' or 'global', not '%s'", ws);
    prhs[0] = mxCreateString(op);
    prhs[1] = mxCreateString(ws);
    prhs[2] = mxCreateString(name);
    if (value && !(prhs[3] = pm_to_octave_arg(value))) { destroy_all(prhs, 3, NULL); return NULL; }
    return cross("__pymex_var__", prhs, value ? 4 : 3, NULL, value ? 0 : 1);
}

static PyObject *m_notify(PyObject *mod, PyObject *unused)
{
    submit_pending = 1;
    Py_RETURN_NONE;
}

static PyObject *m_on_octave_thread(PyObject *mod, PyObject *unused)
{
    return PyBool_FromLong(pm_on_octave_thread());
}

static PyMethodDef module_methods[] = {
    {"_call", m_call, METH_VARARGS, NULL},
    {"_eval", m_eval, METH_VARARGS, NULL},
    {"_var", m_var, METH_VARARGS, NULL},
    {"_notify", m_notify, METH_NOARGS, NULL},
    {"on_octave_thread", m_on_octave_thread, METH_NOARGS,
     "on_octave_thread() -> bool: True on the thread Octave runs on (any thread may ask)."},
    {NULL}
};

static PyTypeObject FunctionType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "matlab.Function",
    .tp_basicsize = sizeof(Function),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An Octave function handle.  f(*args, nargout=1) calls it on Octave's "
              "thread (matlab.ThreadError elsewhere; use matlab.submit(f, ...)).",
    .tp_dealloc = (destructor)function_dealloc,
    .tp_call = (ternaryfunc)function_call,
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "matlab", NULL, -1, module_methods,
};

/* The Python half: the public surface and the submit queue. */
static const char prelude[] =
"'''Call Octave from Python code run by pymex.\n"
"\n"
"Functions here run Octave code on Octave's thread; called from any other\n"
"thread they raise matlab.ThreadError at once, except submit(), which queues\n"
"the call for Octave's thread and returns a concurrent.futures.Future.\n"
"\n"
"  matlab.eval(code, nargout=0)          evaluate Octave code\n"
"  matlab.call(f, *args, nargout=1)      call a function (name or handle)\n"
"  matlab.<name>(*args, nargout=1)       same as matlab.call('<name>', ...)\n"
"  matlab.get(name, workspace='caller')  read a variable ('caller','base','global')\n"
"  matlab.put(name, value, workspace='caller')\n"
"  matlab.printf(fmt, *args)             print on the Octave console\n"
"  matlab.submit(f, *args, nargout=1)    any thread: run on Octave's thread later\n"
"  matlab.drain()                        run the submitted calls now\n"
"\n"
"Values cross by pymex's rules: float, int, bool, str, complex, None ([]),\n"
"buffers/numpy arrays, list/tuple (cell), dict (struct); other objects\n"
"arrive in Octave as pyobject handles.  Octave errors raise MatlabError\n"
"with .identifier and .message.\n"
"'''\n"
"import collections as _collections\n"
"\n"
"class MatlabError(Exception):\n"
"    '''An Octave error raised by Octave code that Python called.\n"
"\n"
"    .identifier is Octave's error identifier (may be ''), .message its message.'''\n"
"    identifier = ''\n"
"    message = ''\n"
"\n"
"class ThreadError(RuntimeError):\n"
"    '''A main-thread-only matlab function was called from another thread.'''\n"
"\n"
"def call(f, *args, nargout=1):\n"
"    '''call(f, *args, nargout=1): call the Octave function f (a name such as\n"
"    \"sqrt\", or a function handle) with args.  Returns None for nargout=0, the\n"
"    value for 1, a tuple for more.  Octave errors raise MatlabError.'''\n"
"    return _call(f, args, nargout)\n"
"\n"
"def eval(code, nargout=0):\n"
"    '''eval(code, nargout=0): evaluate Octave code in the workspace of the\n"
"    Octave code that called pyexec/pyeval/pycall/py.* (the caller).'''\n"
"    return _eval(code, nargout)\n"
"\n"
"def get(name, workspace='caller'):\n"
"    '''get(name, workspace='caller'): the value of an Octave variable.\n"
"    workspace is 'caller', 'base' or 'global'.'''\n"
"    return _var('get', workspace, name)\n"
"\n"
"def put(name, value, workspace='caller'):\n"
"    '''put(name, value, workspace='caller'): set an Octave variable.'''\n"
"    _var('put', workspace, name, value)\n"
"\n"
"def printf(fmt, *args):\n"
"    '''printf(fmt, *args): Octave's printf, on the Octave console.'''\n"
"    _call('printf', (fmt,) + args, 0)\n"
"\n"
"_queue = _collections.deque()\n"
"\n"
"def submit(f, *args, nargout=1):\n"
"    '''submit(f, *args, nargout=1) -> concurrent.futures.Future.  Safe from any\n"
"    thread: the call matlab.call(f, *args, nargout=nargout) runs on Octave's\n"
"    thread at the next pymex call, while Octave waits at its prompt, or at\n"
"    drain(); on Octave's own thread it runs at once (the future is done on\n"
"    return).  A failing call puts its MatlabError into the future; calls\n"
"    still queued when Octave exits get RuntimeError.'''\n"
"    import concurrent.futures   # on first use: Python starts faster\n"
"    fut = concurrent.futures.Future()\n"
"    if on_octave_thread() and not _exiting:\n"
"        _run_one(f, args, nargout, fut)\n"
"        return fut\n"
"    _queue.append((f, args, nargout, fut))\n"
"    if _exiting:\n"
"        _fail_queued()\n"
"    else:\n"
"        _notify()\n"
"    return fut\n"
"\n"
"_exiting = False\n"
"\n"
"def _run_one(f, args, nargout, fut):\n"
"    if not fut.set_running_or_notify_cancel():\n"
"        return False\n"
"    try:\n"
"        r = _call(f, args, nargout)\n"
"    except BaseException as e:\n"
"        fut.set_exception(e)\n"
"        if isinstance(e, (KeyboardInterrupt, SystemExit)):\n"
"            raise\n"
"    else:\n"
"        fut.set_result(r)\n"
"    return True\n"
"\n"
"def _fail_queued():\n"
"    while _queue:\n"
"        try:\n"
"            fut = _queue.popleft()[3]\n"
"        except IndexError:\n"
"            break\n"
"        if fut.set_running_or_notify_cancel():\n"
"            fut.set_exception(RuntimeError('Octave is exiting: the submitted call was not run'))\n"
"\n"
"def _shutdown():\n"
"    global _exiting\n"
"    _exiting = True\n"
"    _fail_queued()\n"
"\n"
"def drain():\n"
"    '''drain(): run every submitted call now (Octave's thread only).\n"
"    Returns the number of calls run.'''\n"
"    if not on_octave_thread():\n"
"        raise ThreadError('matlab.drain called from a thread that is not Octave\\'s')\n"
"    n = 0\n"
"    try:\n"
"        while _queue:\n"
"            f, args, nargout, fut = _queue.popleft()\n"
"            n += _run_one(f, args, nargout, fut)\n"
"    finally:\n"
"        if _queue:\n"
"            _notify()   # interrupted: the rest runs at the next opportunity\n"
"    return n\n"
"\n"
"def __getattr__(name):\n"
"    if name.startswith('__'):\n"
"        raise AttributeError(name)\n"
"    def f(*args, nargout=1):\n"
"        return _call(name, args, nargout)\n"
"    f.__name__ = f.__qualname__ = name\n"
"    f.__doc__ = 'matlab.%s(*args, nargout=1): call the Octave function %s.' % (name, name)\n"
"    return f\n";

PyObject *pm_matlab_module_init(void)
{
    PyObject *m = PyModule_Create(&module_def), *r = NULL, *d;
    if (!m) return NULL;
    if (PyType_Ready(&FunctionType) < 0) goto fail;
    if (PyModule_AddObjectRef(m, "Function", (PyObject *)&FunctionType) < 0) goto fail;
    d = PyModule_GetDict(m);   /* Borrowed */
    if (PyDict_SetItemString(d, "__builtins__", PyEval_GetBuiltins()) < 0) goto fail;
    r = PyRun_String(prelude, Py_file_input, d, d);
    if (!r) goto fail;
    Py_DECREF(r);
    pm_MatlabError = PyDict_GetItemString(d, "MatlabError");   /* the module keeps them alive */
    pm_ThreadError = PyDict_GetItemString(d, "ThreadError");
    Py_XINCREF(pm_MatlabError); Py_XINCREF(pm_ThreadError);
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}

/* Requires: GIL.  From now on matlab.* raise instead of calling Octave and
   submit() gives failed futures; the calls still queued fail now. */
void pm_exit_begin(void)
{
    PyObject *m, *r = NULL;
    octave_exiting = 1;
    submit_pending = 0;
    m = PyImport_ImportModule("matlab");
    if (m) r = PyObject_CallMethod(m, "_shutdown", NULL);
    if (!r) PyErr_Clear();
    Py_XDECREF(r); Py_XDECREF(m);
}

/* Requires: GIL, Octave's thread. */
int pm_submit_run_pending(void)
{
    PyObject *m, *r;
    if (!submit_pending) return 0;
    submit_pending = 0;
    m = PyImport_ImportModule("matlab");
    r = m ? PyObject_CallMethod(m, "drain", NULL) : NULL;
    Py_XDECREF(m);
    if (!r) return -1;
    Py_DECREF(r);
    return 0;
}
