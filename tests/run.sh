#!/usr/bin/env bash
# Runs every test and ends with one line "N passed, M failed".
#   tests/test_*.m   Octave %!test blocks, each file in a fresh Octave process, with
#                    Python DeprecationWarnings as errors (numpy 1.x and 2.x stay clean)
#   tests/sh_*.sh    process-level tests (exit, Ctrl-C, crash cases); each prints
#                    "RESULT <passed> <failed>" as its last line
# Usage: tests/run.sh [pattern]   (e.g. tests/run.sh conversion)
#
# SANITIZE=1 (make test-asan): the same tests against build/asan/ (pymex.mex built
# with -fsanitize=address,undefined plus copies of the m-files; `make asan`).  Every
# Octave the tests start goes through a wrapper that preloads libasan and libubsan
# into octave-cli and puts build/asan where the tests name inst/; Python allocates
# with malloc (PYTHONMALLOC=malloc) so ASan sees its memory.  Reports go to
# build/asan/logs/<test>/; any report (or one printed to the test's output) is a
# failure of that test file, and the report is printed.
#
# PYDIR=build/py3.X (make test-pythons, tests/pythons.sh): the same tests against
# that folder (pymex.mex built for another interpreter plus copies of the m-files;
# make pybuild PYTHON=... PY_DIR=...): Octave goes through a wrapper that puts
# PYDIR where the tests name inst/.
#
# Requirements: a file whose first lines hold "% requires: numpy" (shell scripts:
# "# requires: numpy"; several names separated by spaces) is skipped, printing
# "skipped (needs numpy)", when the Python under test cannot import them.  The
# Python under test is PYDIR/python's, else the one src/config.h names (the last
# `make`), else /usr/bin/python3; it is exported as PYMEX_TEST_PYTHON.  Marked
# catalogue batches (tests/catalogue/batch_*.m) are skipped one by one.
set -u
shopt -s nullglob
cd "$(dirname "$0")/.."
OCTAVE=${OCTAVE:-octave-cli}
export OCTAVE
pattern=${1:-}
passed=0; failed=0; failures=()
log=$(mktemp -d)
SANITIZE=${SANITIZE:-0}
PYDIR=${PYDIR:-}
SAN_RE='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: [A-Za-z]*Sanitizer'

if [[ "$SANITIZE" == 1 ]]; then
  san_dir=$PWD/build/asan
  [[ -f "$san_dir/pymex.mex" ]] || { echo "no $san_dir/pymex.mex: run 'make asan'"; exit 1; }
  libasan=$(gcc -print-file-name=libasan.so); libubsan=$(gcc -print-file-name=libubsan.so)
  libasan=$(readlink -f "$libasan"); libubsan=$(readlink -f "$libubsan")
  [[ -f "$libasan" && -f "$libubsan" ]] || { echo "libasan/libubsan not found (install libasan8 libubsan1)"; exit 1; }
  san_logs=$san_dir/logs
  rm -rf "$san_logs"; mkdir -p "$san_logs"
  real_octave=$(command -v "$OCTAVE") || { echo "$OCTAVE not found"; exit 1; }
  inst_real=$(readlink -f "$PWD/inst")
  wrapper=$log/octave-san
  cat > "$wrapper" <<WRAP
#!/usr/bin/env bash
# octave-cli with the sanitizer runtimes preloaded and build/asan in place of inst/
args=()
for a in "\$@"; do
  if [[ -d "\$a" && "\$(readlink -f "\$a")" == "$inst_real" ]]; then a="$san_dir"; fi
  args+=("\$a")
done
LD_PRELOAD="$libasan:$libubsan\${LD_PRELOAD:+:\$LD_PRELOAD}" exec "$real_octave" "\${args[@]}"
WRAP
  chmod +x "$wrapper"
  OCTAVE=$wrapper
  export PYTHONMALLOC=malloc
  echo "sanitizer mode: $san_dir/pymex.mex, reports in $san_logs"
fi

