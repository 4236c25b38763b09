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
#include <math.h>

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
/* Text crosses counted: a NUL inside a char argument is a character, never
 * the end of the text.  Names and keywords that select behaviour are
 * compared in full, so "double\0x" is not "double". */

static int is_char_row(const mxArray *a)
{
    return a && mxIsChar(a) && mxGetNumberOfDimensions(a) == 2 && (mxGetM(a) == 1 || mxIsEmpty(a));
}

/* The bytes of a char row (UTF-8 in Octave): a new bytes object. */
static PyObject *mx_bytes(const mxArray *a)
{
#ifdef PYMEX_OCTAVE
    size_t n = mxGetNumberOfElements(a);
    return PyBytes_FromStringAndSize(n ? (const char *)mxGetChars(a) : "", (Py_ssize_t)n);
#else
    PyObject *u = PyUnicode_DecodeUTF16((const char *)mxGetChars(a),
                                        (Py_ssize_t)(2 * mxGetNumberOfElements(a)), "surrogatepass", NULL);
    PyObject *b = u ? PyUnicode_AsEncodedString(u, "utf-8", "surrogatepass") : NULL;
    Py_XDECREF(u);
    return b;
#endif
}

/* The text of a char row: a new str (to_python.c; counted, and bytes that
 * are not UTF-8 kept as surrogate escapes, as Python does for file names). */
#define mx_str pm_str_from_mx

/* A str argument (new reference), or NULL + pm error. */
static PyObject *arg_str(const mxArray *a, const char *fn, int argno)
{
    if (!is_char_row(a)) { pm_argerror(fn, argno, "char row vector", a); return NULL; }
    return mx_str(a);
}

/* Source code argument: new bytes (compile() reads them as a file's bytes). */
static PyObject *arg_source(const mxArray *a, const char *fn, int argno)
{
    if (!is_char_row(a)) { pm_argerror(fn, argno, "char row vector", a); return NULL; }
    return mx_bytes(a);
}

/* A short word argument that must be one of choices[] (NULL-terminated):
 * its index, or -1 + pm error listing the choices. */
static int arg_choice(const mxArray *a, const char *fn, int argno, const char *const choices[])
{
    char word[32] = "", list[512] = "";
    size_t n = is_char_row(a) ? mxGetNumberOfElements(a) : 0;
    if (is_char_row(a) && n < sizeof word) {
#ifdef PYMEX_OCTAVE
        memcpy(word, mxGetChars(a), n);
#else
        mxGetString(a, word, sizeof word);
#endif
        if (strlen(word) == n)                /* no NUL inside */
            for (int i = 0; choices[i]; i++)
                if (!strcmp(word, choices[i])) return i;
    }
    for (int i = 0; choices[i]; i++) {
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s'%s'", i ? ", " : "", choices[i]);
    }
    if (!is_char_row(a)) pm_argerror(fn, argno, list, a);
    else pm_error("pymex:badArgument", "bad argument #%d to '%s' (expected one of %s, got '%.40s%s')",
                  argno, fn, list, word, n >= 40 || strlen(word) != n ? "..." : "");
    return -1;
}

/* repr(s) as UTF-8 for messages (ASCII-safe: NUL and surrogates escaped). */
static const char *repr_utf8(PyObject *s, PyObject **keep)
{
    const char *r;
    *keep = PyObject_Repr(s);
    r = *keep ? PyUnicode_AsUTF8(*keep) : NULL;
    if (!r) { PyErr_Clear(); r = "?"; }
    return r;
}

