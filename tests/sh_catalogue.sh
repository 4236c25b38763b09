#!/usr/bin/env bash
# The bad-input catalogue (issue 7): tests/catalogue/batch_*.m, each a table of
# cases run by catalogue_run.m in its own octave-cli.  A batch that crashes or
# hangs fails the case it was running; the rest of the batch goes on in a fresh
# process from the next case.  Prints PASS/FAIL per case and, last,
# "RESULT <passed> <failed>".
# Usage: tests/sh_catalogue.sh [batch-pattern]
#   CASE_TIMEOUT  seconds one case may run (default 120)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OCTAVE=${OCTAVE:-octave-cli}
CASE_TIMEOUT=${CASE_TIMEOUT:-120}
pattern=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0

# Runs batch $1 from case $2; output in $tmp/out.  Sets RC (exit code or "hung").
run_from() {
  local batch=$1 start=$2 pid last="" since=$SECONDS cur
  ( cd "$tmp/cwd" && CAT_START=$start exec setsid "$OCTAVE" --no-history --no-init-file \
      --path "$root/inst" --path "$root/tests/catalogue" \
      --eval "catalogue_run ('$batch')" ) > "$tmp/out" 2>&1 < /dev/null &
  pid=$!
  RC=""
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.2
    cur=$(grep -a '^CASE ' "$tmp/out" | tail -1)
    if [[ "$cur" != "$last" ]]; then last=$cur; since=$SECONDS
    elif (( SECONDS - since > CASE_TIMEOUT )); then
      kill -KILL -- -"$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null
      RC=hung
    fi
  done
  wait "$pid"; local rc=$?
  [[ -z "$RC" ]] && RC=$rc
}

mkdir -p "$tmp/cwd"
for f in "$root"/tests/catalogue/batch_*.m; do
  batch=$(basename "$f" .m)
  [[ -n "$pattern" && "$batch" != *"$pattern"* ]] && continue
  start=1; total=""
  while :; do
    run_from "$batch" "$start"
    grep -a -E '^(PASS|FAIL) ' "$tmp/out"
    p=$(grep -a -c '^PASS ' "$tmp/out"); q=$(grep -a -c '^FAIL ' "$tmp/out")
    passed=$((passed + p)); failed=$((failed + q))
    plan=$(grep -a '^PLAN ' "$tmp/out" | tail -1)
    [[ -n "$plan" ]] && total=${plan##* }
    if [[ -z "$total" ]]; then
      echo "FAIL $batch: did not start (exit $RC): $(tail -5 "$tmp/out" | tr '\n' ' ')"
      failed=$((failed + 1)); break
    fi
    grep -a -q "^DONE $batch" "$tmp/out" && break
    # Stopped early: the case in progress (if it has no result) crashed or hung.
    cur=$(grep -a '^CASE ' "$tmp/out" | tail -1); cur=${cur##*:}
    if [[ -z "$cur" ]]; then
      echo "FAIL $batch:$start-$total: setup crashed (exit $RC): $(tail -4 "$tmp/out" | tr '\n' ' ' | cut -c1-600)"
      failed=$((failed + total - start + 1)); break
    elif ! grep -a -q -E "^(PASS|FAIL) $batch:$cur( |\$)" "$tmp/out"; then
      echo "FAIL $batch:$cur: crashed or hung (exit $RC): $(grep -a -v -E '^(PLAN|CASE|PASS|FAIL) ' "$tmp/out" | tail -4 | tr '\n' ' ' | cut -c1-600)"
      failed=$((failed + 1))
    fi
    start=$((cur + 1))
    (( start > total )) && break
  done
done
# ---- process-level case: Ctrl-C while Octave builds a pyobject handle ----
# A pyobject.m that waits in its constructor (first on the path) lets SIGINT
# land exactly there: the user must get KeyboardInterrupt, not "is pymex's
# inst/ folder on the path?", and Python must work afterwards.
if [[ -z "$pattern" || "ctrlc-handle" == *"$pattern"* ]]; then
  mkdir -p "$tmp/shadow"
  sed 's|^        obj.id = id;|        if (exist ("'"$tmp"'/armed", "file")), delete ("'"$tmp"'/armed"); fclose (fopen ("'"$tmp"'/waiting", "w")); pause (30); end\n        obj.id = id;|' \
    "$root/inst/pyobject.m" > "$tmp/shadow/pyobject.m"
  cat > "$tmp/ctrlc.m" <<OCT
addpath ("$tmp/shadow");
pyeval ("1.0");
fclose (fopen ("$tmp/armed", "w"));
try
  x = pyeval ("object()");
  disp ("NOERROR");
catch err
  printf ("ID=%s\nMSG=%s\n", err.identifier, strrep (err.message, "\n", " "));
end
printf ("AFTER=%g\n", pyeval ("1.0 + 1.0"));
OCT
  ( cd "$tmp/cwd" && exec "$OCTAVE" --no-history --no-init-file --path "$root/inst" "$tmp/ctrlc.m" ) > "$tmp/ctrlc.out" 2>&1 &
  pid=$!
  for _ in $(seq 300); do [[ -f "$tmp/waiting" ]] && break; sleep 0.05; done
  sleep 0.2; kill -INT "$pid" 2>/dev/null
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; echo "FAIL ctrlc-handle: hung"; failed=$((failed + 1)); }
  wait "$pid" 2>/dev/null
  if grep -q '^ID=pymex:KeyboardInterrupt$' "$tmp/ctrlc.out" && ! grep -q 'inst/ folder' "$tmp/ctrlc.out" \
     && grep -q '^AFTER=2$' "$tmp/ctrlc.out"; then
    echo "PASS ctrlc-handle"; passed=$((passed + 1))
  else
    echo "FAIL ctrlc-handle: $(tr '\n' ' ' < "$tmp/ctrlc.out" | cut -c1-400)"; failed=$((failed + 1))
  fi
fi
echo "RESULT $passed $failed"