if [[ -n "$PYDIR" ]]; then
  [[ "$SANITIZE" == 1 ]] && { echo "PYDIR and SANITIZE=1 do not combine"; exit 1; }
  py_dir=$(cd "$PYDIR" 2>/dev/null && pwd)
  [[ -n "$py_dir" && -f "$py_dir/pymex.mex" && -f "$py_dir/python" ]] || \
    { echo "no $PYDIR/pymex.mex: run 'make pybuild PYTHON=/path/to/python3 PY_DIR=$PYDIR'"; exit 1; }
  real_octave=$(command -v "$OCTAVE") || { echo "$OCTAVE not found"; exit 1; }
  inst_real=$(readlink -f "$PWD/inst")
  wrapper=$log/octave-py
  cat > "$wrapper" <<WRAP
#!/usr/bin/env bash
# octave-cli with $py_dir in place of inst/
args=()
for a in "\$@"; do
  if [[ -d "\$a" && "\$(readlink -f "\$a")" == "$inst_real" ]]; then a="$py_dir"; fi
  args+=("\$a")
done
exec "$real_octave" "\${args[@]}"
WRAP
  chmod +x "$wrapper"
  OCTAVE=$wrapper
  PYMEX_TEST_PYTHON=$(cat "$py_dir/python")
  echo "interpreter: $PYMEX_TEST_PYTHON, $py_dir/pymex.mex"
elif [[ -f src/config.h ]]; then
  PYMEX_TEST_PYTHON=$(sed -n 's/^#define PYMEX_PYTHON "\(.*\)"$/\1/p' src/config.h)
fi
PYMEX_TEST_PYTHON=${PYMEX_TEST_PYTHON:-/usr/bin/python3}
export PYMEX_TEST_PYTHON

# The requirements file $1 names in its first 5 lines ("% requires: a b"), one a line.
requires_of() {
  head -5 "$1" | sed -n 's/^[%#]\{1,\} *requires: *//p' | tr ' ,' '\n\n' | sed '/^$/d'
}
# Prints what file $1 needs and the Python under test lacks ("numpy scipy"), if anything.
declare -A have_module=()
missing_of() {
  local req out=""
  for req in $(requires_of "$1"); do
    if [[ -z "${have_module[$req]:-}" ]]; then
      if [[ "$req" =~ ^[A-Za-z_][A-Za-z0-9_.]*$ ]] && \
         "$PYMEX_TEST_PYTHON" -c "import $req" >/dev/null 2>&1 < /dev/null; then
        have_module[$req]=yes
      else have_module[$req]=no; fi
    fi
    [[ "${have_module[$req]}" == no ]] && out+="${out:+ }$req"
  done
  printf '%s' "$out"
}
skipped_line() { printf '%-28s skipped (needs %s)\n' "$1" "$2"; }

