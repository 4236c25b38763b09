#!/usr/bin/env bash
# Signals (issue 7).
#  1. Threads and processes created by Python code get a clean signal mask
#     (Octave blocks SIGTERM, SIGCHLD, SIGPIPE, ... on its thread): a child
#     dies on terminate(), `yes | head -1` is quiet, multiprocessing workers
#     (fork, spawn) die on terminate, a forkserver child is reaped; Octave's
#     thread is back to Octave's mask afterwards.
#  2. SIGTERM while Python code runs on Octave's thread ends Octave as Octave
#     ends on SIGTERM (message, exit code 1): pure Python code, a call blocked
#     in C (os.read), code that swallows SystemExit; and plain Octave code
#     after Python was used.
# Prints PASS/FAIL lines and "RESULT <passed> <failed>".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OCTAVE=${OCTAVE:-octave-cli}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"   # Octave writes octave-workspace here on SIGTERM
passed=0; failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
octave() { timeout -s KILL 60 "$OCTAVE" --no-history --no-init-file --path "$root/inst" "$@"; }

# ---- 1. masks of what Python creates --------------------------------------
cat > "$tmp/mask.m" <<'OCT'
pyexec (["import subprocess, signal, threading, multiprocessing, time, os\n" ...
         "res = {}\n" ...
         "p = subprocess.Popen(['sleep', '30'])\n" ...
         "p.terminate()\n" ...
         "try:\n" ...
         "    res['terminate'] = p.wait(timeout=5)\n" ...
         "except subprocess.TimeoutExpired:\n" ...
         "    p.kill(); p.wait(); res['terminate'] = 'timeout'\n" ...
         "r = subprocess.run('yes | head -1', shell=True, capture_output=True, text=True)\n" ...
         "res['pipe'] = repr(r.stdout + r.stderr)\n" ...
         "res['octave_thread'] = sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, []))\n" ...
         "th = []\n" ...
         "t = threading.Thread(target=lambda: th.append(sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, []))))\n" ...
         "t.start(); t.join()\n" ...
         "res['thread'] = th[0]\n" ...
         "for m in ('fork', 'spawn'):\n" ...
         "    ctx = multiprocessing.get_context(m)\n" ...
         "    q = ctx.Process(target=time.sleep, args=(30,))\n" ...
         "    q.start(); time.sleep(0.3); q.terminate(); q.join(5)\n" ...
         "    res[m] = q.exitcode\n" ...
         "    if q.exitcode is None: q.kill(); q.join()\n" ...
         "ctx = multiprocessing.get_context('forkserver')\n" ...
         "q = ctx.Process(target=time.sleep, args=(0.1,))\n" ...
         "q.start(); q.join(10)\n" ...
         "res['forkserver'] = q.exitcode\n" ...
         "if q.exitcode is None: q.kill()\n" ...
         "pool = multiprocessing.get_context('fork').Pool(2)\n" ...
         "workers = list(pool._pool)\n" ...
         "busy = [pool.apply_async(time.sleep, (30,)) for _ in range(2)]\n" ...
         "time.sleep(0.5)\n" ...
         "t = threading.Thread(target=pool.terminate, daemon=True)\n" ...
         "t.start(); t.join(10)\n" ...
         "res['pool'] = 'hang' if t.is_alive() else [w.exitcode for w in workers]\n" ...
         "if t.is_alive():\n" ...
         "    for w in workers: w.kill()\n" ...
         "for k, v in res.items(): print('%s=%s' % (k, v))\n"]);
