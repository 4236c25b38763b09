/* host_matlab.c -- the MATLAB build's stand-in for host_octave.c.
 * MATLAB offers no documented way to read its Ctrl-C flag from a MEX file,
 * so Python code started from MATLAB is not interrupted by Ctrl-C. */
#include "pymex.h"

int pm_host_interrupt_pending(void) { return 0; }
void pm_host_interrupt_clear(void) { }
