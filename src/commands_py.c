/* commands_py.c -- handlers of the gateway commands that run Python.
 *
 * Each handler: int h(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[]),
 * called by gateway.c with the GIL held, arity already checked, prhs[0] being
 * the first argument after the command name.  Returns 0, or -1 with a Python
 * exception set or a pymex error recorded.
 */
#include "pymex.h"
#include "commands.h"
#include <string.h>
#include <stdarg.h>

static PyObject *support;       /* the _pymex module (pysupport.py) */
static PyObject *kwargs_type;   /* _pymex.Kwargs */

static const char support_src[] =
#include "pysupport.inc"
;

int pm_support_init(void)
{
    PyObject *code, *mod;
    if (support) return 0;
    code = Py_CompileString(support_src, "<pymex support>", Py_file_input);
    if (!code) return -1;
    mod = PyImport_ExecCodeModule("_pymex", code);
    Py_DECREF(code);
    if (!mod) return -1;
    if (pm_array_init(mod) < 0) { Py_DECREF(mod); return -1; }
    kwargs_type = PyObject_GetAttrString(mod, "Kwargs");
    if (!kwargs_type) { Py_DECREF(mod); return -1; }
    support = mod;
    return 0;
}

/* _pymex.<fn>(args...) -> New reference. */
static PyObject *support_call(const char *fn, const char *fmt, ...)
{
    va_list ap;
    PyObject *f = PyObject_GetAttrString(support, fn), *args, *r = NULL;
    if (!f) return NULL;
    va_start(ap, fmt);
    args = Py_VaBuildValue(fmt, ap);
    va_end(ap);
    if (args && !PyTuple_Check(args)) Py_SETREF(args, PyTuple_Pack(1, args));
    if (args) r = PyObject_Call(f, args, NULL);
    Py_XDECREF(args);
    Py_DECREF(f);
    return r;
}

/* ---- argument helpers ----------------------------------------------- */

/* New reference to a str argument, or NULL + pm error. */
static char *arg_string(const mxArray *a, const char *fn, int argno)
{
    if (!a || !mxIsChar(a) || (mxGetM(a) > 1) || (mxGetNumberOfDimensions(a) > 2)) {
        pm_argerror(fn, argno, "char row vector", a);
        return NULL;
    }
    char *s = pm_mx_string(a);
    if (!s) pm_error("pymex:badArgument", "bad argument #%d to '%s' (cannot read text)", argno, fn);
    return s;
}

/* The Python object behind a pyobject argument (Borrowed), or NULL + error. */
static PyObject *arg_object(const mxArray *a, const char *fn, int argno)
{
    PyObject *o;
    if (!pm_is_handle(a)) { pm_argerror(fn, argno, "pyobject", a); return NULL; }
    o = pm_handle_get(a);
    return o;   /* NULL here means a stale handle: exception set */
}

/* Namespace argument: a pyobject wrapping a dict, or __main__'s dict. Borrowed. */
static PyObject *arg_namespace(int nrhs, const mxArray *prhs[], int idx, const char *fn)
{
    if (nrhs > idx) {
        PyObject *ns = arg_object(prhs[idx], fn, idx + 1);
        if (ns && !PyDict_Check(ns)) {
            pm_error("pymex:badArgument", "bad argument #%d to '%s' (expected a py.dict namespace, got %s)",
                     idx + 1, fn, Py_TYPE(ns)->tp_name);
            return NULL;
        }
        return ns;
    }
    PyObject *main = PyImport_AddModule("__main__");   /* Borrowed */
    return main ? PyModule_GetDict(main) : NULL;
}

/* Converts prhs[first..nrhs-1] into positional args and keywords (pyargs values
 * are merged into the keywords).  New references in *args, *kw (kw may be NULL). */
