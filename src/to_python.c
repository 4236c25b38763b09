/* to_python.c -- conversion rules, Octave -> Python (conversion.md, first table).
 *
 * One row per kind of Octave value, tried in order; the first whose `match`
 * accepts the value converts it.  A new kind of value is one new row.
 * Requires: GIL held, Octave's thread.
 */
#include "pymex.h"
#include <string.h>

typedef int (*match_fn)(const mxArray *a);
typedef PyObject *(*convert_fn)(const mxArray *a, const char *fn, int argno);

static int is_scalar(const mxArray *a)
{
    return mxGetNumberOfDimensions(a) == 2 && mxGetM(a) == 1 && mxGetN(a) == 1;
}

/* ---- matchers -------------------------------------------------------- */
static int m_handle(const mxArray *a)   { return pm_is_handle(a); }
static int m_fhandle(const mxArray *a)  { return mxGetClassID(a) == mxFUNCTION_CLASS; }
static int m_sparse(const mxArray *a)   { return mxIsSparse(a); }
static int m_charrow(const mxArray *a)
{
    return mxIsChar(a) && mxGetNumberOfDimensions(a) == 2 && (mxGetM(a) == 1 || mxIsEmpty(a));
}
static int m_logical_scalar(const mxArray *a) { return mxIsLogical(a) && is_scalar(a); }
static int m_real_float(const mxArray *a)
{
    return (mxIsDouble(a) || mxIsSingle(a)) && !mxIsComplex(a) && is_scalar(a);
}
static int m_complex_scalar(const mxArray *a) { return mxIsNumeric(a) && mxIsComplex(a) && is_scalar(a); }
static int m_int_scalar(const mxArray *a)
{
    return mxIsNumeric(a) && !mxIsDouble(a) && !mxIsSingle(a) && !mxIsComplex(a) && is_scalar(a);
}
static int m_numeric_array(const mxArray *a) { return mxIsNumeric(a) || mxIsLogical(a); }
static int m_cell_row(const mxArray *a)
{
    return mxIsCell(a) && mxGetNumberOfDimensions(a) == 2 && (mxGetM(a) == 1 || mxIsEmpty(a));
}
static int m_struct_scalar(const mxArray *a) { return mxIsStruct(a) && is_scalar(a); }
static int m_struct_array(const mxArray *a)  { return mxIsStruct(a); }

/* ---- converters (all return a new reference or NULL + exception) ---- */
static PyObject *c_handle(const mxArray *a, const char *fn, int argno)
{
    PyObject *o = pm_handle_get(a);
    if (!o && !PyErr_Occurred())
        PyErr_Format(PyExc_TypeError, "argument %d of %s: not a valid pyobject", argno, fn);
    return Py_XNewRef(o);
}

static PyObject *c_fhandle(const mxArray *a, const char *fn, int argno)
{
    return pm_callable_from_handle(a);
}

/* The text of a char array, counted (NUL characters are kept), as str.
 * Octave's char holds UTF-8 bytes: bytes that are not UTF-8 survive as
 * surrogate escapes.  MATLAB's char is UTF-16.  New reference. */
PyObject *pm_str_from_mx(const mxArray *a)
{
    size_t n;
    if (!a || !mxIsChar(a))
        return PyErr_Format(PyExc_TypeError, "expected char, got %s", a ? mxGetClassName(a) : "nothing");
    n = mxGetNumberOfElements(a);
    if (!n) return PyUnicode_FromStringAndSize("", 0);
#ifdef PYMEX_OCTAVE
    return PyUnicode_DecodeUTF8((const char *)mxGetChars(a), (Py_ssize_t)n, "surrogateescape");
#else
    {
        int little = -1;   /* UTF-16 in native (little-endian) order */
        return PyUnicode_DecodeUTF16((const char *)mxGetChars(a), (Py_ssize_t)(2 * n), "surrogatepass", &little);
    }
#endif
}

static PyObject *c_str(const mxArray *a, const char *fn, int argno)
{
    return pm_str_from_mx(a);
}

static PyObject *c_bool(const mxArray *a, const char *fn, int argno)
{
    return PyBool_FromLong(*mxGetLogicals(a));
}

static PyObject *c_float(const mxArray *a, const char *fn, int argno)
{
    return PyFloat_FromDouble(mxIsDouble(a) ? *mxGetDoubles(a) : (double)*mxGetSingles(a));
}

