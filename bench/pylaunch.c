/* pylaunch.c -- python3 again, but running on the shared libpython pymex loads.
 * bench/run_bench.m builds it (build/bench/pylaunch, linked against pyenv's
 * Library) and runs the same pure-Python script with it, with /usr/bin/python3
 * and inside pymex, so the slowdown due to pymex is told apart from the
 * difference between the python3 executable and the shared library build. */
#include <Python.h>

int main(int argc, char **argv)
{
    return Py_BytesMain(argc, argv);
}
