#!/usr/bin/env bash
# Exit like Python exits (issue 7): at Octave's exit pymex runs what
# Py_FinalizeEx would run -- threading's atexit callbacks (executors shut
# down), atexit handlers (multiprocessing's pools terminated), open files
# flushed and closed -- and Octave keeps its exit code.
#
# Each case: Python code opens a file and writes without closing, registers an
# atexit handler that writes a marker file, uses a 2-worker ProcessPoolExecutor
# and multiprocessing Pools with the fork and the spawn start methods, then
# Octave exits.  Passes when the exit code is Octave's, the file holds 'hello',
# the handler ran, no process of the session is left (children and
# grandchildren carry a marker in their environment), and Octave ended within
# 12 s (it is killed then).
# Prints PASS/FAIL lines and "RESULT <passed> <failed>".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OCTAVE=${OCTAVE:-octave-cli}
REPS=${REPS:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Processes whose environment holds the marker (none may outlive the session).
left_behind() {
  local n=0
  for env in /proc/[0-9]*/environ; do
    grep -qs -z "^PYMEX_EXIT_MARK=$1\$" "$env" && n=$((n + 1))
  done
  echo $n
}

setup_py() {  # $1 output folder
  printf '%s' "import atexit, concurrent.futures, multiprocessing, math\\n\
f = open('$1/data.txt', 'w'); f.write('hello')\\n\
def handler():\\n    open('$1/atexit.txt', 'w').write('ran')\\n\
atexit.register(handler)\\n\
ex = concurrent.futures.ProcessPoolExecutor(2)\\n\
assert ex.submit(math.sqrt, 16.0).result(timeout=30) == 4.0\\n\
pools = [multiprocessing.get_context(m).Pool(2) for m in ('fork', 'spawn')]\\n\
for p in pools:\\n    assert p.map(abs, [-1, -2, -3]) == [1, 2, 3]\\n\
print('SETUP-DONE')"
}

# name, Octave code after the setup, expected exit code
run_case() {
  local name=$1 tail=$2 want=$3 dir mark
  dir="$tmp/$name"; mkdir -p "$dir"
  mark="m$$_${RANDOM}_$name"
  printf 'pyexec ("%s");\n%s\n' "$(setup_py "$dir")" "$tail" > "$dir/s.m"
  local start=$(date +%s%N)
  PYMEX_EXIT_MARK=$mark timeout -s KILL 12 "$OCTAVE" --no-history --no-init-file \
    --path "$root/inst" "$dir/s.m" > "$dir/out" 2>&1
  local rc=$? ms=$(( ($(date +%s%N) - start) / 1000000 )) n
  sleep 1
  n=$(left_behind "$mark")
  if [[ $n != 0 ]]; then
    sleep 2; n=$(left_behind "$mark")
  fi
  if [[ $rc == 137 ]]; then fail "$name: not done after 12 s (killed); $(tail -3 "$dir/out" | tr '\n' ' ')"
  elif ! grep -q '^SETUP-DONE$' "$dir/out"; then fail "$name: setup failed: $(tail -5 "$dir/out" | tr '\n' ' ')"
  elif [[ $rc != "$want" ]]; then fail "$name: exit code $rc, expected $want: $(tail -3 "$dir/out" | tr '\n' ' ')"
  elif [[ "$(cat "$dir/data.txt" 2>/dev/null)" != hello ]]; then fail "$name: unclosed file holds '$(cat "$dir/data.txt" 2>/dev/null)', not 'hello'"
  elif [[ "$(cat "$dir/atexit.txt" 2>/dev/null)" != ran ]]; then fail "$name: the atexit handler did not run"
  elif [[ $n != 0 ]]; then fail "$name: $n processes left behind"
  elif grep -qiE 'segmentation|panic|core dumped|abort|Traceback' "$dir/out"; then fail "$name: $(grep -iE 'segmentation|panic|core|abort|Traceback' "$dir/out" | head -1)"
  else pass "$name: exit code $rc, file flushed, handler ran, no process left (${ms} ms)"; fi
  for pid in $(grep -l -s -z "^PYMEX_EXIT_MARK=$mark\$" /proc/[0-9]*/environ | cut -d/ -f3); do
    kill -KILL "$pid" 2>/dev/null   # leave nothing for the next case
  done
}

for rep in $(seq 1 "$REPS"); do
  run_case "exit7_$rep" 'exit (7);' 7
  run_case "callback_exit5_$rep" 'pyexec ("import matlab\nmatlab.eval(\"exit(5)\")");' 5
  run_case "end_of_script_$rep" 'disp ("end");' 0
done

# matlab.* during exit raise instead of calling Octave: a sys.stdout whose flush
# calls matlab.eval, an atexit handler calling Octave; a submit pending at exit fails.
dir="$tmp/during"; mkdir -p "$dir"
cat > "$dir/s.m" <<OCT
pyexec ("import sys, atexit, threading, matlab\nclass Out:\n    def write(self, s):\n        return len(s)\n    def flush(self):\n        matlab.eval('1;')\nsys.stdout = Out()\ndef h():\n    try:\n        matlab.eval('disp(1)')\n        r = 'called'\n    except RuntimeError as e:\n        r = str(e)\n    open('$dir/h.txt', 'w').write(r)\natexit.register(h)\nres = {}\ndef w():\n    f = matlab.submit('sqrt', 4.0)\n    ev.set()\n    try:\n        f.result(timeout=30)\n        res['r'] = 'result'\n    except BaseException as e:\n        res['r'] = type(e).__name__ + ': ' + str(e)\n    open('$dir/w.txt', 'w').write(res['r'])\nev = threading.Event()\nt = threading.Thread(target=w)\nt.start()\nev.wait()");
exit (4);
OCT
timeout -s KILL 12 "$OCTAVE" --no-history --no-init-file --path "$root/inst" "$dir/s.m" > "$dir/out" 2>&1
rc=$?
if [[ $rc != 4 ]]; then fail "calls during exit: exit code $rc, expected 4: $(tail -3 "$dir/out" | tr '\n' ' ')"
elif [[ "$(cat "$dir/h.txt" 2>/dev/null)" != *"Octave is exiting"* ]]; then fail "calls during exit: atexit handler got '$(cat "$dir/h.txt" 2>/dev/null)'"
elif [[ "$(cat "$dir/w.txt" 2>/dev/null)" != "RuntimeError: Octave is exiting"* ]]; then fail "calls during exit: pending submit got '$(cat "$dir/w.txt" 2>/dev/null)'"
elif grep -qiE 'segmentation|panic|core dumped|abort' "$dir/out"; then fail "calls during exit: crash: $(head -3 "$dir/out")"
else pass "calls during exit: RuntimeError, exit code kept, pending submit failed"; fi

# exit at depth: Octave -> Python -> Octave -> Python -> exit(9)
dir="$tmp/nested"; mkdir -p "$dir"
cat > "$dir/s.m" <<'OCT'
o = py.list ({1, 2});
pyexec ("import matlab\nmatlab.eval('pyexec(\"import matlab; matlab.eval(\\'exit(9)\\')\")')");
disp ("NOT REACHED");
OCT
timeout -s KILL 12 "$OCTAVE" --no-history --no-init-file --path "$root/inst" "$dir/s.m" > "$dir/out" 2>&1
rc=$?
if [[ $rc == 9 ]] && ! grep -q 'NOT REACHED' "$dir/out"; then pass "exit(9) two levels deep: exit code 9"
else fail "exit(9) two levels deep: exit code $rc: $(tail -3 "$dir/out" | tr '\n' ' ')"; fi

echo "RESULT $passed $failed"