/* The Python object behind a pyobject argument (Borrowed), or NULL + error. */
static PyObject *arg_object(const mxArray *a, const char *fn, int argno)
{
    double id;
    int rc = pm_handle_id(a, &id);
    if (rc == -1) { pm_argerror(fn, argno, "pyobject", a); return NULL; }
    if (rc < 0) {
        pm_error("pymex:badArgument", "bad argument #%d to '%s' (a pyobject whose handle id "
                 "is not valid)", argno, fn);
        return NULL;
    }
    if (id == 0) {
        pm_error("pymex:badArgument", "bad argument #%d to '%s' (expected a Python object, got py, "
                 "the Python namespace)", argno, fn);
        return NULL;
    }
    return pm_handle_lookup(id);   /* NULL here means a stale handle: exception set */
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

/* Compiled code by (source, filename, mode): loops calling pyeval/pyexec with
 * the same text skip the compiler.  Bounded: cleared at CACHE_MAX entries.
 * The compiler is Python's compile() on the source's bytes, so the text is
 * read as Python reads a file: a NUL, bytes that are not UTF-8 and coding
 * declarations are handled (and refused) exactly as by plain Python. */
#define CACHE_MAX 256
static PyObject *code_cache;

static PyObject *compile_cached(PyObject *src, PyObject *filename, const char *mode)
{
    PyObject *key, *co, *compile;
    if (!code_cache && !(code_cache = PyDict_New())) return NULL;
    if (!(key = Py_BuildValue("(OOs)", src, filename, mode))) return NULL;
    co = PyDict_GetItemWithError(code_cache, key);      /* Borrowed */
    if (co) { Py_DECREF(key); return Py_NewRef(co); }
    if (PyErr_Occurred()) { Py_DECREF(key); return NULL; }
    compile = PyDict_GetItemString(PyEval_GetBuiltins(), "compile");   /* Borrowed */
    if (!compile) {
        Py_DECREF(key);
        PyErr_SetString(PyExc_RuntimeError, "builtins.compile is missing");
        return NULL;
    }
    /* compile(source, filename, mode, flags=0, dont_inherit=True) */
    co = PyObject_CallFunction(compile, "OOsii", src, filename, mode, 0, 1);
    if (!co) { Py_DECREF(key); return NULL; }
    if (PyDict_GET_SIZE(code_cache) >= CACHE_MAX) PyDict_Clear(code_cache);
    if (PyDict_SetItem(code_cache, key, co) < 0) PyErr_Clear();
    Py_DECREF(key);
    return co;
}

/* src: bytes; filename: str.  New reference to the result. */
static PyObject *run_code(PyObject *src, PyObject *filename, const char *mode, PyObject *globals)
{
    PyObject *co = compile_cached(src, filename, mode), *r;
    if (!co) return NULL;
    r = PyEval_EvalCode(co, globals, globals);
    Py_DECREF(co);
    return r;
}

static PyObject *run_source(PyObject *src, const char *filename, const char *mode, PyObject *globals)
{
    PyObject *fname = PyUnicode_FromString(filename), *r;
    if (!fname) return NULL;
    r = run_code(src, fname, mode, globals);
    Py_DECREF(fname);
    return r;
}

int cmd_exec(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *code = arg_source(prhs[0], "pyexec", 1), *ns, *r;
    if (!code) return -1;
    ns = arg_namespace(nrhs, prhs, 1, "pyexec");
    r = ns ? run_source(code, "<pyexec>", "exec", ns) : NULL;
    Py_DECREF(code);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

int cmd_eval(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *code = arg_source(prhs[0], "pyeval", 1), *ns, *r;
    int rc;
    if (!code) return -1;
    ns = arg_namespace(nrhs, prhs, 1, "pyeval");
    r = ns ? run_source(code, "<pyeval>", "eval", ns) : NULL;
    Py_DECREF(code);
    if (!r) return -1;
    rc = put_result(nlhs, plhs, r);
    Py_DECREF(r);
    return rc;
}

/* A Python variable name (str, identifier), new reference; NULL + pm error
 * naming the argument otherwise.  `what` says which name ("output name 2"). */
static PyObject *var_name(const mxArray *a, const char *fn, int argno, const char *what)
{
    PyObject *s, *keep = NULL;
    if (!is_char_row(a)) {
        if (what) pm_error("pymex:badArgument", "bad argument #%d to '%s' (%s is not char)", argno, fn, what);
        else pm_argerror(fn, argno, "char row vector (a Python variable name)", a);
        return NULL;
    }
    if (!(s = mx_str(a))) return NULL;
    if (PyUnicode_IsIdentifier(s) != 1) {
        PyErr_Clear();
        pm_error("pymex:badArgument", "bad argument #%d to '%s' (%s%s%s is not a Python variable name)",
                 argno, fn, what ? what : "", what ? " " : "", repr_utf8(s, &keep));
        Py_XDECREF(keep);
        Py_DECREF(s);
        return NULL;
    }
    return s;
}

/* Output names: a char row or a cell of char rows. New reference to a list of str. */
static PyObject *output_names(const mxArray *a, const char *fn)
{
    PyObject *names = PyList_New(0);
    if (!names) return NULL;
    if (mxIsChar(a)) {
        if (!mxIsEmpty(a)) {
            PyObject *s = var_name(a, fn, 2, "output name");
            if (!s || PyList_Append(names, s) < 0) { Py_XDECREF(s); Py_DECREF(names); return NULL; }
            Py_DECREF(s);
        }
        return names;
    }
    if (!mxIsCell(a)) {
        if (mxIsEmpty(a) && mxIsDouble(a)) return names;          /* [] : no outputs */
        Py_DECREF(names);
        pm_argerror(fn, 2, "char or cell of char (output names)", a);
        return NULL;
    }
    for (size_t i = 0; i < mxGetNumberOfElements(a); i++) {
        char what[48];
        PyObject *s;
        snprintf(what, sizeof what, "output name %d", (int)i + 1);
        s = var_name(mxGetCell(a, i), fn, 2, what);
        if (!s || PyList_Append(names, s) < 0) { Py_XDECREF(s); Py_DECREF(names); return NULL; }
        Py_DECREF(s);
    }
    return names;
}

/* Shared by run and runfile: bind inputs in ns, run, return the named outputs. */
static int run_common(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[],
                      const char *fn, PyObject *code, PyObject *filename, PyObject *ns)
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
        PyObject *v, *name = var_name(prhs[i], fn, i + 1, NULL);
        if (!name) goto done;
        v = pm_to_python(prhs[i + 1], fn, i + 2);
        if (!v || PyDict_SetItem(ns, name, v) < 0) { Py_XDECREF(v); Py_DECREF(name); goto done; }
        Py_DECREF(v);
        Py_DECREF(name);
    }
    if (!(r = run_code(code, filename, "exec", ns))) goto done;
    /* Every name must be defined (a typo is an error), the first nlhs are returned. */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(names); i++) {
        PyObject *key = PyList_GET_ITEM(names, i), *v = PyDict_GetItemWithError(ns, key);
        if (!v) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_NameError, "%s: output variable %R is not defined by the code", fn, key);
            goto done;
        }
        if (i < (nlhs ? nlhs : 1) && !(plhs[i] = pm_to_octave_auto(v))) goto done;
    }
    rc = 0;
