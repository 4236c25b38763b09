/* host.h -- what pymex needs from its host beyond the documented MEX API.
 * Implemented by host_octave.cpp (Octave-only C++) and host_matlab.c.
 * Plain C with no MEX or Octave types, so that host_octave.cpp can include
 * Octave's own headers (which define mxArray as a class) next to it.
 * mxArray arguments are passed as const void *. */
#ifndef PYMEX_HOST_H
#define PYMEX_HOST_H
#ifdef __cplusplus
extern "C" {
#endif

int  pm_host_interrupt_pending(void);  /* Ctrl-C pressed in Octave? any thread */
void pm_host_interrupt_clear(void);    /* Octave's thread */

/* A reference to the value behind the MEX argument `mx` whose data is `data`
   (no copy), or NULL: then copy.  Octave's thread; pm_host_unkeep drops it
   (only frees memory; safe inside any Python decref on Octave's thread). */
void *pm_host_keep(const void *mx, const void *data);
void pm_host_unkeep(void *ref);

/* Only from inside a C++ catch block: what is being handled. */
enum { PM_EXC_ERROR = 1, PM_EXC_INTERRUPT = 2, PM_EXC_EXIT = 3 };
int  pm_host_classify_exception(int *exit_status);

/* Once, at start: LAPACK argument errors in Python code become ValueError. */
void pm_host_install_xerbla(void);

/* gil.c, for the host: this thread runs Python code (not Octave's). */
int  pm_python_code_running(void);

#ifdef __cplusplus
}
#endif
#endif
