/* gil.c -- the interpreter's life and every GIL transition.
 *
 * Contract: Octave's thread holds the GIL only while pymex code runs.  It is
 * taken on entry to the gateway (pm_gil_take) and given back before every
 * return, error returns included (pm_gil_give), and it is released around
 * each call into Octave (pm_gil_release / pm_gil_restore).  Python threads
 * therefore run at full speed whenever Octave has control.
 *
 * Taking the GIL fast: a thread waiting for the GIL sleeps one switch interval
 * (5 ms by default) before it asks the holder to drop it.  When Octave's thread
 * waits, the interval is lowered for the duration of the wait and restored at
 * once (gil_interval.c reaches it without a thread state on 3.10-3.13), so a CPU-bound Python thread delays an entry by tens
 * of microseconds, not milliseconds, and Python threads keep their own
 * interval among themselves.
 *
 * Signals: Octave's thread blocks the asynchronous signals (SIGINT, SIGTERM,
 * SIGCHLD, SIGPIPE, ...; Octave's own watcher thread receives them and its
 * handlers only set flags).  Threads and processes inherit the mask of the
 * thread that creates them, so while Python code runs on Octave's thread
 * those signals are unblocked there, and blocked again whenever control goes
 * back to Octave (every GIL give and every release around a call into
 * Octave).  Processes forked while Python code runs also get the default
 * dispositions back (Octave's flag-setting handlers would make SIGTERM a no-op
 * in a multiprocessing worker).
 *
 * The interpreter is never finalized: `clear` must not unload it, and at exit
 * Py_FinalizeEx would hang on live non-daemon threads.  At exit pymex runs what
 * Py_FinalizeEx would run before finalizing -- threading's atexit callbacks,
 * the wait for non-daemon threads, atexit handlers, flushing and closing file
 * objects -- on daemon threads, within a bound (PYMEX_EXIT_TIMEOUT seconds,
 * default 10), then keeps the GIL so that no Python thread runs while the
 * process tears down.  See docs/exit.md.
 */
#include "pymex.h"
#include "gil_interval.h"
#include <string.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#include <time.h>
#include <signal.h>
#include <pthread.h>
#include <unistd.h>
#endif

#define FAST_SWITCH_US 20   /* switch interval while Octave's thread waits */
#define EXIT_TIMEOUT_DEFAULT 10.0

static int started;
static volatile int py_running;   /* Python code runs on Octave's thread (GIL held there) */
static volatile int injected;     /* a KeyboardInterrupt was sent for this interrupt */
static volatile int exit_started; /* the exit sequence has begun (at most once) */
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

static void sleep_ms(int ms)
{
#ifdef _WIN32
    Sleep(ms);
#else
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
#endif
}

static double now_s(void)
{
#ifdef _WIN32
    return GetTickCount64() / 1000.0;
#else
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
#endif
}

/* ---- the signal mask of Octave's thread ------------------------------- */

#ifndef _WIN32
static sigset_t async_set;        /* the signals Octave blocks on its thread */
static int have_async;
static pthread_t octave_pthread;

/* Octave's thread, at start: which of the asynchronous signals does it block? */
static void signals_init(void)
{
    static const int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM,
                               SIGCHLD, SIGXCPU, SIGXFSZ, SIGVTALRM};
    sigset_t cur;
    sigemptyset(&async_set);
    if (pthread_sigmask(SIG_BLOCK, NULL, &cur) != 0) return;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sigismember(&cur, sigs[i]) == 1) { sigaddset(&async_set, sigs[i]); have_async = 1; }
}

/* Python code starts running on Octave's thread: a clean mask, as python3 has. */
static void signals_python(void)
{
    if (have_async) pthread_sigmask(SIG_UNBLOCK, &async_set, NULL);
}

/* Control goes back to Octave: its mask again. */
static void signals_octave(void)
{
    if (have_async) pthread_sigmask(SIG_BLOCK, &async_set, NULL);
}

/* A process forked while Python code runs gets what a child of python3 gets:
   default dispositions (SIGPIPE and SIGXFSZ ignored, as Python sets them)
   instead of Octave's flag-setting handlers, and nothing blocked.  A fork made
   by Octave itself (system, popen) is left alone. */
