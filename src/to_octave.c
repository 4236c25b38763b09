/* to_octave.c -- conversion rules, Python -> Octave (conversion.md, second table).
 *
 * Three entry points, one per situation:
 *   pm_to_octave_auto  values returned to Octave: float, complex, bool become
 *                      Octave values; anything else a pyobject handle (MATLAB's rule).
 *   pm_to_octave_arg   Python values passed as arguments into Octave (matlab.call):
 *                      also int, str, None, buffers, sequences and dicts convert.
 *   pm_to_octave_as    the explicit converters double(o), char(o), cell(o), ...
 * All return a new mxArray or NULL with a Python exception set.
 * Requires: GIL held, Octave's thread.
 */
#include "pymex.h"
#include <string.h>
#include <math.h>
#include <stdint.h>

/* ---- allocation ---------------------------------------------------------
 * Creating an array of data-dependent size can throw in Octave (out of
 * memory, too many elements).  Conversions run with the GIL held and Python
 * frames live, so every such mx* call goes through the fence: a failure is a
 * MemoryError, never an exception unwinding through Python. */

enum { A_NUMERIC, A_CHAR, A_CELL, A_STRUCT };

typedef struct {
    int kind;
    mxClassID cls;
    int cplx;
    mwSize nd;
    const mwSize *dims;
    size_t n;            /* elements */
    mxArray *out;        /* set as soon as it exists, so a failure can free it */
} alloc_req;

/* Complex arrays are built by attaching an mxMalloc'd buffer: Octave 7.3's
 * mxCreate*(..., mxCOMPLEX) under -R2018a allocates too little (platform-facts). */
static void do_alloc(void *p)
{
    alloc_req *r = p;
    switch (r->kind) {
    case A_CHAR:   r->out = mxCreateCharArray(r->nd, r->dims); break;
    case A_CELL:   r->out = mxCreateCellArray(r->nd, r->dims); break;
    case A_STRUCT: r->out = mxCreateStructArray(r->nd, r->dims, 0, NULL); break;
    default:
        if (r->cls == mxLOGICAL_CLASS) r->out = mxCreateLogicalArray(r->nd, r->dims);
        else if (!r->cplx) r->out = mxCreateUninitNumericArray(r->nd, (mwSize *)r->dims, r->cls, mxREAL);
        else if (r->cls == mxDOUBLE_CLASS) {
            r->out = mxCreateDoubleMatrix(0, 0, mxCOMPLEX);
            mxSetComplexDoubles(r->out, mxMalloc((r->n ? r->n : 1) * sizeof(mxComplexDouble)));
            mxSetDimensions(r->out, r->dims, r->nd);
        } else {
            r->out = mxCreateNumericMatrix(0, 0, mxSINGLE_CLASS, mxCOMPLEX);
            mxSetComplexSingles(r->out, mxMalloc((r->n ? r->n : 1) * sizeof(mxComplexSingle)));
            mxSetDimensions(r->out, r->dims, r->nd);
        }
    }
}

/* A new array (numeric data uninitialised), or NULL with MemoryError or
 * KeyboardInterrupt set. */
static mxArray *alloc_mx(int kind, mxClassID cls, int cplx, mwSize nd, const mwSize *dims)
{
    alloc_req r = {kind, cls, cplx, nd, dims, 1, NULL};
    size_t esz = kind == A_NUMERIC ? 16 : 8;   /* bound: the largest element */
    int rc;
    for (mwSize i = 0; i < nd; i++) {
        if (dims[i] && r.n > (size_t)PY_SSIZE_T_MAX / esz / dims[i]) {
            PyErr_SetString(PyExc_MemoryError, "array too large for Octave");
            return NULL;
        }
        r.n *= dims[i];
    }
    rc = pm_fenced(do_alloc, &r);
    if (rc == 0 && r.out) return r.out;
    if (r.out) mxDestroyArray(r.out);
    if (rc == PM_EXC_INTERRUPT) PyErr_SetNone(PyExc_KeyboardInterrupt);
    else PyErr_Format(PyExc_MemoryError, "cannot create an Octave array of %zu elements "
                      "(out of memory)", r.n);
    return NULL;
}

/* ---- text ------------------------------------------------------------ */

/* mxMalloc'd UTF-8 text of a char row (Octave keeps UTF-8 bytes in char). */
char *pm_mx_string(const mxArray *a)
{
#ifdef PYMEX_OCTAVE
    return mxArrayToString(a);
#else
    return mxArrayToUTF8String(a);
#endif
}