static int call_args(int nrhs, const mxArray *prhs[], int first, const char *fn,
                     PyObject **args, PyObject **kw)
{
    PyObject *list = PyList_New(0);
    *args = NULL; *kw = NULL;
    if (!list) return -1;
    for (int i = first; i < nrhs; i++) {
        PyObject *v = pm_to_python(prhs[i], fn, i + 1);
        if (!v) goto fail;
        if (PyObject_TypeCheck(v, (PyTypeObject *)kwargs_type)) {
            if ((!*kw && !(*kw = PyDict_New())) || PyDict_Update(*kw, v) < 0) { Py_DECREF(v); goto fail; }
        } else if (PyList_Append(list, v) < 0) { Py_DECREF(v); goto fail; }
        Py_DECREF(v);
    }
    *args = PyList_AsTuple(list);
    Py_DECREF(list);
    return *args ? 0 : -1;
fail:
    Py_DECREF(list);
    Py_CLEAR(*kw);
    return -1;
}

/* Hands one result to Octave: nothing for None when no output was asked for. */
static int put_result(int nlhs, mxArray *plhs[], PyObject *r)
{
    if (r == Py_None && nlhs == 0) return 0;
    plhs[0] = pm_to_octave_auto(r);
    return plhs[0] ? 0 : -1;
}

/* ---- exec / eval / run ---------------------------------------------- */

/* Compiled code by (source, mode): loops calling pyeval/pyexec with the same
 * text skip the compiler.  Bounded: cleared when it reaches CACHE_MAX entries. */
#define CACHE_MAX 256
static PyObject *code_cache;

static PyObject *compile_cached(const char *code, const char *filename, int mode)
{
    PyObject *key, *co;
    if (!code_cache && !(code_cache = PyDict_New())) return NULL;
    if (!(key = Py_BuildValue("(ssi)", code, filename, mode))) return NULL;
    co = PyDict_GetItemWithError(code_cache, key);      /* Borrowed */
    if (co) { Py_DECREF(key); return Py_NewRef(co); }
    if (PyErr_Occurred() || !(co = Py_CompileString(code, filename, mode))) { Py_DECREF(key); return NULL; }
    if (PyDict_GET_SIZE(code_cache) >= CACHE_MAX) PyDict_Clear(code_cache);
    if (PyDict_SetItem(code_cache, key, co) < 0) PyErr_Clear();
    Py_DECREF(key);
    return co;
}

static PyObject *run_code(const char *code, const char *filename, int mode, PyObject *globals)
{
    PyObject *co = compile_cached(code, filename, mode), *r;
    if (!co) return NULL;
    r = PyEval_EvalCode(co, globals, globals);
    Py_DECREF(co);
    return r;
}

