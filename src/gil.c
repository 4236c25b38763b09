/* gil.c -- the interpreter's life and every GIL transition.
 *
 * Contract: Octave's thread holds the GIL only while pymex code runs.  It is
 * taken on entry to the gateway (pm_gil_take) and given back before every
 * return, error returns included (pm_gil_give), and it is released around
 * each call into Octave (pm_gil_release / pm_gil_restore).  Python threads
 * therefore run at full speed whenever Octave has control.
 *
 * Taking the GIL fast: in CPython 3.11 a thread waiting for the GIL sleeps one
 * switch interval (5 ms by default) before it asks the holder to drop it.  When
 * Octave's thread waits, the interval is lowered for the duration of the wait
 * and restored at once, so a CPU-bound Python thread delays an entry by tens
 * of microseconds, not milliseconds, and Python threads keep their own
 * interval among themselves.
 *
 * The interpreter is never finalized: `clear` must not unload it, and at exit
 * Py_FinalizeEx would hang on live non-daemon threads.  At exit pymex flushes
 * Python's output, then keeps the GIL so that no Python thread runs while the
 * process tears down.
 */
#include "pymex.h"
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#include <time.h>
#endif

#define FAST_SWITCH_US 20   /* switch interval while Octave's thread waits */

static int started;
static volatile int py_running;   /* Python code runs on Octave's thread (GIL held there) */
static volatile int injected;     /* a KeyboardInterrupt was sent for this interrupt */
static unsigned long octave_thread;
static char program[4096] = PYMEX_PYTHON;

int pm_python_started(void) { return started; }
const char *pm_python_program(void) { return program; }
int pm_on_octave_thread(void) { return started && PyThread_get_thread_ident() == octave_thread; }

/* Any thread: Python code runs here, on a Python thread or on Octave's thread
   inside a pymex call (not in Octave code it called back). */
int pm_python_code_running(void)
{
    if (!started) return 0;
    return PyThread_get_thread_ident() != octave_thread || py_running;
}

int pm_set_python_program(const char *exe)
{
    if (started)
        return pm_error("pymex:pyenv:loaded",
                        "Python is already loaded (%s); pyenv can choose the interpreter "
                        "only before the first use", program);
    snprintf(program, sizeof program, "%s", exe);
    return 0;
}

PyGILState_STATE pm_gil_take(void)
{
    unsigned long saved = _PyEval_GetSwitchInterval();
    PyGILState_STATE st;
    if (saved > FAST_SWITCH_US) _PyEval_SetSwitchInterval(FAST_SWITCH_US);
    st = PyGILState_Ensure();
    if (saved > FAST_SWITCH_US) _PyEval_SetSwitchInterval(saved);
    return st;
}

void pm_gil_give(PyGILState_STATE st) { PyGILState_Release(st); }

PyThreadState *pm_gil_release(void)
{
    assert(PyGILState_Check());
    py_running = 0;                 /* Octave runs now: it handles its own Ctrl-C */
    return PyEval_SaveThread();
}

void pm_gil_restore(PyThreadState *ts)
{
    unsigned long saved = _PyEval_GetSwitchInterval();
    if (saved > FAST_SWITCH_US) _PyEval_SetSwitchInterval(FAST_SWITCH_US);
    PyEval_RestoreThread(ts);
    if (saved > FAST_SWITCH_US) _PyEval_SetSwitchInterval(saved);
    py_running = 1;
}

/* ---- Ctrl-C ------------------------------------------------------------
 * Octave's SIGINT handler only sets a flag.  While Python code runs on
 * Octave's thread, a watcher thread polls that flag every 10 ms and raises
 * KeyboardInterrupt in the running code (delivered at the next bytecode;
 * a call blocked in C, e.g. time.sleep, sees it when it returns).  Both
 * sides read and write py_running/injected only with the GIL held. */

void pm_interrupt_watch(int on)
{
    assert(PyGILState_Check());
    if (!on && injected) {
        /* Not delivered (the code finished first): cancel it, and leave
           Octave's flag set so that Octave itself reports the interrupt. */
        PyThreadState_SetAsyncExc(octave_thread, NULL);
        injected = 0;
    }
    py_running = on;
}

