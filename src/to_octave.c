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
    mxArray *a = mxCreateCharArray(2, dims);
    if (a && n) memcpy(mxGetChars(a), s, (size_t)n);
    return a;
#else
    /* MATLAB's char is UTF-16: let Python transcode. */
    PyObject *u = PyUnicode_DecodeUTF8(s, n, "surrogateescape");
    PyObject *b = u ? PyUnicode_AsEncodedString(u, "utf-16-le", "surrogatepass") : NULL;
    mxArray *a = NULL;
    if (b) {
        mwSize dims[2] = {1, (mwSize)(PyBytes_GET_SIZE(b) / 2)};
        a = mxCreateCharArray(2, dims);
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

/* Write v (double) into p of class c: rounding and saturating as MATLAB does. */
static void put_d(char *p, mxClassID c, double v)
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
    case mxLOGICAL_CLASS: *(unsigned char *)p = v != 0; break;
    default: break;
    }
#undef SAT
}

/* Copy one element converting class; integer to integer stays exact. */
static void convert_elem(char *dst, mxClassID dc, const char *src, mxClassID sc)
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
        return;
    }
    put_d(dst, dc, get_d(src, sc));
}

/* mxArray of class cls (complex if cplx) with Octave dims; data uninitialised.
 * Complex arrays are built by attaching an mxMalloc'd buffer: Octave 7.3's
 * mxCreate*(..., mxCOMPLEX) under -R2018a allocates too little (platform-facts). */
static mxArray *make_array(mxClassID cls, int cplx, mwSize nd, const mwSize *dims)
{
    mxArray *a;
    size_t n = 1;
    for (mwSize i = 0; i < nd; i++) n *= dims[i];
    if (cls == mxLOGICAL_CLASS) return mxCreateLogicalArray(nd, dims);
    if (!cplx) return mxCreateUninitNumericArray(nd, (mwSize *)dims, cls, mxREAL);
    if (cls == mxDOUBLE_CLASS) {
        a = mxCreateDoubleMatrix(0, 0, mxCOMPLEX);
        mxComplexDouble *p = mxMalloc((n ? n : 1) * sizeof *p);
        mxSetComplexDoubles(a, p);
    } else {
        a = mxCreateNumericMatrix(0, 0, mxSINGLE_CLASS, mxCOMPLEX);
        mxComplexSingle *p = mxMalloc((n ? n : 1) * sizeof *p);
        mxSetComplexSingles(a, p);
    }
    mxSetDimensions(a, dims, nd);
    return a;
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
    if (!a) { PyErr_NoMemory(); goto fail; }
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
                    } else convert_elem(dp, want, sp, sc);
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

/* A Python number -> 1x1 array of class c (exact for Python ints). */
static mxArray *number_to_mx(PyObject *o, mxClassID c)
{
    mwSize dims[2] = {1, 1};
    mxArray *a;
    if (PyComplex_Check(o) && (c == mxDOUBLE_CLASS || c == mxSINGLE_CLASS)) {
        Py_complex z = PyComplex_AsCComplex(o);
        a = make_array(c, 1, 2, dims);
        if (c == mxDOUBLE_CLASS) { mxGetComplexDoubles(a)->real = z.real; mxGetComplexDoubles(a)->imag = z.imag; }
        else { mxGetComplexSingles(a)->real = (float)z.real; mxGetComplexSingles(a)->imag = (float)z.imag; }
        return a;
    }
    a = make_array(c, 0, 2, dims);
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
        put_d(mxGetData(a), c, d);
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
    PyObject *seq = PySequence_Fast(o, "expected a sequence of numbers");
    mxArray *a = NULL;
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    int cplx = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *it = PySequence_Fast_GET_ITEM(seq, i);
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
        a = make_array(c, cplx, 2, dims);
        size_t esz = class_size(c) * (cplx ? 2 : 1);
        char *dst = mxGetData(a);
        for (Py_ssize_t i = 0; i < n; i++) {
            mxArray *one = number_to_mx(PySequence_Fast_GET_ITEM(seq, i), c);
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

/* ---- containers ------------------------------------------------------ */

typedef mxArray *(*elem_fn)(PyObject *);

static mxArray *iterable_to_cell(PyObject *o, elem_fn conv)
{
    PyObject *seq = PySequence_Fast(o, "expected an iterable");
    mxArray *c = NULL;
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    c = mxCreateCellMatrix(1, (mwSize)n);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *it = Py_NewRef(PySequence_Fast_GET_ITEM(seq, i));  /* conv may release the GIL */
        mxArray *e = conv(it);
        Py_DECREF(it);
        if (!e) { mxDestroyArray(c); c = NULL; break; }
        mxSetCell(c, (mwIndex)i, e);
    }
    Py_DECREF(seq);
    return c;
}

static mxArray *mapping_to_struct(PyObject *o, elem_fn conv)
{
    PyObject *items = PyMapping_Items(o);
    mxArray *s = NULL;
    if (!items) return NULL;
    s = mxCreateStructMatrix(1, 1, 0, NULL);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *kv = PyList_GET_ITEM(items, i), *k = PyTuple_GET_ITEM(kv, 0);
        const char *name;
        mxArray *v;
        int f;
        if (!PyUnicode_Check(k) || !(name = PyUnicode_AsUTF8(k))) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "struct field names must be str, got %.100s", Py_TYPE(k)->tp_name);
            goto fail;
        }
        if ((f = mxAddField(s, name)) < 0) {
            PyErr_Format(PyExc_ValueError, "'%s' is not a valid struct field name", name);
            goto fail;
        }
        if (!(v = conv(PyTuple_GET_ITEM(kv, 1)))) goto fail;
        mxSetFieldByNumber(s, 0, f, v);
    }
    Py_DECREF(items);
    return s;
