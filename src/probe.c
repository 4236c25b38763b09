/* probe.c -- ask a Python interpreter its version and real path, without a shell.
 *
 * pyenv("Version", exe) must not hand the user's text to a shell (a path
 * such as  '; touch X; '  would run).  The interpreter is started with
 * posix_spawn and an argv array: exe is a file name, nothing else.  Its
 * stdout comes back through a pipe (at most PROBE_MAX bytes); stdin and
 * stderr are /dev/null; after PROBE_SECONDS it is killed.
 *
 * [status, out] = pymex('probe', exe): status is the exit code (127: could
 * not be started, 128+n: killed by signal n), out the text it printed.
 */
#define _GNU_SOURCE
#include "pymex.h"
#include "commands.h"
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

#define PROBE_MAX 65536
#define PROBE_SECONDS 20

static const char probe_code[] =
    "import sys; print('%d.%d' % sys.version_info[:2]); print(sys.executable)";

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int cmd_probe(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const mxArray *a = prhs[0];
    char *exe, *out;
    size_t n, got = 0;
    int fds[2], status = 127, rc, killed = 0;
    pid_t pid = -1;
    posix_spawn_file_actions_t fa;
    char *argv[4];

    if (!mxIsChar(a) || mxGetNumberOfDimensions(a) != 2 || mxGetM(a) != 1)
        return pm_argerror("pyenv", 2, "char row (path or name of a python executable)", a);
    n = mxGetNumberOfElements(a);
    exe = mxArrayToString(a);
    if (!exe) return pm_error("pymex:badArgument", "bad argument #2 to 'pyenv' (cannot read text)");
    if (strlen(exe) != n) {
        mxFree(exe);
        return pm_error("pymex:badArgument", "bad argument #2 to 'pyenv' (a path cannot hold a NUL character)");
    }
    out = mxCalloc(PROBE_MAX + 1, 1);
    if (pipe2(fds, O_CLOEXEC) < 0) {
        mxFree(exe); mxFree(out);
        return pm_error("pymex:pyenv:probe", "pyenv: cannot create a pipe: %s", strerror(errno));
    }
    argv[0] = exe; argv[1] = "-c"; argv[2] = (char *)probe_code; argv[3] = NULL;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    /* A name without '/' is looked up on PATH, as a shell would; a path is used as it is. */
    rc = strchr(exe, '/') ? posix_spawn(&pid, exe, &fa, NULL, argv, environ)
                          : posix_spawnp(&pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc == 0) {
        double deadline = now_s() + PROBE_SECONDS;
        for (;;) {
            struct pollfd p = {fds[0], POLLIN, 0};
            int left = (int)((deadline - now_s()) * 1000);
            ssize_t k;
            if (left <= 0) { kill(pid, SIGKILL); killed = 1; break; }
            if (poll(&p, 1, left) < 0) { if (errno == EINTR) continue; break; }
            if (!p.revents) continue;
            k = read(fds[0], out + got, PROBE_MAX - got);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) break;
            got += (size_t)k;
            if (got == PROBE_MAX) { kill(pid, SIGKILL); killed = 1; break; }
        }
        for (;;) {
            int st;
            pid_t w = waitpid(pid, &st, 0);
            if (w == pid) {
                status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 127;
                break;
            }
            if (w < 0 && errno == EINTR) continue;
            status = killed ? 128 + SIGKILL : 0;    /* reaped elsewhere (ECHILD) */
            break;
        }
        if (killed) status = 128 + SIGKILL;
    }
    close(fds[0]);
    mxFree(exe);
    plhs[0] = mxCreateDoubleScalar(status);
    if (nlhs > 1) plhs[1] = pm_mx_from_utf8(out, (Py_ssize_t)got);
    mxFree(out);
    return 0;
}
