/* commands.h -- handlers named in gateway.c's command table. */
#ifndef PYMEX_COMMANDS_H
#define PYMEX_COMMANDS_H
#include "pymex.h"

typedef int (*pm_handler)(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[]);

#define X(name) int name(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[]);
X(cmd_exec) X(cmd_eval) X(cmd_run) X(cmd_runfile) X(cmd_call) X(cmd_kwargs)
X(cmd_subsref) X(cmd_subsasgn) X(cmd_del) X(cmd_convert) X(cmd_text) X(cmd_isa)
X(cmd_names) X(cmd_len) X(cmd_op) X(cmd_count) X(cmd_drain) X(cmd_selftest)
X(cmd_probe)
#undef X
#endif