# SANITIZE=1: sets the report folder for test $1 (before it runs)
san_begin() {
  [[ "$SANITIZE" == 1 ]] || return 0
  mkdir -p "$san_logs/$1"
  # detect_leaks=0: Octave and CPython keep much memory to exit on purpose (LSan drowns in it).
  # (detect_leaks=1 with full unwinding on 4 test files: ~3000-4000 leaked allocations each,
  # all Octave's or Python's own, none with a pymex frame.)
  # halt_on_error=1 for ASan (memory errors are fatal), UBSan goes on and reports each site once.
  # allocator_may_return_null=1: a huge malloc returns NULL as glibc's does (the tests of
  # MemoryError rely on it) instead of being a report.
  export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:allocator_may_return_null=1:log_path=$san_logs/$1/asan:log_exe_name=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=0:log_path=$san_logs/$1/ubsan:log_exe_name=1"
}
# SANITIZE=1: prints the reports of test $1 (its logs, then its output $2): the report
# lines and the first frames of each stack; returns 1 if there is any report
san_show() {
  awk -v re="$SAN_RE" '
    $0 ~ re || /^(READ|WRITE) of|is located|allocated by|freed by|^SUMMARY|^Thread T|^[^ ]*: note:/ { print; frames = 0; next }
    /^ *#[0-9]+ / { if (frames++ < 8) print; next }
    /^=+$/ { frames = 0 }' "$1" | cut -c1-220 | head -80 | sed 's/^/      /'
}
san_end() {
  [[ "$SANITIZE" == 1 ]] || return 0
  local found=0 f
  for f in "$san_logs/$1"/*; do
    if grep -qE "$SAN_RE" "$f"; then found=1; echo "    sanitizer report ($f):"; san_show "$f"; fi
  done
  if grep -qE "$SAN_RE" "$2"; then
    found=1; echo "    sanitizer report in the test's output:"; san_show "$2"
  fi
  return $found
}

for f in tests/test_*.m; do
  [[ -n "$pattern" && "$f" != *"$pattern"* ]] && continue
  name=$(basename "$f" .m)
  need=$(missing_of "$f")
  if [[ -n "$need" ]]; then skipped_line "$name" "$need"; continue; fi
  san_begin "$name"
  start=$(date +%s%N)
  PYTHONWARNINGS=${PYTHONWARNINGS:-error::DeprecationWarning} timeout 600 "$OCTAVE" --no-history --no-init-file --path "$PWD/inst" --path "$PWD/tests" --eval "
    crash_dumps_octave_core (false);   % a killed test leaves no octave-workspace behind
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
  if ! san_end "$name" "$log/$name.out"; then
    echo "FAIL $name: sanitizer report (counted as one more failure)"; m=$((m + 1)); failures+=("$name")
  fi
  passed=$((passed + n)); failed=$((failed + m))
done

for f in tests/sh_*.sh; do
  [[ -n "$pattern" && "$f" != *"$pattern"* ]] && continue
  name=$(basename "$f" .sh)
  need=$(missing_of "$f")
  if [[ -n "$need" ]]; then skipped_line "$name" "$need"; continue; fi
  # The catalogue with some batches skipped: the script once for each batch that
  # runs (its argument picks batches by name) and once for its process-level case.
  parts=("")
  if [[ "$name" == sh_catalogue ]]; then
    runs=(); skips=0
    for b in tests/catalogue/batch_*.m; do
      need=$(missing_of "$b")
      if [[ -n "$need" ]]; then skipped_line "  $(basename "$b" .m)" "$need"; skips=1
      else runs+=("$(basename "$b" .m)"); fi
    done
    [[ "$skips" == 1 ]] && parts=("${runs[@]}" ctrlc-handle)
  fi
  san_begin "$name"
  start=$(date +%s%N)
  n=0; m=0; : > "$log/$name.out"
  for part in "${parts[@]}"; do
    timeout 900 bash "$f" ${part:+"$part"} > "$log/$name.part" 2>&1
    cat "$log/$name.part" >> "$log/$name.out"
    line=$(grep '^RESULT ' "$log/$name.part" | tail -1)
    if [[ -z "$line" ]]; then m=$((m + 1)); echo "FAIL $name${part:+ $part}: no RESULT line"; tail -20 "$log/$name.part" | sed 's/^/    /'
    else read -r _ p q <<< "$line"; n=$((n + p)); m=$((m + q)); fi
  done
  t=$(( ($(date +%s%N) - start) / 100000000 )); t="$((t / 10)).$((t % 10))"
  printf '%-28s %3d passed, %d failed  (%ss)\n' "$name" "$n" "$m" "$t"
  if [[ "$m" != 0 ]]; then failures+=("$name"); grep -E '^FAIL' "$log/$name.out" | head -30 | sed 's/^/    /'; fi
  if ! san_end "$name" "$log/$name.out"; then
    echo "FAIL $name: sanitizer report (counted as one more failure)"; m=$((m + 1)); failures+=("$name")
  fi
  passed=$((passed + n)); failed=$((failed + m))
done

rm -rf "$log"
echo "$passed passed, $failed failed"
[[ "$failed" == 0 && "$passed" -gt 0 ]]