static int fork_from_python;

static void fork_prepare(void) { fork_from_python = pm_python_code_running(); }

static void fork_child(void)
{
    if (!fork_from_python || !have_async) return;
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction cur, act;
        if (sigismember(&async_set, sig) != 1 || sigaction(sig, NULL, &cur) != 0) continue;
        if (!(cur.sa_flags & SA_SIGINFO) && (cur.sa_handler == SIG_DFL || cur.sa_handler == SIG_IGN))
            continue;
        memset(&act, 0, sizeof act);
        sigemptyset(&act.sa_mask);
        act.sa_handler = (sig == SIGPIPE || sig == SIGXFSZ) ? SIG_IGN : SIG_DFL;
        sigaction(sig, &act, NULL);
    }
    pthread_sigmask(SIG_UNBLOCK, &async_set, NULL);
}
#else
static void signals_init(void) {}
static void signals_python(void) {}
static void signals_octave(void) {}
#endif

/* ---- GIL transitions ----------------------------------------------------- */

/* Requires the GIL, Octave's thread, Python about to give control to Octave.
 * A KeyboardInterrupt sent for Octave's Ctrl-C flag either reached Python
 * (then the interrupt is used up: Python handled it or reported it) or is
 * still pending (then it is withdrawn and Octave reports its flag itself). */
static void interrupt_settle(void)
{
    if (!injected) return;
    if (PyThreadState_Get()->async_exc)
        PyThreadState_SetAsyncExc(octave_thread, NULL);
    else
        pm_host_interrupt_clear();
    injected = 0;
}

PyGILState_STATE pm_gil_take(void)
{
    unsigned long saved = pm_switch_interval();
    PyGILState_STATE st;
    if (saved > FAST_SWITCH_US) pm_set_switch_interval(FAST_SWITCH_US);
    st = PyGILState_Ensure();
    if (saved > FAST_SWITCH_US) pm_set_switch_interval(saved);
    signals_python();
    py_running = 1;
    return st;
}

void pm_gil_give(PyGILState_STATE st)
{
    interrupt_settle();
    py_running = 0;                 /* Octave runs now: it handles its own Ctrl-C */
    signals_octave();
    PyGILState_Release(st);
}

PyThreadState *pm_gil_release(void)
{
    assert(PyGILState_Check());
    interrupt_settle();
    py_running = 0;
    signals_octave();
    return PyEval_SaveThread();
}

void pm_gil_restore(PyThreadState *ts)
{
    unsigned long saved = pm_switch_interval();
    if (saved > FAST_SWITCH_US) pm_set_switch_interval(FAST_SWITCH_US);
    PyEval_RestoreThread(ts);
    if (saved > FAST_SWITCH_US) pm_set_switch_interval(saved);
    signals_python();
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
    if (!on) interrupt_settle();
    py_running = on;
}

void pm_interrupt_done(void)
{
    injected = 0;
    pm_host_interrupt_clear();
}

/* ---- SIGTERM, SIGHUP, SIGQUIT while Python code runs --------------------
 * Octave ends itself on these signals at its next interrupt check (message,
 * octave-workspace, exit code 1), which never comes while Python code runs on
 * its thread.  pymex sees them through a wrapper around Octave's handler;
 * the watcher thread then wakes Octave's thread with a signal of its own whose
 * Python handler raises SystemExit (this also ends calls blocked in C that
 * retry on EINTR, such as os.read or time.sleep), so control returns to
 * Octave, which ends the process its own way.  Python code that does not give
 * control back within FATAL_GRACE seconds is cut short: pymex prints Octave's
 * message, runs the exit sequence for at most FATAL_BOUND seconds and ends the
 * process with Octave's code for these signals, 1. */

#define FATAL_GRACE 1.0
#define FATAL_BOUND 1.0

#ifndef _WIN32
static volatile sig_atomic_t fatal_sig;
static struct sigaction fatal_old[3];
static const int fatal_sigs[3] = {SIGTERM, SIGHUP, SIGQUIT};
static int wake_sig;

