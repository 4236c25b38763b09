#!/usr/bin/env bash
# matlab.submit while Octave waits at its interactive prompt (issue 4): the
# input event hook runs the queued call and prints the thread's output, with
# no further input.  Uses a pseudo-terminal (tests/prompt_driver.py).
# Prints PASS/FAIL lines and "RESULT <passed> <failed>".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OCTAVE=${OCTAVE:-octave-cli}
passed=0; failed=0
for rep in 1 2 3; do
  out=$(timeout 60 /usr/bin/python3 "$root/tests/prompt_driver.py" "$OCTAVE" "$root/inst" 2>&1)
  line=$(grep '^LINE ' <<< "$out"); elapsed=$(grep '^ELAPSED ' <<< "$out" | cut -d' ' -f2)
  # the thread sleeps 0.5 s before submitting; allow 1.5 s more for the hook
  if [[ $line == *"SUBMITTED-RESULT 42.0 after"* ]] && /usr/bin/python3 -c "import sys; sys.exit(not float('$elapsed') < 2.0)"; then
    echo "PASS at the prompt #$rep: result printed ${elapsed}s after the prompt came back (0.5 s is the thread's sleep)"; passed=$((passed + 1))
  else
    echo "FAIL at the prompt #$rep: $(tr '\n' ' ' <<< "$out")"; failed=$((failed + 1))
  fi
done
echo "RESULT $passed $failed"
