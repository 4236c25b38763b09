/* gateway.c -- the MEX entry point and the command table.
 *
 * pymex(command, args...) looks the command up in `commands`, checks the
 * number of arguments, and runs the handler.  For commands that need Python
 * the GIL is taken here, and only here, and given back before returning.
 * This is also the one place that raises Octave errors: after the handler
 * has dropped its references and the GIL is released.
 */
#include "pymex.h"
#include "commands.h"
#include <string.h>
#include <limits.h>

#define ANY INT_MAX   /* no limit: pycall(f, c{:}) with any number of arguments */

typedef struct {
    const char *name;
    int min_args, max_args;   /* after the command name */
    int max_out;              /* outputs it can give */
    int python;               /* needs the interpreter and the GIL */
    pm_handler handler;
    const char *usage;
    const char *help;
} command;

static int cmd_help(int, mxArray *[], int, const mxArray *[]);
static int cmd_version(int, mxArray *[], int, const mxArray *[]);
static int cmd_env(int, mxArray *[], int, const mxArray *[]);
static int cmd_setexe(int, mxArray *[], int, const mxArray *[]);
static int cmd_idle(int, mxArray *[], int, const mxArray *[]);
static int cmd_kept(int, mxArray *[], int, const mxArray *[]);

static const command commands[] = {
    {"help", 0, 1, 0, 0, cmd_help, "pymex help [command]", "list the commands, or describe one"},
    {"version", 0, 0, 1, 0, cmd_version, "v = pymex('version')", "pymex's version"},
    {"env", 0, 0, 1, 0, cmd_env, "s = pymex('env')", "the interpreter: Version, Executable, Library, Home, Loaded"},
    {"setexe", 1, 1, 0, 0, cmd_setexe, "pymex('setexe', exe)", "choose the interpreter before first use (pyenv Version)"},
    {"probe", 1, 1, 2, 0, cmd_probe, "[status, out] = pymex('probe', exe)", "run exe (no shell) to ask its version and path (pyenv)"},
    {"exec", 1, 2, 0, 1, cmd_exec, "pyexec(code[, ns])", "run statements in __main__ or the dict ns (pyexec)"},
    {"eval", 1, 2, 1, 1, cmd_eval, "v = pyeval(expr[, ns])", "evaluate an expression (pyeval)"},
    {"run", 2, ANY, ANY, 1, cmd_run, "[...] = pyrun(code, outnames, name, value, ...)", "pyrun"},
    {"runfile", 2, ANY, ANY, 1, cmd_runfile, "[...] = pyrunfile(file, outnames, name, value, ...)", "pyrunfile"},
    {"call", 1, ANY, 1, 1, cmd_call, "v = pycall(f, args...)", "call a dotted name or a pyobject (pycall)"},
    {"kwargs", 0, ANY, 1, 1, cmd_kwargs, "kw = pyargs(name, value, ...)", "keyword arguments (pyargs)"},
    {"subsref", 2, 2, 1, 1, cmd_subsref, "v = pymex('subsref', obj, S)", "o.attr, o.f(args), o(i), o{k}"},
    {"subsasgn", 3, 3, 0, 1, cmd_subsasgn, "pymex('subsasgn', obj, S, v)", "o.attr = v, o{k} = v"},
    {"del", 1, 1, 0, 1, cmd_del, "pymex('del', id)", "drop the reference behind a handle id (pyobject delete)"},
    {"convert", 2, 2, 1, 1, cmd_convert, "v = pymex('convert', obj, class)", "double(o), char(o), cell(o), struct(o), ..."},
    {"text", 2, 3, 1, 1, cmd_text, "s = pymex('text', what, obj)", "classname, repr, str, doc or display text of a pyobject"},
    {"isa", 2, 2, 1, 1, cmd_isa, "tf = pymex('isa', obj, 'py.type')", "is obj an instance of that Python class"},
    {"names", 2, 2, 1, 1, cmd_names, "c = pymex('names', obj, kind)", "kind 'fields', 'methods' or 'names' of an object"},
    {"len", 1, 2, 1, 1, cmd_len, "n = pymex('len', obj[, 'numel'])", "len(obj); with 'numel', 1 for objects without len"},
    {"op", 2, 3, 1, 1, cmd_op, "v = pymex('op', name, a[, b])", "Octave operators on pyobjects (plus, eq, uminus, ...)"},
    {"kept", 0, 0, 1, 0, cmd_kept, "n = pymex('kept')", "number of Octave values Python views without a copy"},
    {"count", 0, 0, 1, 1, cmd_count, "n = pymex('count')", "number of Python objects held by Octave handles"},
    {"drain", 0, 0, 0, 1, cmd_drain, "pymex('drain')", "run calls queued by matlab.submit now (pydrain)"},
    {"idle", 0, 0, 0, 0, cmd_idle, "pymex('idle')", "Octave's idle hook: print threads' output, run submitted calls"},
    {"selftest", 2, 2, 0, 1, cmd_selftest, "pymex('selftest', 'throw', v)", "test hook: an Octave exception inside a command"},
    {NULL}
};