done:
    Py_XDECREF(names); Py_XDECREF(r);
    return rc;
}

int cmd_run(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *code = arg_source(prhs[0], "pyrun", 1), *ns, *fname = NULL;
    int rc = -1;
    if (!code) return -1;
    if ((ns = arg_namespace(0, prhs, 0, "pyrun")) && (fname = PyUnicode_FromString("<pyrun>")))
        rc = run_common(nlhs, plhs, nrhs, prhs, "pyrun", code, fname, ns);
    Py_DECREF(code);
    Py_XDECREF(fname);
    return rc;
}

int cmd_runfile(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *io = NULL, *text = NULL, *ns = NULL, *path = arg_str(prhs[0], "pyrunfile", 1);
    int rc = -1;
    if (!path) return -1;
    /* A fresh namespace, as a script run by `python file.py` has.  The bytes
       are compiled as Python compiles a file (coding line, NUL refused). */
    if (!(io = PyImport_ImportModule("io"))) goto done;
    if (!(text = PyObject_CallMethod(io, "open", "Os", path, "rb"))) goto done;
    Py_SETREF(text, PyObject_CallMethod(text, "read", NULL));  /* file closed by refcount */
    if (!text || !(ns = PyDict_New())) goto done;
    {
        PyObject *main_name = PyUnicode_FromString("__main__");
        int bad = !main_name || PyDict_SetItemString(ns, "__name__", main_name) < 0;
        Py_XDECREF(main_name);
        if (bad || PyDict_SetItemString(ns, "__file__", path) < 0 ||
            PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins()) < 0) goto done;
    }
    rc = run_common(nlhs, plhs, nrhs, prhs, "pyrunfile", text, path, ns);
done:
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

/* "numpy.linalg.norm", "len" or "my_fn" (a str) -> the object it names: the
 * first part is looked up in __main__ (what pyexec defined), then builtins,
 * then imported.  New reference, or NULL + pm error / exception. */