int cmd_exec(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char *code = arg_string(prhs[0], "pyexec", 1);
    PyObject *ns, *r;
    if (!code) return -1;
    ns = arg_namespace(nrhs, prhs, 1, "pyexec");
    r = ns ? run_code(code, "<pyexec>", Py_file_input, ns) : NULL;
    mxFree(code);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

int cmd_eval(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char *code = arg_string(prhs[0], "pyeval", 1);
    PyObject *ns, *r;
    int rc;
    if (!code) return -1;
    ns = arg_namespace(nrhs, prhs, 1, "pyeval");
    r = ns ? run_code(code, "<pyeval>", Py_eval_input, ns) : NULL;
    mxFree(code);
    if (!r) return -1;
    rc = put_result(nlhs, plhs, r);
    Py_DECREF(r);
    return rc;
}

/* Output names: a char row or a cell of char rows. New reference to a list of str. */
static PyObject *output_names(const mxArray *a, const char *fn)
{
    PyObject *names = PyList_New(0);
    if (!names) return NULL;
    if (mxIsChar(a) || (mxIsCell(a) && mxGetNumberOfElements(a) == 0) || mxIsEmpty(a)) {
        if (mxIsChar(a) && !mxIsEmpty(a)) {
            PyObject *s = pm_to_python(a, fn, 2);
            if (!s || PyList_Append(names, s) < 0) { Py_XDECREF(s); Py_DECREF(names); return NULL; }
            Py_DECREF(s);
        }
        return names;
    }
    if (!mxIsCell(a)) { Py_DECREF(names); pm_argerror(fn, 2, "char or cell of char (output names)", a); return NULL; }
    for (size_t i = 0; i < mxGetNumberOfElements(a); i++) {
        const mxArray *c = mxGetCell(a, i);
        PyObject *s;
        if (!c || !mxIsChar(c)) {
            Py_DECREF(names);
            pm_error("pymex:badArgument", "bad argument #2 to '%s' (output name %d is not char)", fn, (int)i + 1);
            return NULL;
        }
        s = pm_to_python(c, fn, 2);
        if (!s || PyList_Append(names, s) < 0) { Py_XDECREF(s); Py_DECREF(names); return NULL; }
        Py_DECREF(s);
    }
    return names;
}

/* Shared by run and runfile: bind inputs in ns, run, return the named outputs. */
static int run_common(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[],
                      const char *fn, const char *code, const char *filename, PyObject *ns)
{
    PyObject *names = NULL, *r = NULL;
    int rc = -1;
    if ((nrhs - 2) % 2) return pm_error("pymex:badArgument", "%s: inputs must be name/value pairs", fn);
    if (!(names = output_names(prhs[1], fn))) return -1;
    if (nlhs > PyList_GET_SIZE(names) && !(nlhs == 1 && PyList_GET_SIZE(names) == 0)) {
        pm_error("pymex:badArgument", "%s: %d outputs requested but %d names given", fn,
                 nlhs, (int)PyList_GET_SIZE(names));
        goto done;
    }
    for (int i = 2; i < nrhs; i += 2) {
        PyObject *v;
        char *name = arg_string(prhs[i], fn, i + 1);
        if (!name) goto done;
        v = pm_to_python(prhs[i + 1], fn, i + 2);
        if (!v || PyDict_SetItemString(ns, name, v) < 0) { Py_XDECREF(v); mxFree(name); goto done; }
        Py_DECREF(v);
        mxFree(name);
    }
    if (!(r = run_code(code, filename, Py_file_input, ns))) goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(names) && i < (nlhs ? nlhs : 1); i++) {
        PyObject *key = PyList_GET_ITEM(names, i), *v = PyDict_GetItemWithError(ns, key);
        if (!v) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_NameError, "%s: output variable '%U' is not defined by the code", fn, key);
            goto done;
        }
        if (!(plhs[i] = pm_to_octave_auto(v))) goto done;
    }
    rc = 0;
done:
    Py_XDECREF(names); Py_XDECREF(r);
    return rc;
}

int cmd_run(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char *code = arg_string(prhs[0], "pyrun", 1);
    PyObject *ns;
    int rc = -1;
    if (!code) return -1;
    if ((ns = arg_namespace(0, prhs, 0, "pyrun")))
        rc = run_common(nlhs, plhs, nrhs, prhs, "pyrun", code, "<pyrun>", ns);
    mxFree(code);
    return rc;
}

int cmd_runfile(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char *file = arg_string(prhs[0], "pyrunfile", 1);
    PyObject *io = NULL, *text = NULL, *ns = NULL, *path = NULL;
    int rc = -1;
    if (!file) return -1;
    /* A fresh namespace, as a script run by `python file.py` has. */
    if (!(path = PyUnicode_DecodeFSDefault(file))) goto done;
    if (!(io = PyImport_ImportModule("io"))) goto done;
    if (!(text = PyObject_CallMethod(io, "open", "Os", path, "rb"))) goto done;
    Py_SETREF(text, PyObject_CallMethod(text, "read", NULL));  /* file closed by refcount */
    if (!text || !(ns = PyDict_New())) goto done;
    if (PyDict_SetItemString(ns, "__name__", PyUnicode_FromString("__main__")) < 0 ||
        PyDict_SetItemString(ns, "__file__", path) < 0 ||
        PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins()) < 0) goto done;
    {
        const char *src = PyBytes_AsString(text);   /* compile honours a coding: line */
        if (src) rc = run_common(nlhs, plhs, nrhs, prhs, "pyrunfile", src, file, ns);
    }
