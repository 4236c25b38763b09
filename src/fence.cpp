// fence.cpp -- no C++ exception from Octave crosses Python frames or a held GIL.
//
// A call into Octave made while Python frames are live (matlab.call, building
// handle objects, the submit queue) must not let a C++ exception unwind
// through those frames: CPython is corrupted afterwards.  Octave throws for
// errors (plain mexCallMATLAB), for Ctrl-C (even the *WithTrap variants), for
// exit, and any mx* allocation can throw (out of memory, too many elements).
// Every such call goes through a fence here, which catches everything and
// reports it as a return code; the host file tells what was caught.
#include "pymex.h"

static int last_exit_status;

static int caught(void)
{
    int status = 0, kind = pm_host_classify_exception(&status);
    if (kind == PM_EXC_EXIT) last_exit_status = status;
    return kind;
}

extern "C" int pm_fenced_call(int nlhs, mxArray *plhs[], int nrhs, mxArray *prhs[], const char *fn)
{
    try {
        return mexCallMATLAB(nlhs, plhs, nrhs, prhs, fn) == 0 ? 0 : PM_EXC_ERROR;
    } catch (...) {
        return caught();
    }
}

extern "C" int pm_fenced(void (*fn)(void *), void *ctx)
{
    try {
        fn(ctx);
        return 0;
    } catch (...) {
        return caught();
    }
}

extern "C" int pm_fence_exit_status(void) { return last_exit_status; }
