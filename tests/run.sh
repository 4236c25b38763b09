#!/usr/bin/env bash
# Runs every test and ends with one line "N passed, M failed".
#   tests/test_*.m   Octave %!test blocks, each file in a fresh Octave process
#   tests/sh_*.sh    process-level tests (exit, Ctrl-C, crash cases); each prints
#                    "RESULT <passed> <failed>" as its last line
# Usage: tests/run.sh [pattern]   (e.g. tests/run.sh conversion)
set -u
shopt -s nullglob
cd "$(dirname "$0")/.."
OCTAVE=${OCTAVE:-octave-cli}
export OCTAVE
pattern=${1:-}
passed=0; failed=0; failures=()
log=$(mktemp -d)

for f in tests/test_*.m; do
  [[ -n "$pattern" && "$f" != *"$pattern"* ]] && continue
  name=$(basename "$f" .m)
  start=$(date +%s%N)
  timeout 600 "$OCTAVE" --no-history --no-init-file --path "$PWD/inst" --path "$PWD/tests" --eval "
    [n, nmax] = test ('$PWD/$f', 'quiet', stdout);
    printf ('RESULT %d %d\n', n, nmax - n);" > "$log/$name.out" 2>&1
  rc=$?
  line=$(grep '^RESULT ' "$log/$name.out" | tail -1)
  if [[ -z "$line" ]]; then
    n=0; m=1
    echo "FAIL $name: crashed or hung (exit $rc)"; tail -20 "$log/$name.out" | sed 's/^/    /'
  else
    read -r _ n m <<< "$line"
  fi
  t=$(( ($(date +%s%N) - start) / 100000000 )); t="$((t / 10)).$((t % 10))"
  printf '%-28s %3d passed, %d failed  (%ss)\n' "$name" "$n" "$m" "$t"
  if [[ "$m" != 0 ]]; then
    failures+=("$name"); grep -E '^\s*!!!|^!!!|FAIL|error' "$log/$name.out" | head -30 | sed 's/^/    /'
  fi
  passed=$((passed + n)); failed=$((failed + m))
done

for f in tests/sh_*.sh; do
  [[ -n "$pattern" && "$f" != *"$pattern"* ]] && continue
  name=$(basename "$f" .sh)
  start=$(date +%s%N)
  timeout 900 bash "$f" > "$log/$name.out" 2>&1
  line=$(grep '^RESULT ' "$log/$name.out" | tail -1)
  if [[ -z "$line" ]]; then n=0; m=1; echo "FAIL $name: no RESULT line"; tail -20 "$log/$name.out" | sed 's/^/    /'
  else read -r _ n m <<< "$line"; fi
  t=$(( ($(date +%s%N) - start) / 100000000 )); t="$((t / 10)).$((t % 10))"
  printf '%-28s %3d passed, %d failed  (%ss)\n' "$name" "$n" "$m" "$t"
  if [[ "$m" != 0 ]]; then failures+=("$name"); grep -E '^FAIL' "$log/$name.out" | head -30 | sed 's/^/    /'; fi
  passed=$((passed + n)); failed=$((failed + m))
done

rm -rf "$log"
echo "$passed passed, $failed failed"
[[ "$failed" == 0 && "$passed" -gt 0 ]]