done:
    mxFree(file);
    Py_XDECREF(io); Py_XDECREF(text); Py_XDECREF(ns); Py_XDECREF(path);
    return rc;
}

/* ---- calls ----------------------------------------------------------- */

/* o.name, importing a submodule when o is a package (py.os.path). New ref. */
static PyObject *get_attr(PyObject *o, PyObject *name)
{
    PyObject *r = PyObject_GetAttr(o, name);
    if (r || !PyModule_Check(o) || !PyErr_ExceptionMatches(PyExc_AttributeError)) return r;
    PyErr_Clear();
    return support_call("attr", "(OO)", o, name);
}

/* A top-level name under py.: a builtin (py.len, py.list) or a module. New ref. */
static PyObject *root_attr(PyObject *name)
{
    PyObject *b = PyEval_GetBuiltins(), *r = PyDict_GetItemWithError(b, name);   /* Borrowed */
    if (r) return Py_NewRef(r);
    if (PyErr_Occurred()) return NULL;
    r = PyImport_GetModule(name);            /* already imported: no import machinery */
    if (r || PyErr_Occurred()) return r;
    return PyImport_Import(name);
}

/* "numpy.linalg.norm", "len" or "my_fn" -> the object it names: the first part
 * is looked up in __main__ (what pyexec defined), then builtins, then imported.
 * New reference. */
static PyObject *resolve_name(const char *dotted)
{
    PyObject *o = NULL;
    const char *p = dotted;
    size_t n = strlen(dotted);
    if (!n || dotted[0] == '.' || dotted[n - 1] == '.' || strstr(dotted, ".."))
        return PyErr_Format(PyExc_ValueError, "'%s' is not a dotted Python name", dotted);
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        PyObject *name = PyUnicode_FromStringAndSize(p, (Py_ssize_t)len), *next;
        if (!name) { Py_XDECREF(o); return NULL; }
        if (!len || !PyUnicode_IsIdentifier(name)) {
            Py_DECREF(name); Py_XDECREF(o);
            return PyErr_Format(PyExc_ValueError, "'%s' is not a dotted Python name", dotted);
        }
        if (o) {
            next = get_attr(o, name);
        } else {
            PyObject *main = PyImport_AddModule("__main__");              /* Borrowed */
            next = main ? PyDict_GetItemWithError(PyModule_GetDict(main), name) : NULL;
            next = next ? Py_NewRef(next) : PyErr_Occurred() ? NULL : root_attr(name);
        }
        Py_DECREF(name);
        Py_XDECREF(o);
        if (!(o = next) || !dot) return o;
        p = dot + 1;
    }
}

int cmd_call(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *f = NULL, *args = NULL, *kw = NULL, *r = NULL;
    int rc = -1;
    if (mxIsChar(prhs[0])) {
        char *name = arg_string(prhs[0], "pycall", 1);
        if (!name) return -1;
        f = resolve_name(name);
        mxFree(name);
    } else if (pm_is_handle(prhs[0])) {
        f = Py_XNewRef(pm_handle_get(prhs[0]));
    } else {
        return pm_argerror("pycall", 1, "a dotted function name or a pyobject", prhs[0]);
    }
    if (!f) return -1;
    if (call_args(nrhs, prhs, 1, "pycall", &args, &kw) < 0) goto done;
    if (!(r = PyObject_Call(f, args, kw))) goto done;
    rc = put_result(nlhs, plhs, r);
done:
    Py_XDECREF(f); Py_XDECREF(args); Py_XDECREF(kw); Py_XDECREF(r);
    return rc;
}

int cmd_kwargs(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *kw;
    if (nrhs % 2) return pm_error("pymex:badArgument", "pyargs: arguments must be name/value pairs");
    if (!(kw = PyObject_CallNoArgs(kwargs_type))) return -1;
    for (int i = 0; i < nrhs; i += 2) {
        PyObject *v;
        char *name = arg_string(prhs[i], "pyargs", i + 1);
        if (!name) { Py_DECREF(kw); return -1; }
        v = pm_to_python(prhs[i + 1], "pyargs", i + 2);
        if (!v || PyDict_SetItemString(kw, name, v) < 0) { Py_XDECREF(v); mxFree(name); Py_DECREF(kw); return -1; }
        Py_DECREF(v);
        mxFree(name);
    }
    plhs[0] = pm_handle_new(kw);
    Py_DECREF(kw);
    return plhs[0] ? 0 : -1;
}