mxArray *pm_mx_from_utf8(const char *s, Py_ssize_t n)
{
#ifdef PYMEX_OCTAVE
    mwSize dims[2] = {n ? 1 : 0, (mwSize)n};      /* '' is 0x0, as Octave's literal */
    mxArray *a = alloc_mx(A_CHAR, mxCHAR_CLASS, 0, 2, dims);
    if (a && n) memcpy(mxGetChars(a), s, (size_t)n);
    return a;
#else
    /* MATLAB's char is UTF-16: let Python transcode. */
    PyObject *u = PyUnicode_DecodeUTF8(s, n, "surrogateescape");
    PyObject *b = u ? PyUnicode_AsEncodedString(u, "utf-16-le", "surrogatepass") : NULL;
    mxArray *a = NULL;
    if (b) {
        mwSize dims[2] = {1, (mwSize)(PyBytes_GET_SIZE(b) / 2)};
        a = alloc_mx(A_CHAR, mxCHAR_CLASS, 0, 2, dims);
        if (a) memcpy(mxGetChars(a), PyBytes_AS_STRING(b), (size_t)PyBytes_GET_SIZE(b));
    }
    Py_XDECREF(u); Py_XDECREF(b);
    return a;
#endif
}

static mxArray *str_to_mx(PyObject *o)
{
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(o, &n);
    if (!s) {   /* lone surrogates (from surrogateescape): keep the bytes */
        PyErr_Clear();
        PyObject *b = PyUnicode_AsEncodedString(o, "utf-8", "surrogateescape");
        mxArray *a = b ? pm_mx_from_utf8(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b)) : NULL;
        Py_XDECREF(b);
        return a;
    }
    return pm_mx_from_utf8(s, n);
}

/* ---- numbers --------------------------------------------------------- */

static const struct numclass {
    const char *name;
    mxClassID id;
    size_t size;
} numclasses[] = {
    {"double", mxDOUBLE_CLASS, 8}, {"single", mxSINGLE_CLASS, 4},
    {"int8", mxINT8_CLASS, 1},     {"uint8", mxUINT8_CLASS, 1},
    {"int16", mxINT16_CLASS, 2},   {"uint16", mxUINT16_CLASS, 2},
    {"int32", mxINT32_CLASS, 4},   {"uint32", mxUINT32_CLASS, 4},
    {"int64", mxINT64_CLASS, 8},   {"uint64", mxUINT64_CLASS, 8},
    {"logical", mxLOGICAL_CLASS, 1},
    {NULL}
};

static const struct numclass *numclass_by_name(const char *name)
{
    for (const struct numclass *c = numclasses; c->name; c++)
        if (!strcmp(c->name, name)) return c;
    return NULL;
}

/* Buffer format -> (class, complex).  Returns 0 if unsupported. */
static int format_class(const char *fmt, Py_ssize_t itemsize, mxClassID *cls, int *cplx)
{
    char f;
    if (!fmt) fmt = "B";
    if (*fmt == '@' || *fmt == '=' || *fmt == '<') fmt++;   /* native little-endian only */
    *cplx = 0;
    if (*fmt == 'Z') { *cplx = 1; fmt++; }
    f = *fmt;
    if (!f || fmt[1]) return 0;
    switch (f) {
    case 'd': *cls = mxDOUBLE_CLASS; return itemsize == (*cplx ? 16 : 8);
    case 'f': *cls = mxSINGLE_CLASS; return itemsize == (*cplx ? 8 : 4);
    case '?': *cls = mxLOGICAL_CLASS; return !*cplx;
    default: break;
    }
    if (*cplx) return 0;
    switch (itemsize) {  /* integer formats by size: 'l' and 'q' are both 8 here */
    case 1: *cls = (f == 'b') ? mxINT8_CLASS : (f == 'B' || f == 'c') ? mxUINT8_CLASS : mxUNKNOWN_CLASS; break;
    case 2: *cls = (f == 'h') ? mxINT16_CLASS : (f == 'H') ? mxUINT16_CLASS : mxUNKNOWN_CLASS; break;
    case 4: *cls = (f == 'i' || f == 'l') ? mxINT32_CLASS : (f == 'I' || f == 'L') ? mxUINT32_CLASS : mxUNKNOWN_CLASS; break;
    case 8: *cls = (f == 'q' || f == 'l' || f == 'n') ? mxINT64_CLASS
                 : (f == 'Q' || f == 'L' || f == 'N') ? mxUINT64_CLASS : mxUNKNOWN_CLASS; break;
    default: return 0;
    }
    return *cls != mxUNKNOWN_CLASS;
}