static void fatal_wrapper(int sig, siginfo_t *info, void *uc)
{
    for (int i = 0; i < 3; i++) {
        if (fatal_sigs[i] != sig) continue;
        fatal_sig = sig;
        if (fatal_old[i].sa_flags & SA_SIGINFO) fatal_old[i].sa_sigaction(sig, info, uc);
        else if (fatal_old[i].sa_handler != SIG_DFL && fatal_old[i].sa_handler != SIG_IGN)
            fatal_old[i].sa_handler(sig);
    }
}

/* Wraps the handlers Octave installed (left alone where there is none). */
static void fatal_install(void)
{
    for (int i = 0; i < 3; i++) {
        struct sigaction act;
        if (sigaction(fatal_sigs[i], NULL, &fatal_old[i]) != 0) continue;
        if (!(fatal_old[i].sa_flags & SA_SIGINFO)
            && (fatal_old[i].sa_handler == SIG_DFL || fatal_old[i].sa_handler == SIG_IGN)) continue;
        act = fatal_old[i];
        act.sa_flags = (fatal_old[i].sa_flags & ~SA_RESETHAND) | SA_SIGINFO;
        act.sa_sigaction = fatal_wrapper;
        sigaction(fatal_sigs[i], &act, NULL);
    }
}

/* Python's handler of wake_sig (runs on Octave's thread, the interpreter's
   main thread, at the next bytecode or EINTR). */