/* ---- object handles: subsref / subsasgn ------------------------------ */

/* One step of an Octave index chain S(k): '.', '()' or '{}'. */
typedef struct { char type; const mxArray *subs; } step;

static int read_steps(const mxArray *S, step *steps, int max)
{
    int n;
    if (!mxIsStruct(S)) return pm_argerror("subsref", 2, "an index struct", S);
    n = (int)mxGetNumberOfElements(S);
    if (n > max) return pm_error("pymex:badArgument", "index chain too long (%d)", n);
    for (int k = 0; k < n; k++) {
        const mxArray *t = mxGetField(S, k, "type");
        char buf[4] = {0};
        if (!t || (mxGetString(t, buf, sizeof buf) != 0 && !buf[0]))
            return pm_error("pymex:badArgument", "malformed index struct");
        steps[k].type = buf[0];
        steps[k].subs = mxGetField(S, k, "subs");
    }
    return n;
}

/* Python args from a '()' or '{}' step's cell of subscripts. New ref tuple + kw. */
static int step_args(const step *s, PyObject **args, PyObject **kw)
{
    const mxArray *c = s->subs;
    int n = c && mxIsCell(c) ? (int)mxGetNumberOfElements(c) : 0;
    const mxArray *items[256];
    if (n > 256) return pm_error("pymex:badArgument", "too many arguments (%d)", n);
    for (int i = 0; i < n; i++) items[i] = mxGetCell(c, i);
    return call_args(n, items, 0, "py call", args, kw);
}

static int is_plain_callable(PyObject *o)
{
    /* Functions, methods and classes are called by o.f without (); other
       callables (objects with __call__) are returned. */
    return PyFunction_Check(o) || PyCFunction_Check(o) || PyMethod_Check(o) || PyType_Check(o)
        || !strcmp(Py_TYPE(o)->tp_name, "method_descriptor")
        || !strcmp(Py_TYPE(o)->tp_name, "builtin_function_or_method")
        || !strcmp(Py_TYPE(o)->tp_name, "numpy.ufunc");
}

/* Walks steps[0..n-1] from cur (NULL: the py root).  New reference. */
static PyObject *walk(PyObject *cur, const step *steps, int n, int call_trailing)
{
    PyObject *o = Py_XNewRef(cur);
    int last_dot = 0;
    for (int k = 0; k < n; k++) {
        const step *s = &steps[k];
        PyObject *next = NULL, *args = NULL, *kw = NULL;
        if (s->type == '.') {
            PyObject *name;
            if (!s->subs || !mxIsChar(s->subs)) {
                Py_XDECREF(o);
                pm_error("pymex:badIndex", "dynamic field names must be char");
                return NULL;
            }
            name = pm_to_python(s->subs, "subsref", 2);
            if (!name) { Py_XDECREF(o); return NULL; }
            next = o ? get_attr(o, name) : root_attr(name);
            Py_DECREF(name);
            last_dot = 1;
        } else if (!o) {
            pm_error("pymex:badIndex", "py must be followed by a module or builtin name: py.math.sqrt(2)");
            return NULL;
        } else if (s->type == '(') {
            if (step_args(s, &args, &kw) < 0) { Py_DECREF(o); return NULL; }
            if (PyCallable_Check(o) && (last_dot || !PySequence_Check(o)))
                next = PyObject_Call(o, args, kw);
            else if (kw)
                PyErr_SetString(PyExc_TypeError, "pyargs can only be passed to calls");
            else
                next = support_call("index", "(OO)", o, args);
            last_dot = 0;
        } else if (s->type == '{') {
            if (step_args(s, &args, &kw) < 0) { Py_DECREF(o); return NULL; }
            next = support_call("getitem", "(OO)", o, args);
            last_dot = 0;
        } else {
            pm_error("pymex:badIndex", "unknown index type '%c'", s->type);
        }
        Py_XDECREF(args); Py_XDECREF(kw);
        Py_XDECREF(o);
        if (!next) return NULL;
        o = next;
    }
    /* MATLAB calls a function reached by '.' without (): py.time.time, py.list */
    if (call_trailing && last_dot && is_plain_callable(o)) {
        PyObject *r = PyObject_CallNoArgs(o);
        Py_DECREF(o);
        o = r;
    }
    return o;
}

