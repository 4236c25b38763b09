#!/usr/bin/env bash
# pyenv("Version", exe) before first use (issue 2): needs fresh Octave processes.
# Prints PASS/FAIL lines and "RESULT <passed> <failed>".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OCTAVE=${OCTAVE:-octave-cli}
passed=0; failed=0
check() {  # name, octave code, expected output line
  local out
  out=$(timeout 60 "$OCTAVE" --no-history --no-init-file --path "$root/inst" --eval "$2" 2>&1)
  if grep -qxF -- "$3" <<< "$out"; then echo "PASS $1"; passed=$((passed + 1))
  else echo "FAIL $1: expected line '$3', got: $(tr '\n' ' ' <<< "$out")"; failed=$((failed + 1)); fi
}
# The interpreter pymex was built for (tests/run.sh exports it; make test-pythons)
py=${PYMEX_TEST_PYTHON:-/usr/bin/python3}
exe=$("$py" -c 'import sys; print(sys.executable)')
ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
check "status before first use" 'e = pyenv (); printf ("%s %d\n", e.Status, e.Loaded);' "NotLoaded 0"
check "choose by path, then sys.executable follows" \
  "pyenv ('Version', '$exe'); printf ('%s\n', char (pyeval ('__import__(\"sys\").executable')));" "$exe"
# python3.X as PATH finds it (a pyenv shim here); if the shim picks no such
# version, that interpreter's own folder first on PATH
real=$("python$ver" -c 'import sys; print(sys.executable)' 2>/dev/null) || \
  { export PATH="$(dirname "$exe"):$PATH"; real=$("python$ver" -c 'import sys; print(sys.executable)'); }
check "choose by name on PATH: the real executable, not a shim" \
  "pyenv ('Version', 'python$ver'); e = pyenv (); printf ('%s %s\n', e.Status, e.Executable);" "NotLoaded $real"
check "a missing interpreter is refused" \
  "try, pyenv ('Version', '/no/such/python'); catch err, printf ('%s\n', err.identifier); end" "pymex:pyenv:notFound"
check "not after first use" \
  "pyeval ('1.0'); try, pyenv ('Version', '$exe'); catch err, printf ('%s\n', err.identifier); end" "pymex:pyenv:loaded"
check "multiprocessing works (sys.executable is real)" \
  "printf ('%g\n', pyeval ('__import__(\"multiprocessing\").get_context(\"spawn\").Pool(1).apply(abs, (-3.0,))'));" "3"
echo "RESULT $passed $failed"