static PyObject *wake_handler(PyObject *self, PyObject *args)
{
    if (fatal_sig && py_running && pm_on_octave_thread()) {
        PyObject *code = PyLong_FromLong(1);
        if (code) { PyErr_SetObject(PyExc_SystemExit, code); Py_DECREF(code); }
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef wake_def = {"_pymex_wake", wake_handler, METH_VARARGS, NULL};

/* Requires the GIL, Octave's thread (Python's main thread). */
static void wake_install(void)
{
    PyObject *signal = NULL, *fn = NULL, *r = NULL;
#ifdef SIGRTMIN
    int sig = SIGRTMIN + 6;   /* a real-time signal nothing else here uses */
    if (sig > SIGRTMAX) return;
#else
    int sig = SIGUSR2;
    return;                   /* no spare signal: rely on the hard exit */
#endif
    if (!(signal = PyImport_ImportModule("_signal"))) goto done;   /* not signal.py: no enum import at start */
    if (!(fn = PyCFunction_New(&wake_def, NULL))) goto done;
    if (!(r = PyObject_CallMethod(signal, "signal", "iO", sig, fn))) goto done;
    wake_sig = sig;
done:
    PyErr_Clear();
    Py_XDECREF(r); Py_XDECREF(fn); Py_XDECREF(signal);
}

int pm_fatal_signal(void) { return fatal_sig; }

static void *deadman(void *arg)
{
    sleep_ms((int)(*(double *)arg * 1000));
    _exit(1);
    return NULL;
}
#endif

static int run_exit_sequence(double timeout);

/* The watcher thread: Python code on Octave's thread ignored SIGTERM.  End the
   process as Octave would. */
#ifdef _WIN32
int pm_fatal_signal(void) { return 0; }
#endif

static void fatal_hard_exit(int sig)
{
#ifndef _WIN32
    static double limit = FATAL_BOUND + 1.0;
    pthread_t t;
    fprintf(stderr, "fatal: caught signal %s -- stopping myself...\n", strsignal(sig));
    fflush(stderr);
    if (pthread_create(&t, NULL, deadman, &limit) == 0) pthread_detach(t);
    PyGILState_STATE st = PyGILState_Ensure();
    run_exit_sequence(FATAL_BOUND);
    PyGILState_Release(st);    /* (nothing runs: _exit follows) */
    pm_console_drain_raw();
    fflush(stdout);
    fflush(stderr);
    _exit(1);
#endif
}

static void watcher(void *unused)
{
#ifndef _WIN32
    double woke = 0;
#endif
    for (;;) {
        sleep_ms(10);
        if (exit_started) continue;
        if (py_running && !injected && pm_host_interrupt_pending()) {
            PyGILState_STATE st = PyGILState_Ensure();
            if (py_running && !injected && !exit_started) {
                PyThreadState_SetAsyncExc(octave_thread, PyExc_KeyboardInterrupt);
                injected = 1;
            }
            PyGILState_Release(st);
        }
#ifndef _WIN32
        if (fatal_sig) {
            if (!py_running) { woke = 0; continue; }   /* Octave has control: it acts */
            if (!woke) {
                woke = now_s();
                if (wake_sig) pthread_kill(octave_pthread, wake_sig);
            } else if (now_s() - woke > FATAL_GRACE) {
                fatal_hard_exit(fatal_sig);
            }
        }
#endif
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

/* What Py_FinalizeEx runs before finalizing, each phase on a daemon thread
 * that Octave's thread waits for with a deadline: a stuck handler or an
 * endless non-daemon thread costs at most the bound. */
static const char exit_code[] =
"import sys, threading, time, gc, io\n"
"\n"
"def _report(what):\n"
"    try:\n"
"        import traceback\n"
"        sys.stderr.write('pymex: exception in %s at exit:\\n' % what)\n"
"        traceback.print_exc()\n"
"    except BaseException:\n"
"        pass\n"
"\n"
"def _threads(octave_ident, until):\n"
"    # threading._shutdown: its atexit callbacks (concurrent.futures executors\n"
"    # shut down), then the wait for non-daemon threads -- bounded here.\n"
"    if hasattr(threading, '_SHUTTING_DOWN'):\n"
"        threading._SHUTTING_DOWN = True\n"
"    for cb in reversed(list(getattr(threading, '_threading_atexits', ()))):\n"
"        try:\n"
"            cb()\n"
"        except BaseException:\n"
"            _report('a threading atexit callback')\n"
"    me, main = threading.current_thread(), threading.main_thread()\n"
"    while True:\n"
"        waiting = [t for t in threading.enumerate()\n"
"                   if t is not me and t is not main and t.ident != octave_ident\n"
"                   and not t.daemon and t.is_alive()]\n"
"        if not waiting:\n"
"            return\n"
"        for t in waiting:\n"
"            left = until - time.monotonic()\n"
"            if left <= 0:\n"
"                return\n"
"            t.join(left)\n"
"\n"
"def _atexit():\n"
"    import atexit\n"
"    atexit._run_exitfuncs()\n"
"\n"
"def _files():\n"
"    # sys.std* (and what they wrap) are flushed and stay open; every other\n"
"    # file object is flushed, then closed (text before buffered before raw).\n"
"    std = set()\n"
"    for s in (sys.stdin, sys.stdout, sys.stderr, sys.__stdin__, sys.__stdout__, sys.__stderr__):\n"
"        for _ in range(4):\n"
"            if s is None or id(s) in std:\n"
"                break\n"
"            std.add(id(s))\n"
"            try:\n"
"                s = getattr(s, 'buffer', None) or getattr(s, 'raw', None)\n"
"            except BaseException:\n"
"                s = None\n"
"    for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):\n"
"        try:\n"
"            if s is not None:\n"
"                s.flush()\n"
"        except BaseException:\n"
"            pass\n"
"    kinds = (io.TextIOWrapper, io.BufferedWriter, io.BufferedRandom, io.BufferedReader, io.FileIO)\n"
"    def rank(f):\n"
"        t = type(f)\n"
"        return 0 if issubclass(t, io.TextIOWrapper) else 2 if issubclass(t, io.FileIO) else 1\n"
"    files = sorted((o for o in gc.get_objects()\n"
"                    if issubclass(type(o), kinds) and id(o) not in std), key=rank)\n"
"    for f in files:\n"
"        try:\n"
"            if not f.closed:\n"
"                f.flush()\n"
"        except BaseException:\n"
"            pass\n"
"    for f in files:\n"
"        try:\n"
"            if not f.closed and f.fileno() > 2:\n"
"                f.close()\n"
"        except BaseException:\n"
"            pass\n"
"\n"
"def run(timeout, drain, octave_ident):\n"
"    t0 = time.monotonic()\n"
"    timeout = max(timeout, 0.0)\n"
"    end = t0 + timeout\n"
"    threads_until = t0 + timeout * 0.5\n"
"    atexit_until = end - min(1.0, timeout * 0.1)\n"
"    def start(fn, *args):\n"
"        ev = threading.Event()\n"
"        def body():\n"
"            try:\n"
"                fn(*args)\n"
"            except BaseException:\n"
"                _report(fn.__name__.strip('_'))\n"
"            finally:\n"
"                ev.set()\n"
"        try:\n"
"            threading.Thread(target=body, name='pymex-exit' + fn.__name__, daemon=True).start()\n"
"        except BaseException:\n"
"            body()\n"
"        return ev\n"
"    def wait(ev, until):\n"
"        while not ev.is_set():\n"
"            left = until - time.monotonic()\n"
"            if left <= 0:\n"
"                break\n"
"            ev.wait(min(left, 0.05))\n"
"            drain()\n"
"        drain()\n"
"    wait(start(_threads, octave_ident, threads_until), threads_until)\n"
"    wait(start(_atexit), atexit_until)\n"
"    wait(start(_files), end)\n";

/* Print what Python threads wrote: Octave's console on Octave's thread,
   straight to standard output elsewhere (the SIGTERM path). */
static PyObject *exit_drain(PyObject *self, PyObject *unused)
{
    if (pm_on_octave_thread()) {
        PyThreadState *ts = PyEval_SaveThread();
        pm_console_drain();
        PyEval_RestoreThread(ts);
    } else {
        pm_console_drain_raw();
    }
    Py_RETURN_NONE;
}

static PyMethodDef exit_drain_def = {"_pymex_drain", exit_drain, METH_NOARGS, NULL};

static double exit_timeout(void)
{
    const char *s = getenv("PYMEX_EXIT_TIMEOUT");
    char *end;
    double t;
    if (!s || !*s) return EXIT_TIMEOUT_DEFAULT;
    t = strtod(s, &end);
    if (end == s || *end || !(t >= 0) || t > 1e6) return EXIT_TIMEOUT_DEFAULT;
    return t;
}

/* Requires the GIL.  Once per process; 0 if it ran, -1 if it had run already. */
static int run_exit_sequence(double timeout)
{
    PyObject *d = NULL, *r = NULL, *run, *drain = NULL;
    if (exit_started) return -1;
    exit_started = 1;
    pm_exit_begin();                      /* matlab.* refuse, queued submits fail */
    if (!(d = PyDict_New())) goto done;
    if (PyDict_SetItemString(d, "__builtins__", PyEval_GetBuiltins()) < 0) goto done;
    if (!(r = PyRun_String(exit_code, Py_file_input, d, d))) goto done;
    Py_CLEAR(r);
    run = PyDict_GetItemString(d, "run");          /* Borrowed */
    if (!run || !(drain = PyCFunction_New(&exit_drain_def, NULL))) goto done;
    r = PyObject_CallFunction(run, "dOk", timeout, drain, octave_thread);
done:
    if (!r && PyErr_Occurred()) PyErr_Print();
    PyErr_Clear();
    Py_XDECREF(r); Py_XDECREF(drain); Py_XDECREF(d);
    return 0;
}

static void at_exit(void)
{
    if (!started) return;
    pm_gil_take();
    py_running = 0;                       /* no KeyboardInterrupt into the exit sequence */
    run_exit_sequence(exit_timeout());
    pm_console_drain();
    signals_octave();
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

/* Every type and exception object C code uses is ready before any user code
   runs: matlab.Function, MatlabError, ThreadError come with the module. */
static int ready_types(void)
{
    PyObject *m = PyImport_ImportModule("matlab");
    if (!m) return -1;
    Py_DECREF(m);
    return (pm_MatlabError && pm_ThreadError) ? 0 : -1;
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
    if (set_path_and_console() < 0 || pm_handles_init() < 0 || pm_support_init() < 0
        || ready_types() < 0) {
        if (PyErr_Occurred()) pm_error_from_python();
        else pm_error("pymex:init", "cannot initialise the matlab module");
        PyEval_SaveThread();
        return -1;
    }
    mexAtExit(at_exit);
    pm_host_install_xerbla();
    signals_init();
#ifndef _WIN32
    octave_pthread = pthread_self();
    pthread_atfork(fork_prepare, NULL, fork_child);
    fatal_install();
    wake_install();
#endif
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