static PyObject *c_complex(const mxArray *a, const char *fn, int argno)
{
    /* mxGetData is interleaved (re, im) under -R2018a; Octave 7.3's
       mxGetComplexSingles reports a type mismatch on single scalars. */
    if (mxIsDouble(a)) { const double *z = mxGetData(a); return PyComplex_FromDoubles(z[0], z[1]); }
    if (mxIsSingle(a)) { const float *z = mxGetData(a); return PyComplex_FromDoubles(z[0], z[1]); }
    return PyErr_Format(PyExc_TypeError, "argument %d of %s: complex %s is not supported",
                        argno, fn, mxGetClassName(a));
}

static PyObject *c_int(const mxArray *a, const char *fn, int argno)
{
    const void *p = mxGetData(a);
    switch (mxGetClassID(a)) {
    case mxINT8_CLASS:   return PyLong_FromLong(*(const int8_T *)p);
    case mxUINT8_CLASS:  return PyLong_FromLong(*(const uint8_T *)p);
    case mxINT16_CLASS:  return PyLong_FromLong(*(const int16_T *)p);
    case mxUINT16_CLASS: return PyLong_FromLong(*(const uint16_T *)p);
    case mxINT32_CLASS:  return PyLong_FromLong(*(const int32_T *)p);
    case mxUINT32_CLASS: return PyLong_FromUnsignedLong(*(const uint32_T *)p);
    case mxINT64_CLASS:  return PyLong_FromLongLong(*(const int64_T *)p);
    case mxUINT64_CLASS: return PyLong_FromUnsignedLongLong(*(const uint64_T *)p);
    default: return PyErr_Format(PyExc_TypeError, "unexpected class %s", mxGetClassName(a));
    }
}

static PyObject *c_array(const mxArray *a, const char *fn, int argno)
{
    return pm_array_from_mx(a);
}

/* Containers nest at most PM_MAX_DEPTH deep (Octave's thread only; calls that
 * re-enter through callbacks count towards the same bound). */
static int depth;

static int enter(const char *fn, int argno)
{
    if (depth >= PM_MAX_DEPTH) {
        PyErr_Format(PyExc_RecursionError, "argument %d of %s: containers nested more than %d "
                     "levels deep", argno, fn, PM_MAX_DEPTH);
        return -1;
    }
    depth++;
    return 0;
}
static void leave(void) { depth--; }

static PyObject *c_tuple(const mxArray *a, const char *fn, int argno)
{
    size_t n = mxGetNumberOfElements(a);
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    for (size_t i = 0; t && i < n; i++) {
        PyObject *item = pm_to_python(mxGetCell(a, i), fn, argno);
        if (!item) { Py_CLEAR(t); break; }
        PyTuple_SET_ITEM(t, (Py_ssize_t)i, item);
    }
    return t;
}

static PyObject *struct_element(const mxArray *a, size_t k, const char *fn, int argno)
{
    int nf = mxGetNumberOfFields(a);
    PyObject *d = PyDict_New();
    for (int f = 0; d && f < nf; f++) {
        PyObject *v = pm_to_python(mxGetFieldByNumber(a, k, f), fn, argno);
        if (!v || PyDict_SetItemString(d, mxGetFieldNameByNumber(a, f), v) < 0) Py_CLEAR(d);
        Py_XDECREF(v);
    }
    return d;
}

static PyObject *c_dict(const mxArray *a, const char *fn, int argno)
{
    return struct_element(a, 0, fn, argno);
}

static PyObject *c_list_of_dicts(const mxArray *a, const char *fn, int argno)
{
    size_t n = mxGetNumberOfElements(a);
    PyObject *l = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; l && i < n; i++) {
        PyObject *d = struct_element(a, i, fn, argno);
        if (!d) { Py_CLEAR(l); break; }
        PyList_SET_ITEM(l, (Py_ssize_t)i, d);
    }
    return l;
}

/* Sparse -> scipy.sparse.csc_matrix((data, indices, indptr), shape), built
 * from copies of Octave's three arrays (Octave's index type is mwIndex). */