static PyObject *resolve_name(PyObject *dotted, const char *fn, int argno)
{
    PyObject *parts, *o = NULL, *keep = NULL, *dot = PyUnicode_FromString(".");
    Py_ssize_t n;
    parts = dot ? PyUnicode_Split(dotted, dot, -1) : NULL;
    Py_XDECREF(dot);
    if (!parts) return NULL;
    n = PyList_GET_SIZE(parts);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyUnicode_IsIdentifier(PyList_GET_ITEM(parts, i)) != 1) {
            PyErr_Clear();
            pm_error("pymex:badArgument", "bad argument #%d to '%s' (expected a dotted Python name "
                     "such as 'math.sqrt', got %s)", argno, fn, repr_utf8(dotted, &keep));
            Py_XDECREF(keep);
            Py_DECREF(parts);
            return NULL;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name = PyList_GET_ITEM(parts, i), *next;       /* Borrowed */
        if (o) {
            next = get_attr(o, name);
        } else {
            PyObject *main = PyImport_AddModule("__main__");              /* Borrowed */
            next = main ? PyDict_GetItemWithError(PyModule_GetDict(main), name) : NULL;
            next = next ? Py_NewRef(next) : PyErr_Occurred() ? NULL : root_attr(name);
        }
        Py_XDECREF(o);
        if (!(o = next)) break;
    }
    Py_DECREF(parts);
    return o;
}