static const command *find_command(const char *name)
{
    for (const command *c = commands; c->name; c++)
        if (!strcmp(c->name, name)) return c;
    return NULL;
}

/* ---- commands that need no Python ----------------------------------- */

static int cmd_help(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char name[64] = "";
    if (nrhs == 1) {
        const command *c = NULL;
        const mxArray *a = prhs[0];
        if (!mxIsChar(a) || mxGetNumberOfDimensions(a) != 2 || mxGetM(a) > 1)
            return pm_argerror("pymex help", 1, "a command name", a);
        if (mxGetNumberOfElements(a) < sizeof name && mxGetString(a, name, sizeof name) == 0
            && strlen(name) == mxGetNumberOfElements(a))       /* no NUL inside */
            c = find_command(name);
        if (!c) return pm_error("pymex:unknownCommand", "pymex help: no command '%.40s' (see: pymex help)", name);
        mexPrintf("%s\n    %s\n", c->usage, c->help);
        return 0;
    }
    mexPrintf("pymex %s -- Python in Octave.  Commands (pymex help <command>):\n", PYMEX_VERSION);
    for (const command *c = commands; c->name; c++) mexPrintf("  %-9s %s\n", c->name, c->help);
    mexPrintf("Users call the m-files: pyexec pyeval pyrun pyrunfile pycall pyargs pyenv py.*\n");
    return 0;
}

static int cmd_version(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    plhs[0] = mxCreateString(PYMEX_VERSION);
    return 0;
}

static void set_field_str(mxArray *s, const char *field, const char *value)
{
    mxSetField(s, 0, field, mxCreateString(value ? value : ""));
}

/* Copies a str attribute of sys into buf (left as it is if missing).  Requires the GIL. */
static void sys_attr(PyObject *sys, const char *name, char *buf, size_t n)
{
    PyObject *v = PyObject_GetAttrString(sys, name);
    const char *s = v && PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : NULL;
    if (s && *s) snprintf(buf, n, "%s", s);
    Py_XDECREF(v);
    PyErr_Clear();
}

/* Reads the interpreter facts without starting it when not loaded.  The
 * Python part only copies text; the mx calls come after the GIL is given back. */
static int cmd_env(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *fields[] = {"Version", "Executable", "Library", "Home", "Loaded", "Status"};
    static char exe[4096], home[4096];
    char ver[32];
    mxArray *s;
    snprintf(ver, sizeof ver, "%d.%d", PY_MAJOR_VERSION, PY_MINOR_VERSION);
    snprintf(exe, sizeof exe, "%s", pm_python_program());
    home[0] = 0;
    if (pm_python_started()) {
        PyGILState_STATE st = pm_gil_take();
        PyObject *sys = PyImport_ImportModule("sys");
        if (sys) {
            sys_attr(sys, "executable", exe, sizeof exe);
            sys_attr(sys, "prefix", home, sizeof home);
            Py_DECREF(sys);
        }
        PyErr_Clear();
        pm_gil_give(st);
    }
    s = mxCreateStructMatrix(1, 1, 6, fields);
    set_field_str(s, "Version", ver);
    set_field_str(s, "Executable", exe);
    set_field_str(s, "Library", PYMEX_LIBPYTHON);
    set_field_str(s, "Home", home);
    mxSetField(s, 0, "Loaded", mxCreateLogicalScalar(pm_python_started()));
    set_field_str(s, "Status", pm_python_started() ? "Loaded" : "NotLoaded");
    plhs[0] = s;
    return 0;
}

static int cmd_setexe(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char *exe;
    int rc;
    if (!mxIsChar(prhs[0]) || mxGetNumberOfDimensions(prhs[0]) != 2 || mxGetM(prhs[0]) != 1)
        return pm_argerror("pymex setexe", 1, "char (path of a python executable)", prhs[0]);
    exe = mxArrayToString(prhs[0]);
    if (!exe) return pm_error("pymex:badArgument", "bad argument #1 to 'pymex setexe' (cannot read text)");
    if (strlen(exe) != mxGetNumberOfElements(prhs[0])) {
        mxFree(exe);
        return pm_error("pymex:badArgument", "bad argument #1 to 'pymex setexe' (a path cannot hold a NUL character)");
    }
    rc = pm_set_python_program(exe);
    mxFree(exe);
    return rc;
}

static int cmd_kept(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    pm_array_reap();
    plhs[0] = mxCreateDoubleScalar((double)pm_array_kept());
    return 0;
}

/* Octave's input event hook: cheap unless a thread printed or submitted. */
static int cmd_idle(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    int rc = 0;
    size_t printed = pm_console_drain();
    if (pm_python_started() && pm_submit_pending()) {
        PyGILState_STATE st = pm_gil_take();
        if ((rc = pm_submit_run_pending()) < 0) pm_error_from_python();
        pm_gil_give(st);
    }
    printed += pm_console_drain();
    if (printed) {
        /* At the prompt nothing else flushes Octave's stdout: do it, or the
           text would wait for the next keypress. */
        mxArray *fid = mxCreateDoubleScalar(1);
        pm_fenced_call(0, NULL, 1, &fid, "fflush");
        mxDestroyArray(fid);
    }
    return rc;
}