static PyObject *c_sparse(const mxArray *a, const char *fn, int argno)
{
    PyObject *sp = NULL, *np = NULL, *data = NULL, *ir = NULL, *jc = NULL, *res = NULL;
    size_t n = mxGetN(a), nnz = mxGetJc(a)[n];
    const char *dtype = mxIsLogical(a) ? "bool" : mxIsComplex(a) ? "complex128" : "float64";
    size_t isz = mxIsLogical(a) ? 1 : mxIsComplex(a) ? 16 : 8;

    sp = PyImport_ImportModule("scipy.sparse");
    if (!sp) {
        PyErr_Format(PyExc_ImportError, "argument %d of %s: a sparse matrix becomes a "
                     "scipy.sparse.csc_matrix, and scipy cannot be imported", argno, fn);
        return NULL;
    }
    np = PyImport_ImportModule("numpy");
    if (!np) goto done;
    {
        PyObject *b = PyBytes_FromStringAndSize((const char *)mxGetData(a), (Py_ssize_t)(nnz * isz));
        data = b ? PyObject_CallMethod(np, "frombuffer", "Os", b, dtype) : NULL;
        Py_XDECREF(b);
        b = PyBytes_FromStringAndSize((const char *)mxGetIr(a), (Py_ssize_t)(nnz * sizeof(mwIndex)));
        ir = b ? PyObject_CallMethod(np, "frombuffer", "Os", b, sizeof(mwIndex) == 8 ? "uint64" : "uint32") : NULL;
        Py_XDECREF(b);
        b = PyBytes_FromStringAndSize((const char *)mxGetJc(a), (Py_ssize_t)((n + 1) * sizeof(mwIndex)));
        jc = b ? PyObject_CallMethod(np, "frombuffer", "Os", b, sizeof(mwIndex) == 8 ? "uint64" : "uint32") : NULL;
        Py_XDECREF(b);
    }
    if (!data || !ir || !jc) goto done;
    res = PyObject_CallMethod(sp, "csc_matrix", "((OOO)(nn))", data, ir, jc,
                              (Py_ssize_t)mxGetM(a), (Py_ssize_t)n);
done:
    Py_XDECREF(sp); Py_XDECREF(np); Py_XDECREF(data); Py_XDECREF(ir); Py_XDECREF(jc);
    return res;
}

static const struct rule {
    const char *what;
    match_fn match;
    convert_fn convert;
} rules[] = {
    {"py object handle",         m_handle,         c_handle},
    {"function handle",          m_fhandle,        c_fhandle},
    {"sparse matrix",            m_sparse,         c_sparse},
    {"char row",                 m_charrow,        c_str},
    {"logical scalar",           m_logical_scalar, c_bool},
    {"real double/single scalar",m_real_float,     c_float},
    {"complex scalar",           m_complex_scalar, c_complex},
    {"integer scalar",           m_int_scalar,     c_int},
    {"numeric or logical array", m_numeric_array,  c_array},
    {"1-by-N cell",              m_cell_row,       c_tuple},
    {"scalar struct",            m_struct_scalar,  c_dict},
    {"struct array",             m_struct_array,   c_list_of_dicts},
    {NULL}
};

/* Octave 7.3's MEX layer leaks ~80 bytes for each query such as mxIsClass or
 * mxGetNumberOfDimensions made on a cell or struct argument before its first
 * element read (the read turns the argument into a MEX-side array and the
 * cached answers are lost; platform-facts.md).  The matchers below ask such
 * questions, so an element is read first.  Measured: pycall("len", {1,"a",[1 2 3]})
 * grew 182 B/call before, 4 B/call after; a struct 160 B/call before, 0 after. */
static void read_elements_first(const mxArray *a)
{
    mxClassID id = mxGetClassID(a);
    if (id == mxCELL_CLASS && mxGetNumberOfElements(a) > 0)
        (void)mxGetCell(a, 0);
    else if (id == mxSTRUCT_CLASS && mxGetNumberOfElements(a) > 0 && mxGetNumberOfFields(a) > 0)
        (void)mxGetFieldByNumber(a, 0, 0);
}

/* New reference, or NULL with a Python exception naming argument argno of fn. */
PyObject *pm_to_python(const mxArray *a, const char *fn, int argno)
{
    if (!a) return Py_NewRef(Py_None);  /* e.g. an unset field of a struct array */
    read_elements_first(a);
    for (const struct rule *r = rules; r->what; r++) {
        if (r->match(a)) {
            PyObject *o;
            if (enter(fn, argno) < 0) return NULL;
            o = r->convert(a, fn, argno);
            leave();
            return o;
        }
    }
    return PyErr_Format(PyExc_TypeError,
                        "argument %d of %s: cannot convert %dx%d %s to Python "
                        "(supported: numeric, logical, char row, 1-by-N cell, struct, "
                        "function handle, sparse, pyobject)",
                        argno, fn, (int)mxGetM(a), (int)mxGetN(a), mxGetClassName(a));
}
