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
echo "RESULT $passed $failed"