/* Read element p of class c as double / int64 / uint64. */
static double get_d(const char *p, mxClassID c)
{
    switch (c) {
    case mxDOUBLE_CLASS: return *(const double *)p;
    case mxSINGLE_CLASS: return *(const float *)p;
    case mxINT8_CLASS: return *(const int8_t *)p;
    case mxUINT8_CLASS: return *(const uint8_t *)p;
    case mxINT16_CLASS: return *(const int16_t *)p;
    case mxUINT16_CLASS: return *(const uint16_t *)p;
    case mxINT32_CLASS: return *(const int32_t *)p;
    case mxUINT32_CLASS: return *(const uint32_t *)p;
    case mxINT64_CLASS: return (double)*(const int64_t *)p;
    case mxUINT64_CLASS: return (double)*(const uint64_t *)p;
    case mxLOGICAL_CLASS: return *(const unsigned char *)p != 0;
    default: return 0;
    }
}
static size_t class_size(mxClassID id)
{
    for (const struct numclass *c = numclasses; c->name; c++)
        if (c->id == id) return c->size;
    return 0;
}
static int is_int_class(mxClassID c) { return c >= mxINT8_CLASS && c <= mxUINT64_CLASS; }
static int is_signed_class(mxClassID c)
{
    return c == mxINT8_CLASS || c == mxINT16_CLASS || c == mxINT32_CLASS || c == mxINT64_CLASS;
}

/* Write v (double) into p of class c: rounding and saturating as MATLAB does.
 * Returns -1 for NaN into logical (an error in Octave and MATLAB). */
static int put_d(char *p, mxClassID c, double v)
{
#define SAT(T, lo, hi) do { double r = isnan(v) ? 0 : round(v); \
        *(T *)p = r <= (double)(lo) ? (T)(lo) : r >= (double)(hi) ? (T)(hi) : (T)r; } while (0)
    switch (c) {
    case mxDOUBLE_CLASS: *(double *)p = v; break;
    case mxSINGLE_CLASS: *(float *)p = (float)v; break;
    case mxINT8_CLASS: SAT(int8_t, INT8_MIN, INT8_MAX); break;
    case mxUINT8_CLASS: SAT(uint8_t, 0, UINT8_MAX); break;
    case mxINT16_CLASS: SAT(int16_t, INT16_MIN, INT16_MAX); break;
    case mxUINT16_CLASS: SAT(uint16_t, 0, UINT16_MAX); break;
    case mxINT32_CLASS: SAT(int32_t, INT32_MIN, INT32_MAX); break;
    case mxUINT32_CLASS: SAT(uint32_t, 0, UINT32_MAX); break;
    case mxINT64_CLASS: SAT(int64_t, INT64_MIN, INT64_MAX); break;
    case mxUINT64_CLASS: SAT(uint64_t, 0, UINT64_MAX); break;
    case mxLOGICAL_CLASS:
        if (isnan(v)) return -1;
        *(unsigned char *)p = v != 0;
        break;
    default: break;
    }
#undef SAT
    return 0;
}

static void *nan_to_logical(void)
{
    PyErr_SetString(PyExc_ValueError, "logical: NaN can't be converted to logical value");
    return NULL;
}

/* Copy one element converting class; integer to integer stays exact.
 * Returns -1 for NaN into logical. */
static int convert_elem(char *dst, mxClassID dc, const char *src, mxClassID sc)
{
    if (is_int_class(dc) && is_int_class(sc)) {
        int64_t s; uint64_t u; int neg = 0;
        if (is_signed_class(sc)) {
            switch (sc) {
            case mxINT8_CLASS: s = *(const int8_t *)src; break;
            case mxINT16_CLASS: s = *(const int16_t *)src; break;
            case mxINT32_CLASS: s = *(const int32_t *)src; break;
            default: s = *(const int64_t *)src; break;
            }
            neg = s < 0; u = neg ? 0 : (uint64_t)s;
        } else {
            switch (sc) {
            case mxUINT8_CLASS: u = *(const uint8_t *)src; break;
            case mxUINT16_CLASS: u = *(const uint16_t *)src; break;
            case mxUINT32_CLASS: u = *(const uint32_t *)src; break;
            default: u = *(const uint64_t *)src; break;
            }
            s = u > INT64_MAX ? INT64_MAX : (int64_t)u;
        }
#define CLAMP(T, lo, hi) *(T *)dst = neg ? (s < (lo) ? (T)(lo) : (T)s) : (u > (uint64_t)(hi) ? (T)(hi) : (T)u)
        switch (dc) {
        case mxINT8_CLASS: CLAMP(int8_t, INT8_MIN, INT8_MAX); break;
        case mxUINT8_CLASS: *(uint8_t *)dst = neg ? 0 : u > UINT8_MAX ? UINT8_MAX : (uint8_t)u; break;
        case mxINT16_CLASS: CLAMP(int16_t, INT16_MIN, INT16_MAX); break;
        case mxUINT16_CLASS: *(uint16_t *)dst = neg ? 0 : u > UINT16_MAX ? UINT16_MAX : (uint16_t)u; break;
        case mxINT32_CLASS: CLAMP(int32_t, INT32_MIN, INT32_MAX); break;
        case mxUINT32_CLASS: *(uint32_t *)dst = neg ? 0 : u > UINT32_MAX ? UINT32_MAX : (uint32_t)u; break;
        case mxINT64_CLASS: *(int64_t *)dst = neg ? s : (u > INT64_MAX ? INT64_MAX : (int64_t)u); break;
        case mxUINT64_CLASS: *(uint64_t *)dst = neg ? 0 : u; break;
        default: break;
        }
#undef CLAMP
        return 0;
    }
    return put_d(dst, dc, get_d(src, sc));
}