/* ---- the gateway ----------------------------------------------------- */

/* Every handler runs inside a C++ fence: an mx call that throws (bad input
 * the checks missed, out of memory) becomes a pymex error here instead of
 * unwinding past the held GIL and live Python references. */
typedef struct {
    const command *c;
    int nlhs, nrhs, rc;
    mxArray **plhs;
    const mxArray **prhs;
} handler_call;

static void call_handler(void *p)
{
    handler_call *h = p;
    h->rc = h->c->handler(h->nlhs, h->plhs, h->nrhs, h->prhs);
}

static int fenced_handler(const command *c, int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    handler_call h = {c, nlhs, nrhs, -1, plhs, prhs};
    int exc;
    if (nlhs > c->max_out && !(nlhs == 1 && c->max_out == 0))
        return pm_error("pymex:badArity", "%s gives at most %d output%s (%d requested); usage: %s",
                        c->name, c->max_out, c->max_out == 1 ? "" : "s", nlhs, c->usage);
    exc = pm_fenced(call_handler, &h);
    if (exc == 0) return h.rc;
    for (int i = 0; i < nlhs || i < 1; i++) plhs[i] = NULL;   /* Octave frees what was made */
    if (c->python) PyErr_Clear();
    if (exc == PM_EXC_INTERRUPT) {
        if (c->python) { PyErr_SetNone(PyExc_KeyboardInterrupt); return -1; }
        return pm_error("pymex:KeyboardInterrupt", "pymex %s: interrupted", c->name);
    }
    return pm_error("pymex:internal", "pymex %s: an Octave API call failed on these arguments "
                    "(the call was abandoned; Python keeps running)", c->name);
}

/* The error to raise is never anonymous. */
static void raise_pending(const char *command_name)
{
    const char *id = pm_error_id(), *msg = pm_error_msg();
    if (!id[0] || !strcmp(id, "pymex:")) id = "pymex:internal";
    if (!msg[0])
        mexErrMsgIdAndTxt(id, "pymex %s failed without a reason (please report this)", command_name);
    mexErrMsgIdAndTxt(id, "%s", msg);
}

static int run_python_command(const command *c, int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    PyGILState_STATE st;
    int rc;
    if (pm_python_start() < 0) return -1;
    st = pm_gil_take();
    pm_interrupt_watch(1);
    rc = pm_submit_run_pending();                 /* queued matlab.submit calls first */
    if (rc == 0) rc = fenced_handler(c, nlhs, plhs, nrhs, prhs);
    if (rc < 0 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_KeyboardInterrupt)) pm_interrupt_done();
        pm_error_from_python();
    }
    pm_interrupt_watch(0);
    pm_gil_give(st);
    return rc;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char name[32];
    const command *c = NULL;
    int rc;

    pm_error_clear();
    if (nrhs < 1 || !mxIsChar(prhs[0]) || mxGetString(prhs[0], name, sizeof name) != 0
        || strlen(name) != mxGetNumberOfElements(prhs[0]) || !(c = find_command(name))) {
        if (nrhs >= 1 && mxIsChar(prhs[0]))
            mexErrMsgIdAndTxt("pymex:unknownCommand", "unknown command '%s' (see: pymex help)", name);
        mexErrMsgIdAndTxt("pymex:badArgument", "usage: pymex(command, ...) (see: pymex help)");
    }
    if (nrhs - 1 < c->min_args || nrhs - 1 > c->max_args)
        mexErrMsgIdAndTxt("pymex:badArity", "wrong number of arguments; usage: %s", c->usage);

    pm_console_drain();          /* output of Python threads since the last call */
    pm_array_reap();             /* arrays Python freed on other threads */
    if (c->python) rc = run_python_command(c, nlhs, plhs, nrhs - 1, prhs + 1);
    else rc = fenced_handler(c, nlhs, plhs, nrhs - 1, prhs + 1);
    pm_console_drain();

    /* Octave code called by Python called exit/quit: the Python code got
       SystemExit; now that nothing is owned and the GIL is free, exit for real.
       Unfenced: Octave's exit exception unwinds from here as from any exit. */
    int code;
    if (pm_exit_requested(&code)) {
        mxArray *arg = mxCreateDoubleScalar(code);
        pm_exit_clear();
        mexCallMATLAB(0, NULL, 1, &arg, "exit");
        mxDestroyArray(arg);     /* exit was cancelled (finish.m): go on */
    }

    /* SIGTERM (SIGHUP, SIGQUIT) came while Python ran: Octave ends the process
       at its next interrupt check; give it one before any error is raised. */
    if (pm_fatal_signal()) {
        mxArray *stmt = mxCreateString("1;");   /* Octave checks before each statement */
        mexCallMATLAB(0, NULL, 1, &stmt, "eval");
        mxDestroyArray(stmt);
    }

    if (rc < 0)   /* nothing is owned and the GIL is free: safe to unwind */
        raise_pending(c->name);
}
