#!/usr/bin/env bash
# Exit matrix (issues 2, 7): every way of ending Octave x every kind of live Python
# thread, 3 times each, in fresh processes.  A case passes when Octave ends within
# 20 s with the expected exit code, prints Python's last output, and shows no
# crash.  Prints PASS/FAIL lines and "RESULT <passed> <failed>".
# Non-daemon threads that never end are waited for within pymex's exit bound:
# the matrix runs with PYMEX_EXIT_TIMEOUT=1 (s), then each thread kind once
# more with the default bound (10 s; such a case takes about half of it).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OCTAVE=${OCTAVE:-octave-cli}
REPS=${REPS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0

declare -A THREAD=(
  [daemon]="def t():\n    while True: time.sleep(0.01)\nthreading.Thread(target=t, daemon=True).start()"
  [nondaemon]="def t():\n    while True: time.sleep(0.01)\nthreading.Thread(target=t).start()"
  [cpu]="def t():\n    x = 0\n    while True: x += 1\nthreading.Thread(target=t).start()"
  [blocked]="ev = threading.Event()\nthreading.Thread(target=ev.wait).start()"
)
# ending -> Octave code after the thread starts, expected exit code
declare -A ENDING=(
  [exit0]="pyexec('print(\"bye\")'); exit (0);|0"
  [exit3]="pyexec('print(\"bye\")'); exit (3);|3"
  [end_of_script]="pyexec('print(\"bye\")');|0"
  [clear_all]="clear all; x = pyeval('2.0'); pyexec('print(\"bye\")');|0"
  [clear_functions]="clear functions; clear pymex; x = pyeval('2.0'); pyexec('print(\"bye\")');|0"
  [callback_quit]="pyexec('print(\"bye\")'); pyexec('import matlab; matlab.eval(\"quit(6)\")'); disp('NOT REACHED');|6"
  [stdin_eof]="pyexec('print(\"bye\")');|0"
)

run_matrix() {  # $1: PYMEX_EXIT_TIMEOUT ('' = pymex's default), $2 repetitions, $3 endings
for th in daemon nondaemon cpu blocked; do
  for end in $3; do
    script="$tmp/${th}_${end}.m"
    code=${ENDING[$end]%|*}; want=${ENDING[$end]#*|}
    printf 'pyexec ("import threading, time\\n%s");\nassert (pyeval ("1.5") == 1.5);\n%s\n' \
      "${THREAD[$th]}" "$code" > "$script"
    for rep in $(seq 1 "$2"); do
      out="$tmp/out"
      start=$(date +%s%N)
      # stdin_eof: the script comes on standard input and Octave ends at its end
      if [[ $end == stdin_eof ]]; then args=(); input=$script; else args=("$script"); input=/dev/null; fi
      if [[ -n $1 ]]; then
        PYMEX_EXIT_TIMEOUT=$1 timeout -s KILL 20 "$OCTAVE" --no-history --no-init-file --path "$root/inst" "${args[@]}" < "$input" > "$out" 2>&1
      else
        env -u PYMEX_EXIT_TIMEOUT timeout -s KILL 20 "$OCTAVE" --no-history --no-init-file --path "$root/inst" "${args[@]}" < "$input" > "$out" 2>&1
      fi
      rc=$?
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      name="$th x $end #$rep (exit bound ${1:-default})"
      if [[ $rc == 137 ]]; then
        echo "FAIL $name: hung (killed after 20 s)"; failed=$((failed + 1))
      elif [[ $rc != "$want" ]]; then
        echo "FAIL $name: exit code $rc, expected $want; output: $(tail -3 "$out" | tr '\n' ' ')"; failed=$((failed + 1))
      elif grep -qiE 'segmentation|fatal|panic|core dumped|abort' "$out"; then
        echo "FAIL $name: crash text in output: $(grep -iE 'segmentation|fatal|panic|core|abort' "$out" | head -1)"; failed=$((failed + 1))
      elif grep -q 'NOT REACHED' "$out"; then
        echo "FAIL $name: Octave went on after exit"; failed=$((failed + 1))
      elif ! grep -q '^bye$' "$out"; then
        echo "FAIL $name: Python's last output is missing; output: $(tail -3 "$out" | tr '\n' ' ')"; failed=$((failed + 1))
      else
        echo "PASS $name (${ms} ms)"; passed=$((passed + 1))
      fi
    done
  done
done
}

run_matrix 1 "$REPS" "exit0 exit3 end_of_script clear_all clear_functions callback_quit stdin_eof"
run_matrix "" 1 "exit3"
echo "RESULT $passed $failed"