/* mxArray of class cls (complex if cplx) with Octave dims; data uninitialised.
 * NULL with an exception set on failure. */
static mxArray *make_array(mxClassID cls, int cplx, mwSize nd, const mwSize *dims)
{
    return alloc_mx(A_NUMERIC, cls, cplx, nd, dims);
}

/* A buffer-protocol object -> Octave array of class `want` (mxUNKNOWN_CLASS: keep).
 * Shape kept: 0-d -> 1x1, 1-d (n,) -> 1xn, else the same dims; element order
 * follows the indices, whatever the strides (C order is reordered, not reshaped).
 * Returns NULL without exception if o has no buffer. */
static mxArray *buffer_to_mx(PyObject *o, mxClassID want, int *failed)
{
    Py_buffer v;
    mxClassID sc; int cplx;
    mxArray *a = NULL;
    mwSize nd, dims[64];
    size_t n = 1, isz, osz;
    *failed = 0;
    if (!PyObject_CheckBuffer(o)) return NULL;
    if (PyObject_GetBuffer(o, &v, PyBUF_RECORDS_RO) < 0) { *failed = 1; return NULL; }
    if (!format_class(v.format, v.itemsize, &sc, &cplx) || v.ndim > 64) {
        PyErr_Format(PyExc_TypeError, "cannot convert a buffer of format '%s' to an Octave array",
                     v.format ? v.format : "B");
        goto fail;
    }
    if (want == mxUNKNOWN_CLASS) want = sc;
    if (cplx && (want != mxDOUBLE_CLASS && want != mxSINGLE_CLASS)) {
        PyErr_SetString(PyExc_TypeError, "complex values convert only to double or single");
        goto fail;
    }
    if (v.ndim == 0) { nd = 2; dims[0] = dims[1] = 1; }
    else if (v.ndim == 1) { nd = 2; dims[0] = 1; dims[1] = (mwSize)v.shape[0]; }
    else { nd = (mwSize)v.ndim; for (int i = 0; i < v.ndim; i++) dims[i] = (mwSize)v.shape[i]; }
    for (mwSize i = 0; i < nd; i++) n *= dims[i];
    a = make_array(want, cplx, nd, dims);
    if (!a) goto fail;
    isz = (size_t)v.itemsize;
    osz = class_size(want) * (cplx ? 2 : 1);
    {
        char *dst = mxGetData(a);
        const char *src = v.buf;
        int nd_in = v.ndim;
        Py_ssize_t *shape = v.shape, *strides = v.strides;
        int same = (want == sc);
        /* Fast path: Fortran-contiguous (or 0/1-d contiguous) with the same class. */
        int fcontig = 1;
        Py_ssize_t expect = v.itemsize;
        for (int i = 0; i < nd_in; i++) {
            if (shape[i] > 1 && strides[i] != expect) { fcontig = 0; break; }
            expect *= shape[i];
        }
        if (same && fcontig) {
            if (n) memcpy(dst, src, n * isz);
        } else if (n) {
            /* Walk the destination in column-major order; inner loop along dim 0. */
            Py_ssize_t idx[64] = {0};
            Py_ssize_t len0 = nd_in ? shape[0] : 1, st0 = nd_in ? strides[0] : 0;
            size_t k = 0;
            for (;;) {
                const char *base = src;
                for (int i = 1; i < nd_in; i++) base += idx[i] * strides[i];
                for (Py_ssize_t j = 0; j < len0; j++, k++) {
                    const char *sp = base + j * st0;
                    char *dp = dst + k * osz;
                    if (same) memcpy(dp, sp, isz);
                    else if (cplx) {
                        double re = sc == mxDOUBLE_CLASS ? ((const double *)sp)[0] : ((const float *)sp)[0];
                        double im = sc == mxDOUBLE_CLASS ? ((const double *)sp)[1] : ((const float *)sp)[1];
                        if (want == mxDOUBLE_CLASS) { ((double *)dp)[0] = re; ((double *)dp)[1] = im; }
                        else { ((float *)dp)[0] = (float)re; ((float *)dp)[1] = (float)im; }
                    } else if (convert_elem(dp, want, sp, sc) < 0) {
                        mxDestroyArray(a); a = NULL;
                        nan_to_logical();
                        goto fail;
                    }
                }
                int i = 1;
                for (; i < nd_in; i++) { if (++idx[i] < shape[i]) break; idx[i] = 0; }
                if (i >= nd_in) break;
            }
        }
    }
    PyBuffer_Release(&v);
    return a;
fail:
    PyBuffer_Release(&v);
    *failed = 1;
    return NULL;
}

