/* host_matlab.c -- the MATLAB build's stand-in for host_octave.cpp.
 * MATLAB offers no documented way to read its Ctrl-C flag from a MEX file,
 * so Python code started from MATLAB is not interrupted by Ctrl-C; arrays are
 * copied into Python (no reference to MATLAB's data can be held); exceptions
 * caught by the fence are errors; MATLAB's LAPACK error handler is MATLAB's. */
#include "pymex.h"

int pm_host_interrupt_pending(void) { return 0; }
void pm_host_interrupt_clear(void) { }
void *pm_host_keep(const void *mx, const void *data) { (void)mx; (void)data; return NULL; }
void pm_host_unkeep(void *ref) { (void)ref; }
int pm_host_classify_exception(int *status) { (void)status; return PM_EXC_ERROR; }
void pm_host_install_xerbla(void) { }
