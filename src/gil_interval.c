/* gil_interval.c -- the GIL's switch interval, read and written without a
 * thread state (Octave's thread asks before it takes the GIL).
 *
 * Why: a thread waiting for the GIL sleeps one switch interval (5 ms by
 * default) before it asks the holder to let go.  gil.c lowers the interval
 * while Octave's thread waits, so entering pymex while a CPU-bound Python thread
 * runs costs tens of microseconds, not 5 ms; Python threads keep the normal
 * interval among themselves.
 *
 * Up to 3.11, _PyEval_{Get,Set}SwitchInterval work without a thread state.
 * From 3.12 each interpreter has its own GIL, those functions need a current
 * thread state (3.12 aborts without one) and 3.13 no longer exports them, so
 * the field is reached through CPython's internal headers: this is the only
 * file compiled with Py_BUILD_CORE, and it is compiled against the headers of
 * the interpreter pymex is built for.  Free-threaded builds have no GIL to wait
 * for: nothing to do.
 */
#include <patchlevel.h>
#if PY_VERSION_HEX >= 0x030C0000
#define Py_BUILD_CORE 1
#endif
#include <Python.h>
#if PY_VERSION_HEX >= 0x030C0000
#include "internal/pycore_interp.h"
#endif
#include "gil_interval.h"

#if defined(Py_GIL_DISABLED)

unsigned long pm_switch_interval(void) { return 0; }
void pm_set_switch_interval(unsigned long us) { (void)us; }

#elif PY_VERSION_HEX >= 0x030C0000

/* The main interpreter's GIL: pymex runs all Python code there. */
static struct _gil_runtime_state *main_gil(void)
{
    PyInterpreterState *interp = PyInterpreterState_Main();
    return interp ? interp->ceval.gil : NULL;
}

unsigned long pm_switch_interval(void)
{
    struct _gil_runtime_state *gil = main_gil();
    return gil ? gil->interval : 0;
}

void pm_set_switch_interval(unsigned long us)
{
    struct _gil_runtime_state *gil = main_gil();
    if (gil) gil->interval = us;   /* a plain word; CPython reads it once per wait */
}

#else

unsigned long pm_switch_interval(void) { return _PyEval_GetSwitchInterval(); }
void pm_set_switch_interval(unsigned long us) { _PyEval_SetSwitchInterval(us); }

#endif
