// fence.cpp -- the only C++ in pymex.
//
// A call into Octave made while Python frames are live (matlab.call, building
// handle objects, the submit queue) must not let a C++ exception unwind
// through those frames: CPython is corrupted afterwards.  Octave throws for
// errors (plain mexCallMATLAB) and for Ctrl-C (even the *WithTrap variants), so
// every such call goes through pm_fenced_call, which catches everything and
// reports it as a return code.  Callers run with the GIL released.
#include "pymex.h"

extern "C" int pm_fenced_call(int nlhs, mxArray *plhs[], int nrhs, mxArray *prhs[], const char *fn)
{
    try {
        return mexCallMATLAB(nlhs, plhs, nrhs, prhs, fn) == 0 ? 0 : 1;
    } catch (...) {
        // No exception type is named here (that would be host-specific):
        // the host tells whether the unwinding was an interrupt.
        if (pm_host_interrupt_pending()) {
            pm_host_interrupt_clear();
            return 2;
        }
        return 1;
    }
}