% back in Octave: Octave's mask again
t = regexp (fileread ("/proc/self/status"), 'SigBlk:\s*(\w+)', "tokens");
printf ("after=%s\n", t{1}{1});
OCT
octave "$tmp/mask.m" > "$tmp/out" 2>&1
rc=$?
val() { grep "^$1=" "$tmp/out" | head -1 | cut -d= -f2-; }
if [[ $rc != 0 ]]; then fail "masks: exit code $rc: $(tail -5 "$tmp/out" | tr '\n' ' ')"
else
  [[ $(val terminate) == -15 ]] && pass "subprocess terminate -> -15" || fail "subprocess terminate: $(val terminate) (python3: -15)"
  [[ $(val pipe) == "'y\\n'" ]] && pass "yes | head -1 is quiet" || fail "yes | head -1 printed $(val pipe)"
  [[ $(val octave_thread) == "[]" ]] && pass "Octave's thread blocks nothing while Python runs" || fail "Octave's thread blocks $(val octave_thread) while Python runs"
  [[ $(val thread) == "[]" ]] && pass "Python thread mask clean" || fail "Python thread blocks $(val thread)"
  [[ $(val fork) == -15 ]] && pass "fork worker dies on terminate" || fail "fork worker: exitcode $(val fork)"
  [[ $(val spawn) == -15 ]] && pass "spawn worker dies on terminate" || fail "spawn worker: exitcode $(val spawn)"
  [[ $(val forkserver) == 0 ]] && pass "forkserver child reaped" || fail "forkserver child: exitcode $(val forkserver)"
  [[ $(val pool) == "[-15, -15]" ]] && pass "Pool workers die on terminate" || fail "Pool workers on terminate: $(val pool)"
  blk=$(val after)
  # Octave's mask blocks SIGTERM (bit 15) again once Python returned
  if [[ -n $blk ]] && (( (16#$blk >> 14) & 1 )); then pass "Octave's thread blocks SIGTERM again after Python ($blk)"
  else fail "Octave's mask after Python: '$blk'"; fi
fi

# ---- 2. SIGTERM -------------------------------------------------------------
# $1 name, $2 Octave code (must create $tmp/started), expected: exit code 1,
# Octave's message, within 20 s (killed then).
term_case() {
  local name=$1 code=$2 sig=${3:-TERM} msg=${4:-Terminated}
  rm -f "$tmp/started"
  printf '%s\ndisp ("NOT REACHED");\n' "$code" > "$tmp/t.m"
  "$OCTAVE" --no-history --no-init-file --path "$root/inst" "$tmp/t.m" > "$tmp/out" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do [[ -f $tmp/started ]] && break; sleep 0.05; done
  sleep 0.2
  local sent=$(date +%s%N)
  kill -$sig $pid
  local waited=0
  while kill -0 $pid 2>/dev/null && (( waited < 200 )); do sleep 0.05; waited=$((waited + 1)); done
  if kill -0 $pid 2>/dev/null; then
    kill -KILL $pid; wait $pid 2>/dev/null; fail "$name: still running 10 s after SIG$sig"; return
  fi
  wait $pid; local rc=$? ms=$(( ($(date +%s%N) - sent) / 1000000 ))
  if [[ $rc != 1 ]]; then fail "$name: exit code $rc (Octave: 1): $(tail -3 "$tmp/out" | tr '\n' ' ')"
  elif grep -q 'NOT REACHED' "$tmp/out"; then fail "$name: Octave went on"
  elif ! grep -q "caught signal $msg" "$tmp/out"; then fail "$name: no 'caught signal' message: $(tail -3 "$tmp/out" | tr '\n' ' ')"
  elif grep -qiE 'segmentation|core dumped|abort' "$tmp/out"; then fail "$name: crash: $(grep -iE 'segmentation|core|abort' "$tmp/out" | head -1)"
  else pass "$name: exit code 1, ${ms} ms after SIG$sig"; fi
}

term_case "SIGTERM, plain Octave after Python" \
  'pyexec ("x = 1"); fclose (fopen ("started", "w")); pause (30);'
term_case "SIGTERM, Python blocked in os.read" \
  "pyexec (\"import os\nr, w = os.pipe()\nopen('started', 'w').close()\nos.read(r, 1)\");"
term_case "SIGTERM, Python spinning" \
  "pyexec (\"open('started', 'w').close()\nx = 0\nwhile True:\n    x += 1\");"
term_case "SIGTERM, Python swallowing SystemExit" \
  "pyexec (\"import time\nopen('started', 'w').close()\nwhile True:\n    try:\n        time.sleep(0.05)\n    except BaseException:\n        pass\");"
term_case "SIGTERM, Octave callback from Python" \
  "pyexec (\"import matlab\nopen('started', 'w').close()\nmatlab.eval('pause (30)')\");"
term_case "SIGHUP, Python blocked in os.read" \
  "pyexec (\"import os\nr, w = os.pipe()\nopen('started', 'w').close()\nos.read(r, 1)\");" HUP Hangup

echo "RESULT $passed $failed"
