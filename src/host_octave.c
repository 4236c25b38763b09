/* host_octave.c -- what pymex needs from Octave beyond the documented MEX API.
 *
 * Only Ctrl-C: whether the user interrupted, and resetting Octave's flag after
 * pymex has turned an interrupt into a Python KeyboardInterrupt.  Built for
 * Octave only; a MATLAB build compiles host_matlab.c instead (no Ctrl-C
 * delivery into running Python code there).
 */
#include "pymex.h"
#include <signal.h>

/* liboctave exports these with C linkage (quit.h):
   octave_interrupt_state > 0: interrupt pending; < 0: being handled (an
   interrupt exception is unwinding); 0: none. */
extern sig_atomic_t octave_interrupt_state;
extern volatile sig_atomic_t octave_signal_caught;

int pm_host_interrupt_pending(void)
{
    return octave_interrupt_state != 0;
}

/* Octave's thread.  What Octave's own top level does after an interrupt. */
void pm_host_interrupt_clear(void)
{
    octave_interrupt_state = 0;
    octave_signal_caught = 0;
}
