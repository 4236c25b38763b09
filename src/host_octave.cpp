// host_octave.cpp -- everything pymex needs from Octave beyond the documented
// MEX API.  Octave-only: a MATLAB build compiles host_matlab.c instead.
//
//   Ctrl-C      whether the user interrupted; resetting Octave's flag after
//               pymex turned an interrupt into a Python KeyboardInterrupt
//   keep        holding the octave_value behind a MEX argument, so Python can
//               view its data without a copy (Octave's copy-on-write keeps
//               the data valid and unchanged while the reference lives)
//   exceptions  telling an exit request and an interrupt from an error, from
//               inside a catch block of the fence
//   xerbla      LAPACK argument errors raised by Python's numpy/scipy become
//               Python exceptions, not Octave errors unwinding through Python
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "host.h"
#include <csignal>
#include <new>
#include <octave/oct.h>
#include <octave/quit.h>
#include <octave/mxarray.h>

// liboctave exports these with C linkage (quit.h):
//   octave_interrupt_state > 0: interrupt pending; < 0: being handled (an
//   interrupt exception is unwinding); 0: none.
extern "C" int pm_host_interrupt_pending(void)
{
    return octave_interrupt_state != 0;
}

// Octave's thread: the interrupt was reported by pymex.  octave_signal_caught
// is left alone: another signal (SIGTERM) may have arrived at the same moment,
// and Octave's next check handles whatever is pending (nothing, if only the
// interrupt was).
extern "C" void pm_host_interrupt_clear(void)
{
    octave_interrupt_state = 0;
}

// ---- keep: a reference to the octave_value behind an argument ----------

// Returns an opaque reference to a's value if its data is `data` (no copy),
// else NULL.  Octave's thread.  Never throws.
extern "C" void *pm_host_keep(const void *mx, const void *data)
{
    try {
        octave_value v = static_cast<const mxArray *>(mx)->as_octave_value();
        if (v.mex_get_data() != data) return nullptr;   // lazy value (range...): copy instead
        return new octave_value(v);
    } catch (...) {
        return nullptr;
    }
}

// Drops a reference from pm_host_keep.  Octave's thread.  Never throws.
extern "C" void pm_host_unkeep(void *ref)
{
    try {
        delete static_cast<octave_value *>(ref);
    } catch (...) {
    }
}

// ---- exceptions --------------------------------------------------------

// Called from inside a catch block: what is being handled?
//   PM_EXC_INTERRUPT  Ctrl-C (Octave's flag is reset: pymex reports it)
//   PM_EXC_EXIT       exit/quit; *status gets the exit code
//   PM_EXC_ERROR      anything else
extern "C" int pm_host_classify_exception(int *status)
{
    try {
        throw;
    } catch (const octave::exit_exception &e) {
        *status = e.exit_status();
        return PM_EXC_EXIT;
    } catch (const octave::interrupt_exception &) {
        pm_host_interrupt_clear();
        return PM_EXC_INTERRUPT;
    } catch (...) {
        if (pm_host_interrupt_pending()) {
            pm_host_interrupt_clear();
            return PM_EXC_INTERRUPT;
        }
        return PM_EXC_ERROR;
    }
}

// ---- xerbla ------------------------------------------------------------
// Octave defines the global xerbla_ that every LAPACK library in the process
// calls on an illegal argument, and its handler throws an Octave error.  Raised
// inside numpy or scipy, that error would unwind through Python's C frames.
// pymex installs its own handler: Python code running (on any thread) gets a
// ValueError, as numpy's and scipy's own xerbla raise under plain python3;
// Octave's own LAPACK calls get the error Octave's handler raises.

typedef void (*xerbla_handler)(void);
extern "C" void octave_set_xerbla_handler(xerbla_handler);

static void xerbla(void)
{
    if (pm_python_code_running()) {
        PyGILState_STATE st = PyGILState_Ensure();
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "a LAPACK routine was called with an illegal "
                            "argument (its name and the argument number are printed above)");
        PyGILState_Release(st);
        return;   // LAPACK returns with info < 0; numpy and scipy check for the exception
    }
    error("Fortran procedure terminated by call to XERBLA");
}

extern "C" void pm_host_install_xerbla(void)
{
    octave_set_xerbla_handler(xerbla);
}