/* A Python number -> 1x1 array of class c.  Python ints are exact; into an
 * integer class they saturate as Octave's own int32(1e10) does. */
static mxArray *number_to_mx(PyObject *o, mxClassID c)
{
    mwSize dims[2] = {1, 1};
    mxArray *a;
    if (PyComplex_Check(o) && (c == mxDOUBLE_CLASS || c == mxSINGLE_CLASS)) {
        Py_complex z = PyComplex_AsCComplex(o);
        if (z.real == -1.0 && PyErr_Occurred()) return NULL;
        if (!(a = make_array(c, 1, 2, dims))) return NULL;
        if (c == mxDOUBLE_CLASS) { mxGetComplexDoubles(a)->real = z.real; mxGetComplexDoubles(a)->imag = z.imag; }
        else { mxGetComplexSingles(a)->real = (float)z.real; mxGetComplexSingles(a)->imag = (float)z.imag; }
        return a;
    }
    if (!(a = make_array(c, 0, 2, dims))) return NULL;
    if (PyLong_Check(o) && is_int_class(c)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (v == -1 && PyErr_Occurred()) goto fail;
        if (overflow == 0) { int64_t s = v; convert_elem(mxGetData(a), c, (const char *)&s, mxINT64_CLASS); }
        else if (overflow > 0) {
            unsigned long long u = PyLong_AsUnsignedLongLong(o);
            if (PyErr_Occurred()) { PyErr_Clear(); u = UINT64_MAX; }
            convert_elem(mxGetData(a), c, (const char *)&u, mxUINT64_CLASS);
        } else { int64_t s = INT64_MIN; convert_elem(mxGetData(a), c, (const char *)&s, mxINT64_CLASS); }
        return a;
    }
    {
        double d = PyFloat_AsDouble(o);
        if (d == -1.0 && PyErr_Occurred()) goto fail;
        if (put_d(mxGetData(a), c, d) < 0) { nan_to_logical(); goto fail; }
    }
    return a;
fail:
    mxDestroyArray(a);
    return NULL;
}

static int is_number(PyObject *o)
{
    return PyFloat_Check(o) || PyLong_Check(o) || PyComplex_Check(o) || PyIndex_Check(o)
        || (Py_TYPE(o)->tp_as_number && Py_TYPE(o)->tp_as_number->nb_float);
}

/* A sequence of numbers -> 1xN array of class c. */
static mxArray *sequence_to_mx(PyObject *o, mxClassID c)
{
    /* A snapshot: element conversions run Python code (__float__, __index__)
       that may change the sequence. */
    PyObject *seq = PySequence_Tuple(o);
    mxArray *a = NULL;
    Py_ssize_t n;
    int cplx = 0;
    if (!seq) return NULL;
    n = PyTuple_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *it = PyTuple_GET_ITEM(seq, i);
        if (PyComplex_Check(it)) cplx = 1;
        else if (!is_number(it)) {
            PyErr_Format(PyExc_TypeError, "element %zd is %.100s, not a number", i + 1, Py_TYPE(it)->tp_name);
            goto done;
        }
    }
    if (cplx && c != mxDOUBLE_CLASS && c != mxSINGLE_CLASS) {
        PyErr_SetString(PyExc_TypeError, "complex values convert only to double or single");
        goto done;
    }
    {
        mwSize dims[2] = {1, (mwSize)n};
        size_t esz = class_size(c) * (cplx ? 2 : 1);
        char *dst;
        if (!(a = make_array(c, cplx, 2, dims))) goto done;
        dst = mxGetData(a);
        for (Py_ssize_t i = 0; i < n; i++) {
            mxArray *one = number_to_mx(PyTuple_GET_ITEM(seq, i), c);
            if (!one) { mxDestroyArray(a); a = NULL; goto done; }
            if (cplx && !mxIsComplex(one)) {
                double re = get_d(mxGetData(one), c);
                if (c == mxDOUBLE_CLASS) { ((double *)dst)[2 * i] = re; ((double *)dst)[2 * i + 1] = 0; }
                else { ((float *)dst)[2 * i] = (float)re; ((float *)dst)[2 * i + 1] = 0; }
            } else {
                memcpy(dst + (size_t)i * esz, mxGetData(one), esz);
            }
            mxDestroyArray(one);
        }
    }
