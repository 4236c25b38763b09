/* errors.c -- the pending-error slot and Python exception formatting.
 *
 * One error is pending at a time: handlers record it and return -1, and the
 * gateway raises it after the GIL is released (mexErrMsgIdAndTxt never
 * returns, so nothing may be owned at that point).  The text lives in static
 * storage: Octave copies it when the error is raised.
 */
#include "pymex.h"
#include <stdarg.h>
#include <string.h>
#include <ctype.h>

#define ID_MAX  256
#define MSG_MAX 32768

static char err_id[ID_MAX];
static char err_msg[MSG_MAX];

/* The last Python exception turned into an Octave error, kept so that the
 * same exception can be re-raised when that Octave error reaches Python again
 * (Python -> Octave -> Python keeps the exception's type at any depth). */
static PyObject *last_exc;            /* Strong reference, GIL required */
static char last_exc_msg[MSG_MAX];

int pm_error(const char *id, const char *fmt, ...)
{
    va_list ap;
    snprintf(err_id, sizeof err_id, "%s", id);
    va_start(ap, fmt);
    vsnprintf(err_msg, sizeof err_msg, fmt, ap);
    va_end(ap);
    return -1;
}

const char *pm_error_id(void) { return err_id; }
const char *pm_error_msg(void) { return err_msg; }
void pm_error_clear(void) { err_id[0] = err_msg[0] = 0; }

static const char *mx_kind(const mxArray *a)
{
    static char buf[96];
    if (!a) return "nothing";
    if (mxIsSparse(a)) { snprintf(buf, sizeof buf, "sparse %s", mxGetClassName(a)); return buf; }
    if (mxGetNumberOfDimensions(a) == 2 && mxGetM(a) == 1 && mxGetN(a) == 1)
        return mxGetClassName(a);
    snprintf(buf, sizeof buf, "%dx%d %s", (int)mxGetM(a), (int)mxGetN(a), mxGetClassName(a));
    if (mxGetNumberOfDimensions(a) > 2)
        snprintf(buf, sizeof buf, "%d-D %s", (int)mxGetNumberOfDimensions(a), mxGetClassName(a));
    return buf;
}

int pm_argerror(const char *fn, int argno, const char *expected, const mxArray *got)
{
    return pm_error("pymex:badArgument", "bad argument #%d to '%s' (expected %s, got %s)",
                    argno, fn, expected, mx_kind(got));
}

/* Identifier component: the exception class name, made a valid Octave
 * identifier part (letters, digits, underscore). */
static void exc_identifier(PyObject *type, char *out, size_t n)
{
    const char *name = ((PyTypeObject *)type)->tp_name;
    const char *dot = strrchr(name, '.');
    if (dot) name = dot + 1;
    size_t k = (size_t)snprintf(out, n, "pymex:"), start = k;
    for (; *name && k + 1 < n; name++)
        out[k++] = (isalnum((unsigned char)*name) || *name == '_') ? *name : '_';
    out[k] = 0;
    if (k == start || isdigit((unsigned char)out[start]))   /* empty or not an identifier */
        snprintf(out + start, n - start, "PythonError");
}

/* Requires: GIL, exception set.  Records "Type: message" plus the traceback
 * (most recent call last, as Python prints it) and clears the exception. */