void pm_interrupt_done(void)
{
    injected = 0;
    pm_host_interrupt_clear();
}

static void sleep_ms(int ms)
{
#ifdef _WIN32
    Sleep(ms);
#else
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
#endif
}

static void watcher(void *unused)
{
    for (;;) {
        sleep_ms(10);
        if (py_running && !injected && pm_host_interrupt_pending()) {
            PyGILState_STATE st = PyGILState_Ensure();
            if (py_running && !injected) {
                PyThreadState_SetAsyncExc(octave_thread, PyExc_KeyboardInterrupt);
                injected = 1;
            }
            PyGILState_Release(st);
        }
    }
}

/* ---- pinning: nothing may unload libpython or this MEX file ---------- */

static int pin_libraries(void)
{
#ifndef _WIN32
    Dl_info info;
    /* libpython: promote to global symbols (MATLAB loads MEX files RTLD_LOCAL and
       extension modules need libpython's symbols) and never unload it. */
    if (dladdr((void *)&Py_InitializeFromConfig, &info) && info.dli_fname) {
        if (!dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE))
            return pm_error("pymex:init", "cannot pin %s: %s", info.dli_fname, dlerror());
    }
    /* The MEX file itself: `clear all` must not unmap code Python threads may run. */
    if (dladdr((void *)&pin_libraries, &info) && info.dli_fname)
        dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
#endif
    mexLock();
    return 0;
}

/* ---- exit ------------------------------------------------------------ */

static void at_exit(void)
{
    PyObject *r;
    if (!started) return;
    pm_gil_take();
    r = PyRun_String("import sys\nfor _s in (sys.stdout, sys.stderr):\n"
                     "    try: _s.flush()\n    except Exception: pass\n",
                     Py_file_input, PyEval_GetBuiltins(), PyEval_GetBuiltins());
    Py_XDECREF(r);
    PyErr_Clear();
    pm_console_drain();
    /* Keep the GIL: Python threads stay parked until the process ends. */
}

/* ---- start ----------------------------------------------------------- */

static int set_path_and_console(void)
{
    /* '' first on sys.path, as an interactive interpreter has it: modules in
       Octave's current folder import. */
    PyObject *path = PySys_GetObject("path"); /* Borrowed */
    PyObject *empty = PyUnicode_FromString("");
    int rc = (path && empty) ? PyList_Insert(path, 0, empty) : -1;
    Py_XDECREF(empty);
    if (rc < 0) return -1;
    return pm_console_install();
}

int pm_python_start(void)
{
    PyStatus status;
    PyConfig config;

    if (started) return 0;
    if (pin_libraries() < 0) return -1;

    if (PyImport_AppendInittab("matlab", pm_matlab_module_init) < 0)
        return pm_error("pymex:init", "cannot register the matlab module");

    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0;   /* Octave owns SIGINT */
    config.parse_argv = 0;
    config.user_site_directory = 1;
    status = PyConfig_SetBytesString(&config, &config.program_name, program);
    if (PyStatus_Exception(status)) goto fail;
    status = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(status)) goto fail;
    PyConfig_Clear(&config);

    octave_thread = PyThread_get_thread_ident();
    started = 1;
    if (set_path_and_console() < 0 || pm_handles_init() < 0 || pm_support_init() < 0) {
        pm_error_from_python();
        PyEval_SaveThread();
        return -1;
    }
    mexAtExit(at_exit);
    pm_host_install_xerbla();
    if (PyThread_start_new_thread(watcher, NULL) == (unsigned long)-1) {
        PyErr_Clear();   /* no Ctrl-C delivery into Python; everything else works */
    }
    PyEval_SaveThread();                  /* from now on the GIL is free between calls */
    pm_fenced_call(0, NULL, 0, NULL, "__pymex_setup__");   /* Octave's idle hook */
    return 0;

fail:
    PyConfig_Clear(&config);
    return pm_error("pymex:init", "cannot start Python (%s): %s",
                    program, status.err_msg ? status.err_msg : "unknown error");
}