/* The object of a pyobject argument, or NULL for the py root (id 0). */
static int arg_target(const mxArray *a, const char *fn, PyObject **o)
{
    double id;
    if (pm_handle_id(a, &id) < 0) return pm_argerror(fn, 1, "pyobject", a);
    *o = NULL;
    if (id == 0) return 0;
    *o = pm_handle_lookup(id);
    return *o ? 0 : -1;
}

/* subsref(obj, S) */
int cmd_subsref(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    step steps[64];
    PyObject *o, *r;
    int n, rc;
    if (arg_target(prhs[0], "subsref", &o) < 0) return -1;
    if ((n = read_steps(prhs[1], steps, 64)) < 0) return -1;
    if (!(r = walk(o, steps, n, 1))) return -1;
    rc = put_result(nlhs, plhs, r);
    Py_DECREF(r);
    return rc;
}

/* subsasgn(obj, S, value): o.a = v, o{k} = v, o.a.b{k} = v */
int cmd_subsasgn(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    step steps[64];
    PyObject *o, *target = NULL, *v = NULL, *args = NULL, *kw = NULL, *r = NULL;
    int n, rc = -1;
    if (arg_target(prhs[0], "subsasgn", &o) < 0) return -1;
    if ((n = read_steps(prhs[1], steps, 64)) < 0) return -1;
    if (!o || n < 1) return pm_error("pymex:badIndex", "cannot assign to the py namespace");
    if (!(target = walk(o, steps, n - 1, 0))) return -1;
    if (!(v = pm_to_python(prhs[2], "subsasgn", 3))) goto done;
    if (steps[n - 1].type == '.') {
        PyObject *name = pm_to_python(steps[n - 1].subs, "subsasgn", 2);
        if (name) { rc = PyObject_SetAttr(target, name, v); Py_DECREF(name); }
        goto done;
    }
    if (steps[n - 1].type == '{' || steps[n - 1].type == '(') {
        if (step_args(&steps[n - 1], &args, &kw) < 0) goto done;
        r = support_call("setitem", "(OOO)", target, args, v);
        rc = r ? 0 : -1;
    }
done:
    Py_XDECREF(target); Py_XDECREF(v); Py_XDECREF(args); Py_XDECREF(kw); Py_XDECREF(r);
    return rc;
}

/* ---- handle utilities ------------------------------------------------ */

int cmd_del(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    if (!mxIsDouble(prhs[0]) || mxGetNumberOfElements(prhs[0]) != 1)
        return pm_argerror("pymex del", 1, "a handle id", prhs[0]);
    if (*mxGetDoubles(prhs[0]) > 0) pm_handle_drop(*mxGetDoubles(prhs[0]));
    return 0;
}

int cmd_convert(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *o = arg_object(prhs[0], "convert", 1);
    char *cls;
    if (!o) return -1;
    if (!(cls = arg_string(prhs[1], "convert", 2))) return -1;
    plhs[0] = pm_to_octave_as(o, cls);
    mxFree(cls);
    return plhs[0] ? 0 : -1;
}

