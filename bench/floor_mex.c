/* floor_mex.c -- the floors pymex's benchmarks are measured against.
 *   floor_mex()          empty MEX call
 *   y = floor_mex(x)     one scalar in, one scalar out
 *   y = floor_mex('fill', n)  create, fill and return n doubles (n-by-1)
 */
#include "mex.h"
#include <string.h>

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    if (nrhs == 0) return;
    if (nrhs == 2 && mxIsChar(prhs[0])) {
        size_t n = (size_t)mxGetScalar(prhs[1]);
        plhs[0] = mxCreateUninitNumericMatrix(n, 1, mxDOUBLE_CLASS, mxREAL);
        double *p = mxGetDoubles(plhs[0]);
        for (size_t i = 0; i < n; i++) p[i] = (double)i;
        return;
    }
    plhs[0] = mxCreateDoubleScalar(mxGetScalar(prhs[0]) + 1.0);
}