void pm_error_from_python(void)
{
    PyObject *type, *value, *tb, *mod = NULL, *lines = NULL, *text = NULL, *sep = NULL;
    assert(PyGILState_Check());
    PyErr_Fetch(&type, &value, &tb);
    if (!type) { pm_error("pymex:internal", "error without a Python exception"); return; }
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value) PyException_SetTraceback(value, tb);

    /* An Octave error that came through matlab.call keeps its identifier. */
    if (value && PyErr_GivenExceptionMatches(type, pm_MatlabError)) {
        PyObject *id = PyObject_GetAttrString(value, "identifier");
        PyObject *msg = PyObject_GetAttrString(value, "message");
        if (id && msg && PyUnicode_Check(id) && PyUnicode_Check(msg)) {
            const char *ids = PyUnicode_AsUTF8(id), *ms = PyUnicode_AsUTF8(msg);
            if (ids && ms) {
                pm_error(*ids ? ids : "pymex:MatlabError", "%s", *ms ? ms : "Octave error (no message)");
                Py_XDECREF(id); Py_XDECREF(msg);
                goto remember;
            }
        }
        Py_XDECREF(id); Py_XDECREF(msg);
        PyErr_Clear();
    }

    exc_identifier(type, err_id, sizeof err_id);
    mod = PyImport_ImportModule("traceback");
    if (mod) {
        /* format_exception_only first (SyntaxError shows file/line/caret), then the stack. */
        PyObject *only = PyObject_CallMethod(mod, "format_exception_only", "OO", type, value ? value : Py_None);
        PyObject *stack = tb ? PyObject_CallMethod(mod, "format_tb", "O", tb) : PyList_New(0);
        if (only && PyList_Check(only) && PyList_GET_SIZE(only) > 1) {
            /* SyntaxError: "  File ..., line N", source, caret, "SyntaxError: msg".
               Lead with the "Type: message" line, as for every other error. */
            Py_ssize_t last = PyList_GET_SIZE(only) - 1;
            PyObject *head = Py_NewRef(PyList_GET_ITEM(only, last));
            if (PyList_SetSlice(only, last, last + 1, NULL) < 0 || PyList_Insert(only, 0, head) < 0)
                PyErr_Clear();
            Py_DECREF(head);
        }
        if (only && stack) {
            lines = PySequence_Concat(only, stack);
            if (lines && PyList_GET_SIZE(stack) > 0) {
                /* Put "Traceback (most recent call last):" between message and stack. */
                PyObject *hdr = PyUnicode_FromString("Traceback (most recent call last):\n");
                if (hdr) { PyList_Insert(lines, PyList_GET_SIZE(only), hdr); Py_DECREF(hdr); }
            }
        }
        Py_XDECREF(only); Py_XDECREF(stack);
    }
    if (lines) {
        sep = PyUnicode_FromString("");
        text = sep ? PyUnicode_Join(sep, lines) : NULL;
    }
    if (text) {
        Py_ssize_t n; const char *s = PyUnicode_AsUTF8AndSize(text, &n);
        if (s) {
            while (n > 0 && s[n - 1] == '\n') n--;          /* Octave adds its own newline */
            snprintf(err_msg, sizeof err_msg, "%.*s", (int)n, s);
        }
    }
    if (!text || !err_msg[0]) {
        PyErr_Clear();
        PyObject *s = value ? PyObject_Str(value) : NULL;
        snprintf(err_msg, sizeof err_msg, "%s: %s", ((PyTypeObject *)type)->tp_name,
                 s && PyUnicode_Check(s) ? PyUnicode_AsUTF8(s) : "(unprintable)");
        Py_XDECREF(s);
    }
    PyErr_Clear();
    Py_XDECREF(mod); Py_XDECREF(lines); Py_XDECREF(text); Py_XDECREF(sep);
remember:
    /* Keep the exception to re-raise it if this Octave error comes back. */
    Py_XSETREF(last_exc, value ? Py_NewRef(value) : NULL);
    snprintf(last_exc_msg, sizeof last_exc_msg, "%s", err_msg);
    Py_XDECREF(type); Py_XDECREF(value); Py_XDECREF(tb);
}

/* Requires: GIL.  If (id, msg) is the Octave error made from last_exc,
 * set that exception again and return 1. */
int pm_reraise_if_ours(const char *id, const char *msg)
{
    (void)id;
    if (!last_exc || !last_exc_msg[0] || !strstr(msg, last_exc_msg)) return 0;
    PyErr_SetObject((PyObject *)Py_TYPE(last_exc), last_exc);
    Py_CLEAR(last_exc);
    return 1;
}