int cmd_call(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *f = NULL, *args = NULL, *kw = NULL, *r = NULL;
    int rc = -1;
    if (mxIsChar(prhs[0])) {
        PyObject *name = arg_str(prhs[0], "pycall", 1);
        if (!name) return -1;
        f = resolve_name(name, "pycall", 1);
        Py_DECREF(name);
    } else if (pm_is_handle(prhs[0])) {
        f = Py_XNewRef(arg_object(prhs[0], "pycall", 1));
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

/* pyargs(name, value, ...): names are any text (they reach **kwargs as they
 * are, NUL characters included); a later pair replaces an earlier one. */
int cmd_kwargs(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *kw;
    if (nrhs % 2) return pm_error("pymex:badArgument", "pyargs: arguments must be name/value pairs");
    if (!(kw = PyObject_CallNoArgs(kwargs_type))) return -1;
    for (int i = 0; i < nrhs; i += 2) {
        PyObject *v, *name = arg_str(prhs[i], "pyargs", i + 1);
        if (!name) { Py_DECREF(kw); return -1; }
        v = pm_to_python(prhs[i + 1], "pyargs", i + 2);
        if (!v || PyDict_SetItem(kw, name, v) < 0) { Py_XDECREF(v); Py_DECREF(name); Py_DECREF(kw); return -1; }
        Py_DECREF(v);
        Py_DECREF(name);
    }
    plhs[0] = pm_handle_new(kw);
    Py_DECREF(kw);
    return plhs[0] ? 0 : -1;
}

/* ---- object handles: subsref / subsasgn ------------------------------ */

/* One step of an Octave index chain S(k): '.', '(' or '{' (for "()", "{}"). */
typedef struct { char type; const mxArray *subs; } step;

#define MAX_STEPS 64
#define MAX_SUBS  1000000   /* arguments of one call, e.g. py.max(c{:}) */

/* Reads and checks the index struct S (fields type and subs, as Octave makes
 * it): the number of steps, or -1 + pm error (pymex:badIndex, naming fn). */
static int read_steps(const mxArray *S, step *steps, const char *fn)
{
    int n, ftype, fsubs;
    if (!S || !mxIsStruct(S)) {
        pm_argerror(fn, 2, "an index struct with fields type and subs", S);
        return -1;
    }
    ftype = mxGetFieldNumber(S, "type");
    fsubs = mxGetFieldNumber(S, "subs");
    if (ftype < 0 || fsubs < 0)
        return pm_error("pymex:badIndex", "%s: the index struct needs the fields type and subs", fn);
    n = (int)mxGetNumberOfElements(S);
    if (n < 1) return pm_error("pymex:badIndex", "%s: empty index chain", fn);
    if (n > MAX_STEPS) return pm_error("pymex:badIndex", "%s: index chain too long (%d steps, at most %d)",
                                       fn, n, MAX_STEPS);
    for (int k = 0; k < n; k++) {
        const mxArray *t = mxGetFieldByNumber(S, k, ftype), *sub = mxGetFieldByNumber(S, k, fsubs);
        char buf[4] = "";
        size_t len = is_char_row(t) ? mxGetNumberOfElements(t) : 0;
        if (len >= 1 && len <= 2) mxGetString(t, buf, sizeof buf);
        if (strlen(buf) != len || !(!strcmp(buf, ".") || !strcmp(buf, "()") || !strcmp(buf, "{}")))
            return pm_error("pymex:badIndex", "%s: index %d of the chain: type must be '.', '()' or '{}'",
                            fn, k + 1);
        if (buf[0] == '.' ? !is_char_row(sub) : !(sub && mxIsCell(sub)))
            return pm_error("pymex:badIndex", "%s: index %d of the chain: subs must be %s", fn, k + 1,
                            buf[0] == '.' ? "a char row (a name)" : "a cell of subscripts");
        if (buf[0] != '.' && mxGetNumberOfElements(sub) > MAX_SUBS)
            return pm_error("pymex:badIndex", "%s: index %d of the chain: too many subscripts (%d, at most %d)",
                            fn, k + 1, (int)mxGetNumberOfElements(sub), MAX_SUBS);
        steps[k].type = buf[0];
        steps[k].subs = sub;
    }
    return n;
}

/* Python args from a '()' or '{}' step's cell of subscripts. New ref tuple + kw. */
static int step_args(const step *s, const char *fn, PyObject **args, PyObject **kw)
{
    int n = (int)mxGetNumberOfElements(s->subs), rc;  /* read_steps checked: a cell, <= MAX_SUBS */
    const mxArray **items = mxMalloc((n ? n : 1) * sizeof *items);
    for (int i = 0; i < n; i++) items[i] = mxGetCell(s->subs, i);
    rc = call_args(n, items, 0, fn, args, kw);
    mxFree((void *)items);
    return rc;
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
static PyObject *walk(PyObject *cur, const step *steps, int n, int call_trailing, const char *fn)
{
    PyObject *o = Py_XNewRef(cur);
    int last_dot = 0;
    for (int k = 0; k < n; k++) {
        const step *s = &steps[k];
        PyObject *next = NULL, *args = NULL, *kw = NULL;
        if (s->type == '.') {
            PyObject *name = mx_str(s->subs);           /* counted: "a\0b" is not "a" */
            if (!name) { Py_XDECREF(o); return NULL; }
            next = o ? get_attr(o, name) : root_attr(name);
            Py_DECREF(name);
            last_dot = 1;
        } else if (!o) {
            pm_error("pymex:badIndex", "%s: py must be followed by a module or builtin name: py.math.sqrt(2)", fn);
            return NULL;
        } else if (s->type == '(') {
            if (step_args(s, fn, &args, &kw) < 0) { Py_DECREF(o); return NULL; }
            if (PyCallable_Check(o) && (last_dot || !PySequence_Check(o)))
                next = PyObject_Call(o, args, kw);
            else if (kw)
                PyErr_SetString(PyExc_TypeError, "pyargs can only be passed to calls");
            else
                next = support_call("index", "(OO)", o, args);
            last_dot = 0;
        } else {   /* '{' */
            if (step_args(s, fn, &args, &kw) < 0) { Py_DECREF(o); return NULL; }
            if (kw) PyErr_SetString(PyExc_TypeError, "pyargs can only be passed to calls");
            else next = support_call("getitem", "(OO)", o, args);
            last_dot = 0;
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
    int rc = pm_handle_id(a, &id);
    *o = NULL;
    if (rc == -1) return pm_argerror(fn, 1, "pyobject", a);
    if (rc < 0) return pm_error("pymex:badArgument", "bad argument #1 to '%s' (a pyobject whose handle "
                                "id is not valid)", fn);
    if (id == 0) return 0;
    *o = pm_handle_lookup(id);
    return *o ? 0 : -1;
}

/* subsref(obj, S) */
int cmd_subsref(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    step steps[MAX_STEPS];
    PyObject *o, *r;
    int n, rc;
    if (arg_target(prhs[0], "subsref", &o) < 0) return -1;
    if ((n = read_steps(prhs[1], steps, "subsref")) < 0) return -1;
    if (!(r = walk(o, steps, n, 1, "subsref"))) return -1;
    rc = put_result(nlhs, plhs, r);
    Py_DECREF(r);
    return rc;
}

/* subsasgn(obj, S, value): o.a = v, o{k} = v, o(k) = v, o.a.b{k} = v */
int cmd_subsasgn(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    step steps[MAX_STEPS];
    PyObject *o, *target = NULL, *v = NULL, *args = NULL, *kw = NULL, *r = NULL;
    int n, rc = -1;
    if (arg_target(prhs[0], "subsasgn", &o) < 0) return -1;
    if ((n = read_steps(prhs[1], steps, "subsasgn")) < 0) return -1;
    if (!o) return pm_error("pymex:badIndex", "subsasgn: cannot assign into py, the Python namespace");
    if (!(target = walk(o, steps, n - 1, 0, "subsasgn"))) return -1;
    if (!(v = pm_to_python(prhs[2], "subsasgn", 3))) goto done;
    if (steps[n - 1].type == '.') {
        PyObject *name = mx_str(steps[n - 1].subs);
        if (name) { rc = PyObject_SetAttr(target, name, v); Py_DECREF(name); }
    } else {
        if (step_args(&steps[n - 1], "subsasgn", &args, &kw) < 0) goto done;
        if (kw) { PyErr_SetString(PyExc_TypeError, "pyargs cannot be a subscript"); goto done; }
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
    const mxArray *a = prhs[0];
    double id;
    if (!mxIsDouble(a) || mxIsComplex(a) || mxIsSparse(a) || mxGetNumberOfElements(a) != 1
        || !isfinite(id = *mxGetDoubles(a)) || id != floor(id) || fabs(id) > 9007199254740992.0)
        return pm_argerror("pymex del", 1, "an integer handle id", a);
    if (id > 0) pm_handle_drop(id);          /* 0 is py, < 0 deleted: nothing to drop */
    return 0;
}

static const char *const convert_classes[] = {
    "double", "single", "int8", "uint8", "int16", "uint16", "int32", "uint32",
    "int64", "uint64", "logical", "char", "cell", "struct", NULL
};

int cmd_convert(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *o = arg_object(prhs[0], "convert", 1);
    int k;
    if (!o) return -1;
    if ((k = arg_choice(prhs[1], "convert", 2, convert_classes)) < 0) return -1;
    plhs[0] = pm_to_octave_as(o, convert_classes[k]);
    return plhs[0] ? 0 : -1;
}

/* Text-valued queries on an object: classname, repr, str, display, doc. */
int cmd_text(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    static const char *const whats[] = {"classname", "repr", "str", "doc", "display", NULL};
    enum { CLASSNAME, REPR, STR, DOC, DISPLAY };
    PyObject *o, *r = NULL;
    double id;
    int what = arg_choice(prhs[0], "pymex text", 1, whats);
    if (what < 0) return -1;
    if (nrhs > 2 && what != DISPLAY)
        return pm_error("pymex:badArity", "pymex text %s takes one object (got %d arguments)", whats[what], nrhs);
    if (pm_handle_id(prhs[1], &id) == 0 && id == 0) {
        r = PyUnicode_FromString(what == CLASSNAME ? "py" : "py (the Python namespace: py.module.function(...))");
    } else if ((o = arg_object(prhs[1], "pymex text", 2))) {
        switch (what) {
        case CLASSNAME: r = support_call("classname", "(O)", o); break;
        case REPR: r = PyObject_Repr(o); break;
        case STR: r = PyObject_Str(o); break;
        case DOC:
            r = PyObject_GetAttrString(o, "__doc__");
            if (r == Py_None) { Py_DECREF(r); r = PyUnicode_FromString(""); }
            break;
        default: {
            PyObject *name = nrhs > 2 ? arg_str(prhs[2], "display", 3) : PyUnicode_FromString("");
            if (name) r = support_call("display", "(OO)", o, name);
            Py_XDECREF(name);
        }
        }
    }
    if (!r) return -1;
    if (!PyUnicode_Check(r)) { Py_SETREF(r, PyObject_Str(r)); if (!r) return -1; }
    plhs[0] = pm_to_octave_as(r, "char");
    Py_DECREF(r);
    return plhs[0] ? 0 : -1;
}

/* isa(obj, 'py.list') */
int cmd_isa(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyObject *o = arg_object(prhs[0], "isa", 1), *name, *r;
    int t;
    if (!o) return -1;
    if (!(name = arg_str(prhs[1], "isa", 2))) return -1;
    r = support_call("isa", "(OO)", o, name);
    Py_DECREF(name);
    if (!r) return -1;
    t = PyObject_IsTrue(r);
    Py_DECREF(r);
    if (t < 0) return -1;
    plhs[0] = mxCreateLogicalScalar(t);
    return 0;
}

/* names(obj, kind): kind 'fields' | 'methods' | 'names' -> cell column of char */
int cmd_names(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    static const char *const kinds[] = {"fields", "methods", "names", NULL};
    PyObject *o = arg_object(prhs[0], "fieldnames", 1), *r;
    mxArray *c;
    int k;
    if (!o) return -1;
    if ((k = arg_choice(prhs[1], "names", 2, kinds)) < 0) return -1;
    if (!(r = support_call(kinds[k], "(O)", o))) return -1;
    if (!PyList_Check(r)) {
        Py_DECREF(r);
        return pm_error("pymex:internal", "names: _pymex.%s did not return a list", kinds[k]);
    }
    c = mxCreateCellMatrix((mwSize)PyList_GET_SIZE(r), 1);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(r) && i < (Py_ssize_t)mxGetM(c); i++) {
        mxArray *s = pm_to_octave_as(PyList_GET_ITEM(r, i), "char");
        if (!s) { Py_DECREF(r); mxDestroyArray(c); return -1; }
        mxSetCell(c, (mwIndex)i, s);
    }
    Py_DECREF(r);
    plhs[0] = c;
    return 0;
}

/* len(obj); with a second argument "numel", an object whose len() fails
 * (none, or __len__ raising or lying) counts as 1: Octave asks the size of
 * objects in its own indexing machinery. */
int cmd_len(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    static const char *const flags[] = {"numel", NULL};
    PyObject *o = arg_object(prhs[0], "length", 1);
    Py_ssize_t n;
    if (!o) return -1;
    if (nrhs > 1 && arg_choice(prhs[1], "length", 2, flags) < 0) return -1;
    if ((n = PyObject_Length(o)) < 0) {
        if (nrhs < 2 || !PyErr_ExceptionMatches(PyExc_Exception)) return -1;
        PyErr_Clear();
        n = 1;
    }
    plhs[0] = mxCreateDoubleScalar((double)n);
    return 0;
}

/* op(name, a[, b]): Octave operators on pyobjects (binop/unop in pysupport.py). */
int cmd_op(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    static const char *const ops[] = {
        "plus", "minus", "times", "mtimes", "rdivide", "mrdivide", "power", "mpower", "mod",
        "eq", "ne", "lt", "le", "gt", "ge", "and", "or",       /* binary: index < 17 */
        "uminus", "uplus", "not", NULL
    };
    PyObject *a = NULL, *b = NULL, *r = NULL;
    int rc = -1, k = arg_choice(prhs[0], "operator", 1, ops), binary;
    const char *name;
    if (k < 0) return -1;
    name = ops[k];
    binary = k < 17;
    if (binary != (nrhs == 3))
        return pm_error("pymex:badArgument", "operator '%s' takes %s operand%s (got %d)", name,
                        binary ? "two" : "one", binary ? "s" : "", nrhs - 1);
    if (!(a = pm_to_python(prhs[1], name, 1))) goto done;
    if (binary && !(b = pm_to_python(prhs[2], name, 2))) goto done;
    r = binary ? support_call("binop", "(sOO)", name, a, b) : support_call("unop", "(sO)", name, a);
    if (r) rc = put_result(1, plhs, r);
done:
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

/* pymex('selftest', 'throw', v): a test hook.  Calls an mx function that
 * throws an Octave exception for a non-numeric v (mxGetScalar of a cell)
 * while the GIL is held, to test the gateway's fence: the call must end in a
 * pymex error and Python threads must keep running. */
int cmd_selftest(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    static const char *const tests[] = {"throw", NULL};
    double v;
    if (arg_choice(prhs[0], "pymex selftest", 1, tests) < 0) return -1;
    v = mxGetScalar(prhs[1]);
    (void)v;
    return 0;
}
