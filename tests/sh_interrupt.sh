#!/usr/bin/env bash
# Ctrl-C (issue 4): SIGINT sent with kill -INT to a non-interactive Octave.
#  1. while pure Python code runs: KeyboardInterrupt reaches that code within
#     100 ms, the user gets an Octave error, Octave and Python keep working;
#  2. while Python is in a callback into Octave (matlab.eval of a long Octave
#     loop): no crash, Python healthy afterwards;
#  3. two interrupts in one session;
#  4. a KeyboardInterrupt that Python code catches is used up: the Octave
#     script goes on (issue 7);
#  5. Ctrl-C while pydrain runs a submitted call: the rest of the queue still
#     runs at the next pymex call (issue 7);
#  6. interactive (pty): after the prompt's idle hook ran a submitted call,
#     Ctrl-C in a pure Octave loop leaves nothing behind for the next pyeval.
# Prints PASS/FAIL lines and "RESULT <passed> <failed>".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OCTAVE=${OCTAVE:-octave-cli}
REPS=${REPS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Python code that signals it started, spins, and records when KeyboardInterrupt arrived.
spin() {  # $1: marker suffix
  printf '%s' "import time\\nopen('$tmp/started$1', 'w').close()\\nx = 0\\ntry:\\n    while True:\\n        x += 1\\n        if x > 1000000: x = 0\\nexcept KeyboardInterrupt:\\n    open('$tmp/caught$1', 'w').write(repr(time.time()))\\n    raise"
}

wait_for() { for _ in $(seq 200); do [[ -f $1 ]] && return 0; sleep 0.05; done; return 1; }

run_case() {  # $1 name, $2 script, $3.. marker files to signal at
  local name=$1 script=$2; shift 2
  "$OCTAVE" --no-history --no-init-file --path "$root/inst" "$script" > "$tmp/out" 2>&1 &
  local pid=$! sent=()
  for marker in "$@"; do
    if ! wait_for "$marker"; then fail "$name: never reached $marker"; kill -KILL $pid; wait $pid 2>/dev/null; return 1; fi
    sleep 0.2
    sent+=("$(date +%s.%N)")
    kill -INT $pid
  done
  local waited=0
  while kill -0 $pid 2>/dev/null && (( waited < 200 )); do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 $pid 2>/dev/null; then kill -KILL $pid; wait $pid 2>/dev/null; fail "$name: hung"; return 1; fi
  wait $pid; local rc=$?
  SENT=("${sent[@]}"); RC=$rc
  return 0
}

for rep in $(seq 1 "$REPS"); do
  rm -f "$tmp"/started* "$tmp"/caught*
  # ---- 1. interrupt pure Python code ----
  cat > "$tmp/c1.m" <<OCT
try
  pyexec ("$(spin 1)");
  disp ("NOINTERRUPT");
catch err
  printf ("ID=%s\n", err.identifier);
end
printf ("PY=%g\n", pyeval ("1.0 + 1"));
printf ("OCT=%g\n", sum (1:10));
OCT
  if run_case "python-code #$rep" "$tmp/c1.m" "$tmp/started1"; then
    name="python-code #$rep"
    if [[ $RC != 0 ]]; then fail "$name: exit code $RC: $(tail -3 "$tmp/out" | tr '\n' ' ')"
    elif ! grep -q '^ID=pymex:KeyboardInterrupt$' "$tmp/out"; then fail "$name: no Octave error pymex:KeyboardInterrupt: $(tr '\n' ' ' < "$tmp/out")"
    elif ! grep -q '^PY=2$' "$tmp/out" || ! grep -q '^OCT=55$' "$tmp/out"; then fail "$name: not healthy afterwards: $(tr '\n' ' ' < "$tmp/out")"
    elif [[ ! -f $tmp/caught1 ]]; then fail "$name: Python code never saw KeyboardInterrupt"
    else
      ms=$(/usr/bin/python3 -c "print(int((float(open('$tmp/caught1').read()) - ${SENT[0]}) * 1000))")
      if (( ms <= 100 )); then pass "$name: KeyboardInterrupt in Python after $ms ms"; else fail "$name: KeyboardInterrupt after $ms ms (> 100)"; fi
    fi
  fi

  # ---- 2. interrupt a callback from Python into Octave ----
  cat > "$tmp/c2.m" <<OCT
try
  pyexec ("import matlab\nopen('$tmp/started2', 'w').close()\nmatlab.eval('t0 = tic; while toc (t0) < 20, x = sum (rand (100, 1)); end')");
  disp ("NOINTERRUPT");
catch err
  printf ("ID=%s\n", err.identifier);
end
printf ("PY=%g\n", pyeval ("1.0 + 1"));
pyexec ("import matlab; print('CB=%g' % matlab.call('sqrt', 16.0))");
OCT
  if run_case "octave-callback #$rep" "$tmp/c2.m" "$tmp/started2"; then
    name="octave-callback #$rep"
    if [[ $RC != 0 ]]; then fail "$name: exit code $RC: $(tail -3 "$tmp/out" | tr '\n' ' ')"
    elif ! grep -q '^ID=pymex:KeyboardInterrupt$' "$tmp/out"; then fail "$name: expected pymex:KeyboardInterrupt: $(tr '\n' ' ' < "$tmp/out")"
    elif ! grep -q '^PY=2$' "$tmp/out" || ! grep -q '^CB=4$' "$tmp/out"; then fail "$name: not healthy afterwards: $(tr '\n' ' ' < "$tmp/out")"
    else pass "$name: interrupted, Python and callbacks work afterwards"; fi
  fi

  # ---- 3. two interrupts in one session ----
  cat > "$tmp/c3.m" <<OCT
try
  pyexec ("$(spin 3)");
catch err
  printf ("ID1=%s\n", err.identifier);
end
try
  pyexec ("$(spin 4)");
catch err
  printf ("ID2=%s\n", err.identifier);
end
printf ("PY=%g\n", pyeval ("1.0 + 1"));
OCT
  if run_case "twice #$rep" "$tmp/c3.m" "$tmp/started3" "$tmp/started4"; then
    name="twice #$rep"
    if [[ $RC != 0 ]]; then fail "$name: exit code $RC"
    elif grep -q '^ID1=pymex:KeyboardInterrupt$' "$tmp/out" && grep -q '^ID2=pymex:KeyboardInterrupt$' "$tmp/out" && grep -q '^PY=2$' "$tmp/out"; then
      pass "$name: both interrupts reported, healthy"
    else fail "$name: $(tr '\n' ' ' < "$tmp/out")"; fi
  fi

  # ---- 4. Python catches the KeyboardInterrupt ----
  cat > "$tmp/c4.m" <<OCT
pyexec ("open('$tmp/started5', 'w').close()\nx = 0\ntry:\n    while True:\n        x += 1\nexcept KeyboardInterrupt:\n    print('HANDLED')");
disp ("CONTINUED");
printf ("PY=%g\n", pyeval ("1.0 + 1"));
OCT
  if run_case "caught-in-python #$rep" "$tmp/c4.m" "$tmp/started5"; then
    name="caught-in-python #$rep"
    if [[ $RC != 0 ]]; then fail "$name: exit code $RC: $(tr '\n' ' ' < "$tmp/out")"
    elif grep -q '^HANDLED$' "$tmp/out" && grep -q '^CONTINUED$' "$tmp/out" && grep -q '^PY=2$' "$tmp/out"; then
      pass "$name: handled in Python, the script went on"
    else fail "$name: $(tr '\n' ' ' < "$tmp/out")"; fi
  fi

  # ---- 5. Ctrl-C during pydrain ----
  cat > "$tmp/c5.m" <<OCT
pyexec ("import threading, matlab\nfuts = []\ndef w():\n    futs.append(matlab.submit('eval', 'fclose (fopen (\"$tmp/started6\", \"w\")); t0 = tic; while toc (t0) < 20, x = 1; end', nargout=0))\n    futs.append(matlab.submit('plus', 1.0, 2.0))\nth = threading.Thread(target=w); th.start(); th.join()");
try
  pydrain ();
  disp ("NOINTERRUPT");
catch err
  printf ("ID=%s\n", err.identifier);
end
pyexec ("pass");
printf ("F1=%s\n", char (pyeval ("type(futs[0].exception()).__name__")));
printf ("F2=%g\n", pyeval ("futs[1].result(timeout=5)"));
OCT
  if run_case "pydrain #$rep" "$tmp/c5.m" "$tmp/started6"; then
    name="pydrain #$rep"
    if [[ $RC != 0 ]]; then fail "$name: exit code $RC: $(tr '\n' ' ' < "$tmp/out")"
    elif grep -q '^ID=pymex:KeyboardInterrupt$' "$tmp/out" && grep -q '^F1=KeyboardInterrupt$' "$tmp/out" && grep -q '^F2=3$' "$tmp/out"; then
      pass "$name: interrupted call failed, the rest ran at the next call"
    else fail "$name: $(tr '\n' ' ' < "$tmp/out")"; fi
  fi

  # ---- 6. interactive: idle hook, then Ctrl-C in Octave code ----
  out=$(timeout 90 /usr/bin/python3 - "$OCTAVE" "$root/inst" <<'PY' 2>&1
import os, pty, select, sys, time
octave, inst = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(octave, [octave, "--no-history", "--no-init-file", "--path", inst])
def read_until(pred, timeout):
    buf, end = b"", time.time() + timeout
    while time.time() < end and not pred(buf):
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
    return buf
out = read_until(lambda b: b"octave:1>" in b, 30)
os.write(fd, b'pyexec("import threading, matlab\\nthreading.Thread(target=lambda: matlab.submit(\\"disp\\", \\"SUB\\" + \\"MITTED\\", nargout=0)).start()")\n')
out += read_until(lambda b: b"SUBMITTED" in b, 15)
out += read_until(lambda b: b"octave:2>" in out + b, 10)
os.write(fd, b"t0 = tic; while toc (t0) < 10, x = 1; end, disp ('NO' + 'INT')\n")
time.sleep(1.0)
os.write(fd, b"\x03")
out += read_until(lambda b: b"octave:3>" in out + b, 15)
os.write(fd, b"disp (pyeval ('40.0 + 2'))\n")
out += read_until(lambda b: b"octave:4>" in out + b, 15)
os.write(fd, b"exit\n")
read_until(lambda b: False, 1)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
print(out.decode(errors="replace"))
PY
)
  name="prompt #$rep"
  if grep -q 'KeyboardInterrupt' <<< "$out"; then fail "$name: stale KeyboardInterrupt: $(tr '\r\n' '  ' <<< "$out" | tail -c 400)"
  elif ! grep -q 'SUBMITTED' <<< "$out"; then fail "$name: the idle hook did not run the submitted call"
  elif ! grep -q '42' <<< "$out"; then fail "$name: no pyeval result: $(tr '\r\n' '  ' <<< "$out" | tail -c 400)"
  else pass "$name: Ctrl-C in Octave after the idle hook, next pyeval clean"; fi
done
echo "RESULT $passed $failed"