done:
    Py_DECREF(seq);
    return a;
}

static mxArray *to_numeric(PyObject *o, mxClassID c)
{
    int failed;
    mxArray *a;
    if (PyBool_Check(o) || is_number(o)) {
        if (!PyObject_CheckBuffer(o)) return number_to_mx(o, c);
    }
    a = buffer_to_mx(o, c, &failed);
    if (a || failed) return a;
    if (is_number(o)) return number_to_mx(o, c);
    if (PySequence_Check(o) && !PyUnicode_Check(o)) return sequence_to_mx(o, c);
    PyErr_Format(PyExc_TypeError, "cannot convert %.100s to a number", Py_TYPE(o)->tp_name);
    return NULL;
}

/* ---- containers ------------------------------------------------------
 * Each container level counts towards PM_MAX_DEPTH, so deep or
 * self-referencing containers end in RecursionError, not a stack overflow.
 * Elements are converted from snapshots: a conversion may run Python code or
 * release the GIL (building a pyobject calls Octave), and another thread or
 * the element itself may change the container meanwhile. */

typedef mxArray *(*elem_fn)(PyObject *);
static int depth;   /* Octave's thread only */

static int enter(void)
{
    if (depth >= PM_MAX_DEPTH) {
        PyErr_Format(PyExc_RecursionError, "containers nested more than %d levels deep "
                     "(or one contains itself) cannot be converted to Octave", PM_MAX_DEPTH);
        return -1;
    }
    depth++;
    return 0;
}
static void leave(void) { depth--; }

static mxArray *iterable_to_cell(PyObject *o, elem_fn conv)
{
    PyObject *seq;
    mxArray *c = NULL;
    Py_ssize_t n;
    if (enter() < 0) return NULL;
    if (!(seq = PySequence_Tuple(o))) goto done;
    n = PyTuple_GET_SIZE(seq);
    {
        mwSize dims[2] = {1, (mwSize)n};
        if (!(c = alloc_mx(A_CELL, mxCELL_CLASS, 0, 2, dims))) goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        mxArray *e = conv(PyTuple_GET_ITEM(seq, i));   /* the tuple keeps it alive */
        if (!e) { mxDestroyArray(c); c = NULL; break; }
        mxSetCell(c, (mwIndex)i, e);
    }
done:
    Py_XDECREF(seq);
    leave();
    return c;
}