fail:
    Py_DECREF(items);
    mxDestroyArray(s);
    return NULL;
}

/* ---- the three entry points ------------------------------------------ */

static int is_numpy_bool(PyObject *o) { return !strcmp(Py_TYPE(o)->tp_name, "numpy.bool_"); }

mxArray *pm_to_octave_auto(PyObject *o)
{
    if (PyBool_Check(o) || is_numpy_bool(o)) return mxCreateLogicalScalar(PyObject_IsTrue(o));
    if (PyFloat_Check(o)) return mxCreateDoubleScalar(PyFloat_AS_DOUBLE(o));
    if (PyComplex_Check(o)) return number_to_mx(o, mxDOUBLE_CLASS);
    return pm_handle_new(o);
}

static mxArray *arg_elem(PyObject *o) { return pm_to_octave_arg(o); }
static mxArray *auto_elem(PyObject *o) { return pm_to_octave_auto(o); }

mxArray *pm_to_octave_arg(PyObject *o)
{
    int failed;
    mxArray *a;
    if (o == Py_None) return mxCreateDoubleMatrix(0, 0, mxREAL);
    if (PyBool_Check(o) || is_numpy_bool(o)) return mxCreateLogicalScalar(PyObject_IsTrue(o));
    if (PyFloat_Check(o)) return mxCreateDoubleScalar(PyFloat_AS_DOUBLE(o));
    if (PyComplex_Check(o)) return number_to_mx(o, mxDOUBLE_CLASS);
    if (PyLong_Check(o)) {
        /* Octave's literals are doubles: ints become double when exact, else int64/uint64. */
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (!overflow && v >= -(1LL << 53) && v <= (1LL << 53)) return mxCreateDoubleScalar((double)v);
        return number_to_mx(o, overflow > 0 ? mxUINT64_CLASS : mxINT64_CLASS);
    }
    if (PyUnicode_Check(o)) return str_to_mx(o);
    a = buffer_to_mx(o, mxUNKNOWN_CLASS, &failed);
    if (a || failed) return a;
    if (PyList_Check(o) || PyTuple_Check(o)) return iterable_to_cell(o, arg_elem);
    if (PyDict_Check(o)) return mapping_to_struct(o, arg_elem);
    return pm_handle_new(o);
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
        if (!PyMapping_Check(o) || PySequence_Check(o)) {
            PyErr_Format(PyExc_TypeError, "struct() needs a dict or mapping, not %.100s", Py_TYPE(o)->tp_name);
            return NULL;
        }
        return mapping_to_struct(o, auto_elem);
    }
    PyErr_Format(PyExc_ValueError, "unknown conversion '%s'", cls);
    return NULL;
}