/* Text-valued queries on an object: classname, repr, str, display, doc. */
int cmd_text(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char *what = arg_string(prhs[0], "pymex text", 1);
    PyObject *o, *r = NULL;
    double id;
    if (!what) return -1;
    if (pm_handle_id(prhs[1], &id) == 0 && id == 0) {
        r = PyUnicode_FromString(!strcmp(what, "classname") ? "py" : "py (the Python namespace: py.module.function(...))");
    } else if ((o = arg_object(prhs[1], "pymex text", 2))) {
        if (!strcmp(what, "classname")) r = support_call("classname", "(O)", o);
        else if (!strcmp(what, "repr")) r = PyObject_Repr(o);
        else if (!strcmp(what, "str")) r = PyObject_Str(o);
        else if (!strcmp(what, "doc")) {
            r = PyObject_GetAttrString(o, "__doc__");
            if (r == Py_None) { Py_DECREF(r); r = PyUnicode_FromString(""); }
        } else if (!strcmp(what, "display")) {
            char *name = nrhs > 2 ? arg_string(prhs[2], "display", 3) : NULL;
            r = support_call("display", "(Os)", o, name ? name : "");
            if (name) mxFree(name);
        } else pm_error("pymex:badArgument", "unknown text query '%s'", what);
    }
    mxFree(what);
    if (!r) return -1;
    if (!PyUnicode_Check(r)) { Py_SETREF(r, PyObject_Str(r)); if (!r) return -1; }
    plhs[0] = pm_to_octave_as(r, "char");
    Py_DECREF(r);
    return plhs[0] ? 0 : -1;
}

/* isa(obj, 'py.list') */
int cmd_isa(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *o = arg_object(prhs[0], "isa", 1), *r;
    char *name;
    if (!o) return -1;
    if (!(name = arg_string(prhs[1], "isa", 2))) return -1;
    r = support_call("isa", "(Os)", o, name);
    mxFree(name);
    if (!r) return -1;
    plhs[0] = mxCreateLogicalScalar(PyObject_IsTrue(r));
    Py_DECREF(r);
    return 0;
}

/* names(obj, kind): kind 'fields' | 'methods' | 'names' -> cell column of char */
int cmd_names(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *o = arg_object(prhs[0], "fieldnames", 1), *r;
    char *kind;
    if (!o) return -1;
    if (!(kind = arg_string(prhs[1], "names", 2))) return -1;
    r = support_call(kind, "(O)", o);
    mxFree(kind);
    if (!r) return -1;
    plhs[0] = mxCreateCellMatrix((mwSize)PyList_GET_SIZE(r), 1);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(r); i++)
        mxSetCell(plhs[0], (mwIndex)i, pm_to_octave_as(PyList_GET_ITEM(r, i), "char"));
    Py_DECREF(r);
    return 0;
}

/* len(obj); with a second argument "numel", an object without a length counts
 * as 1 (Octave asks numel of every object, e.g. before o.attr = v). */
int cmd_len(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *o = arg_object(prhs[0], "length", 1);
    Py_ssize_t n;
    if (!o) return -1;
    if ((n = PyObject_Length(o)) < 0) {
        if (nrhs < 2 || !PyErr_ExceptionMatches(PyExc_TypeError)) return -1;
        PyErr_Clear();
        n = 1;
    }
    plhs[0] = mxCreateDoubleScalar((double)n);
    return 0;
}

/* binop(name, a, b) / unop(name, a): Octave operators on pyobjects. */
int cmd_op(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char *name = arg_string(prhs[0], "operator", 1);
    PyObject *a = NULL, *b = NULL, *r = NULL;
    int rc = -1;
    if (!name) return -1;
    if (!(a = pm_to_python(prhs[1], name, 1))) goto done;
    if (nrhs > 2 && !(b = pm_to_python(prhs[2], name, 2))) goto done;
    r = b ? support_call("binop", "(sOO)", name, a, b) : support_call("unop", "(sO)", name, a);
    if (r) rc = put_result(1, plhs, r);
done:
    mxFree(name);
    Py_XDECREF(a); Py_XDECREF(b); Py_XDECREF(r);
    return rc;
}

/* Number of live handles (for leak tests). */
int cmd_count(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    plhs[0] = mxCreateDoubleScalar((double)pm_handle_count());
    return 0;
}

int cmd_drain(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    return pm_submit_run_pending();
}