/* Octave's rule for names of variables and fields. */
static int valid_field_name(const char *s, Py_ssize_t n)
{
    if (n < 1 || n > 63 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) return 0;
    for (Py_ssize_t i = 1; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return 0;
    return 1;
}

static mxArray *mapping_to_struct(PyObject *o, elem_fn conv)
{
    PyObject *items = NULL, *snapshot = NULL;
    mxArray *s = NULL;
    if (enter() < 0) return NULL;
    /* items() of a mapping subclass may return anything: take a snapshot and
       check that every item is a (key, value) pair. */
    if (!(items = PyMapping_Items(o)) || !(snapshot = PySequence_Tuple(items))) goto fail;
    {
        mwSize dims[2] = {1, 1};
        if (!(s = alloc_mx(A_STRUCT, mxSTRUCT_CLASS, 0, 2, dims))) goto fail;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(snapshot); i++) {
        PyObject *kv = PyTuple_GET_ITEM(snapshot, i), *k;
        const char *name;
        Py_ssize_t len;
        mxArray *v;
        int f;
        if (!PyTuple_Check(kv) || PyTuple_GET_SIZE(kv) != 2) {
            PyErr_Format(PyExc_TypeError, "items() of %.100s gave %.100s, not a (key, value) pair",
                         Py_TYPE(o)->tp_name, Py_TYPE(kv)->tp_name);
            goto fail;
        }
        k = PyTuple_GET_ITEM(kv, 0);
        if (!PyUnicode_Check(k)) {
            PyErr_Format(PyExc_TypeError, "struct field names must be str, got %.100s", Py_TYPE(k)->tp_name);
            goto fail;
        }
        if (!(name = PyUnicode_AsUTF8AndSize(k, &len))) goto fail;
        if (!valid_field_name(name, len)) {
            PyErr_Format(PyExc_ValueError, "%R is not a valid Octave struct field name (a letter, "
                         "then letters, digits or _, at most 63)", k);
            goto fail;
        }
        if (mxGetFieldNumber(s, name) >= 0) {
            PyErr_Format(PyExc_ValueError, "duplicate struct field name %R", k);
            goto fail;
        }
        if ((f = mxAddField(s, name)) < 0) {
            PyErr_Format(PyExc_ValueError, "cannot add the struct field %R", k);
            goto fail;
        }
        if (!(v = conv(PyTuple_GET_ITEM(kv, 1)))) goto fail;
        mxSetFieldByNumber(s, 0, f, v);
    }
    Py_DECREF(items); Py_DECREF(snapshot);
    leave();
    return s;
fail:
    Py_XDECREF(items); Py_XDECREF(snapshot);
    if (s) mxDestroyArray(s);
    leave();
    return NULL;
}

/* A list or tuple of dicts with the same keys -> 1-by-N struct array (fields
 * in the order of the first dict).  Returns NULL without an exception when o
 * is not such a sequence of mappings at all (not mine). */
static int is_mapping(PyObject *o);

static mxArray *dicts_to_struct_array(PyObject *o, elem_fn conv, int *mine)
{
    PyObject *seq = NULL;
    mxArray *s = NULL;
    Py_ssize_t n;
    *mine = 0;
    if (!PyList_Check(o) && !PyTuple_Check(o)) return NULL;
    if (!(seq = PySequence_Tuple(o))) { *mine = 1; return NULL; }
    n = PyTuple_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        int m = is_mapping(PyTuple_GET_ITEM(seq, i));
        if (m <= 0) { *mine = m < 0; Py_DECREF(seq); return NULL; }
    }
    *mine = 1;
    if (enter() < 0) { Py_DECREF(seq); return NULL; }
    {
        mwSize dims[2] = {1, (mwSize)n};
        if (!(s = alloc_mx(A_STRUCT, mxSTRUCT_CLASS, 0, 2, dims))) goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        mxArray *e = mapping_to_struct(PyTuple_GET_ITEM(seq, i), conv);
        int nf;
        if (!e) goto fail;
        nf = mxGetNumberOfFields(e);
        if (i == 0) {
            for (int f = 0; f < nf; f++) mxAddField(s, mxGetFieldNameByNumber(e, f));
        } else if (nf != mxGetNumberOfFields(s)) {
            mxDestroyArray(e);
            PyErr_Format(PyExc_ValueError, "struct(): dict %zd has %d keys, dict 1 has %d: a struct "
                         "array needs the same keys in every dict", i + 1, nf, mxGetNumberOfFields(s));
            goto fail;
        }
        for (int f = 0; f < nf; f++) {
            const char *name = mxGetFieldNameByNumber(e, f);
            int g = mxGetFieldNumber(s, name);
            if (g < 0) {
                PyErr_Format(PyExc_ValueError, "struct(): dict %zd has the key '%s' that dict 1 lacks", i + 1, name);
                mxDestroyArray(e);   /* after the message: name lives in e */
                goto fail;
            }
            mxSetFieldByNumber(s, (mwIndex)i, g, mxGetFieldByNumber(e, 0, f));
            mxSetFieldByNumber(e, 0, f, NULL);   /* moved into s */
        }
        mxDestroyArray(e);
    }
    Py_DECREF(seq);
    leave();
    return s;
fail:
    if (s) mxDestroyArray(s);
    Py_DECREF(seq);
    leave();
    return NULL;
}

/* ---- the three entry points ------------------------------------------ */

/* numpy.bool_ (numpy 1.x) and numpy.bool (numpy 2.x). */
static int is_numpy_bool(PyObject *o)
{
    const char *n = Py_TYPE(o)->tp_name;
    return !strcmp(n, "numpy.bool_") || !strcmp(n, "numpy.bool");
}

static mxArray *bool_to_mx(PyObject *o)
{
    int t = PyObject_IsTrue(o);
    return t < 0 ? NULL : mxCreateLogicalScalar(t);
}

mxArray *pm_to_octave_auto(PyObject *o)
{
    if (PyBool_Check(o) || is_numpy_bool(o)) return bool_to_mx(o);
    if (PyFloat_Check(o)) return mxCreateDoubleScalar(PyFloat_AS_DOUBLE(o));
    if (PyComplex_Check(o)) return number_to_mx(o, mxDOUBLE_CLASS);
    return pm_handle_new(o);
}

static mxArray *arg_elem(PyObject *o) { return pm_to_octave_arg(o); }
static mxArray *auto_elem(PyObject *o) { return pm_to_octave_auto(o); }

/* A Python int as an argument: a double when exact (Octave's literals are
 * doubles), else int64 or uint64; beyond those an OverflowError, never a
 * silently saturated value. */
static mxArray *int_arg(PyObject *o)
{
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred()) return NULL;
    if (!overflow && v >= -(1LL << 53) && v <= (1LL << 53)) return mxCreateDoubleScalar((double)v);
    if (overflow > 0) {
        unsigned long long u = PyLong_AsUnsignedLongLong(o);
        if (u == (unsigned long long)-1 && PyErr_Occurred()) {
            PyErr_Clear();
            PyErr_Format(PyExc_OverflowError, "%R is too large for Octave (integers beyond uint64 "
                         "cannot be represented; convert it to float first)", o);
            return NULL;
        }
        return number_to_mx(o, mxUINT64_CLASS);
    }
    if (overflow < 0) {
        PyErr_Format(PyExc_OverflowError, "%R is too small for Octave (integers below int64 "
                     "cannot be represented; convert it to float first)", o);
        return NULL;
    }
    return number_to_mx(o, mxINT64_CLASS);
}

mxArray *pm_to_octave_arg(PyObject *o)
{
    int failed;
    mxArray *a;
    if (o == Py_None) return mxCreateDoubleMatrix(0, 0, mxREAL);
    if (PyBool_Check(o) || is_numpy_bool(o)) return bool_to_mx(o);
    if (PyFloat_Check(o)) return mxCreateDoubleScalar(PyFloat_AS_DOUBLE(o));
    if (PyComplex_Check(o)) return number_to_mx(o, mxDOUBLE_CLASS);
    if (PyLong_Check(o)) return int_arg(o);
    if (PyUnicode_Check(o)) return str_to_mx(o);
    a = buffer_to_mx(o, mxUNKNOWN_CLASS, &failed);
    if (a || failed) return a;
    if (PyList_Check(o) || PyTuple_Check(o)) return iterable_to_cell(o, arg_elem);
    if (PyDict_Check(o)) return mapping_to_struct(o, arg_elem);
    return pm_handle_new(o);
}

/* struct() accepts dicts and every collections.abc.Mapping. */
static int is_mapping(PyObject *o)
{
    PyObject *abc, *mapping;
    int r;
    if (PyDict_Check(o)) return 1;
    if (!(abc = PyImport_ImportModule("collections.abc"))) return -1;
    mapping = PyObject_GetAttrString(abc, "Mapping");
    Py_DECREF(abc);
    if (!mapping) return -1;
    r = PyObject_IsInstance(o, mapping);
    Py_DECREF(mapping);
    return r;
}

mxArray *pm_to_octave_as(PyObject *o, const char *cls)
{
    const struct numclass *nc = numclass_by_name(cls);
    if (nc) {
        if (nc->id == mxUINT8_CLASS && (PyBytes_Check(o) || PyByteArray_Check(o))) {
            int failed;
            return buffer_to_mx(o, mxUINT8_CLASS, &failed);
        }
        return to_numeric(o, nc->id);
    }
    if (!strcmp(cls, "char")) {
        PyObject *s = PyObject_Str(o);
        mxArray *a = s ? str_to_mx(s) : NULL;
        Py_XDECREF(s);
        return a;
    }
    if (!strcmp(cls, "cell")) return iterable_to_cell(o, auto_elem);
    if (!strcmp(cls, "struct")) {
        int m = is_mapping(o), mine;
        mxArray *sa;
        if (m < 0) return NULL;
        if (!m) {
            if ((sa = dicts_to_struct_array(o, auto_elem, &mine)) || mine) return sa;
            PyErr_Format(PyExc_TypeError, "struct() needs a dict, a mapping or a list of dicts, not %.100s",
                         Py_TYPE(o)->tp_name);
            return NULL;
        }
        return mapping_to_struct(o, auto_elem);
    }
    PyErr_Format(PyExc_ValueError, "unknown conversion '%s'", cls);
    return NULL;
}
