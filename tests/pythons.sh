#!/usr/bin/env bash
# make test-pythons: pymex built against every CPython 3.10+ that pyenv holds
# ($(pyenv root)/versions/* and ~/.pyenv/versions/*), each in its own folder
# (build/py3.X: make pybuild), and the suite run against each (tests/run.sh
# PYDIR= mode).  Files marked "requires: numpy" (or scipy) are skipped when that
# interpreter cannot import them.  Prints each interpreter's summary, then one
# line "N passed, M failed" (the sums); exits non-zero on any failure.
# A build that fails counts as one failure of that interpreter.
#   tests/pythons.sh [pattern]   the pattern goes to tests/run.sh
#   PYTHONS="/path/python3 ..."  these interpreters instead of pyenv's
#   REPS                         repetitions of the exit and Ctrl-C tests (default 1)
#   JOBS                         interpreters tested at the same time (default 2;
#                                the builds run one after another first)
set -u
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
export REPS=${REPS:-1}
JOBS=${JOBS:-2}
pattern=${1:-}

# Candidate interpreters: one bin/python3 per version folder, no virtualenvs.
roots=()
if command -v pyenv >/dev/null 2>&1; then
  r=$(pyenv root 2>/dev/null) && [[ -d "$r/versions" ]] && roots+=("$r/versions")
fi
[[ -n "${PYENV_ROOT:-}" && -d "$PYENV_ROOT/versions" ]] && roots+=("$PYENV_ROOT/versions")
[[ -d "$HOME/.pyenv/versions" ]] && roots+=("$HOME/.pyenv/versions")
[[ ${#roots[@]} -gt 0 ]] && mapfile -t roots < <(for r in "${roots[@]}"; do readlink -f "$r"; done | awk '!seen[$0]++')
if [[ -n "${PYTHONS:-}" ]]; then
  read -r -a cands <<< "$PYTHONS"
else
  cands=()
  for r in "${roots[@]}"; do
    for d in "$r"/*; do [[ -d "$d" && -x "$d/bin/python3" ]] && cands+=("$d/bin/python3"); done
  done
fi

# Keep 3.10+, one per installation (sys.base_prefix), in version order.
declare -A seen=()
list=()
for py in "${cands[@]}"; do
  info=$("$py" -c 'import sys
if sys.prefix == sys.base_prefix and sys.version_info >= (3, 10):
    print("%d.%d.%d" % sys.version_info[:3], "%d.%d" % sys.version_info[:2], sys.base_prefix)' 2>/dev/null < /dev/null) || continue
  [[ -z "$info" ]] && continue
  read -r full short prefix <<< "$info"
  [[ -n "${seen[$prefix]:-}" ]] && continue
  seen[$prefix]=1
  list+=("$full $short $py")
done
if [[ ${#list[@]} == 0 ]]; then
  echo "no CPython 3.10+ found (looked in: ${roots[*]:-no pyenv root, no ~/.pyenv/versions}${PYTHONS:+; PYTHONS=$PYTHONS}): nothing to test"
  echo "0 passed, 0 failed"
  exit 0
fi
mapfile -t list < <(printf '%s\n' "${list[@]}" | sort -t. -k1,1n -k2,2n -k3,3n)

# Folder names: build/py3.X, or build/py3.X.Y when two share 3.X.
declare -A count=()
for e in "${list[@]}"; do read -r _ short _ <<< "$e"; count[$short]=$(( ${count[$short]:-0} + 1 )); done

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
t_all=$(date +%s)
n=${#list[@]}
declare -a full_of dir_of py_of build_s test_s state   # state: built / buildfail
for i in "${!list[@]}"; do
  read -r full short py <<< "${list[$i]}"
  dir=build/py$short; (( ${count[$short]} > 1 )) && dir=build/py$full
  full_of[$i]=$full; dir_of[$i]=$dir; py_of[$i]=$py
done

# 1. Builds, one after another (each: make pybuild).
for i in "${!list[@]}"; do
  t0=$(date +%s)
  if build_out=$($MAKE --no-print-directory pybuild PYTHON="${py_of[$i]}" PY_DIR="${dir_of[$i]}" 2>&1); then
    state[$i]=built
    echo "built ${dir_of[$i]}/pymex.mex for Python ${full_of[$i]} (${py_of[$i]})"
  else
    state[$i]=buildfail
    echo "FAIL build for Python ${full_of[$i]} (${py_of[$i]}):"
    echo "$build_out" | tail -25 | sed 's/^/    /'
  fi
  build_s[$i]=$(( $(date +%s) - t0 ))
done

# 2. The suite against each build, JOBS at a time; each one's output is shown
#    when it ends.
declare -A pid_of=()
show() {  # $1: index
  echo "==== Python ${full_of[$1]} (${py_of[$1]}) -> ${dir_of[$1]}"
  cat "$logs/$1.out"
}
running=0
for i in "${!list[@]}"; do
  [[ "${state[$i]}" == built ]] || continue
  while (( running >= JOBS )); do
    wait -n -p done_pid; running=$((running - 1))
    show "${pid_of[$done_pid]}"
  done
  ( t1=$(date +%s)
    PYDIR=${dir_of[$i]} bash tests/run.sh "$pattern" > "$logs/$i.out" 2>&1 < /dev/null
    echo $(( $(date +%s) - t1 )) > "$logs/$i.time" ) &
  pid_of[$!]=$i; running=$((running + 1))
done
while (( running > 0 )); do
  wait -n -p done_pid; running=$((running - 1))
  show "${pid_of[$done_pid]}"
done

total_p=0; total_f=0; summary=()
for i in "${!list[@]}"; do
  full=${full_of[$i]}
  if [[ "${state[$i]}" != built ]]; then
    total_f=$((total_f + 1))
    summary+=("$(printf 'Python %-8s build failed (counted as 1 failure)' "$full")")
    continue
  fi
  last=$(tail -1 "$logs/$i.out")
  if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
  else
    p=0; f=1; echo "FAIL tests for Python $full: no summary line"
  fi
  total_p=$((total_p + p)); total_f=$((total_f + f))
  summary+=("$(printf 'Python %-8s %4d passed, %d failed  (build %ds, tests %ss)' "$full" "$p" "$f" "${build_s[$i]}" "$(cat "$logs/$i.time" 2>/dev/null || echo '?')")")
done
echo "==== $n interpreter(s), REPS=$REPS, JOBS=$JOBS, $(( $(date +%s) - t_all ))s"
printf '%s\n' "${summary[@]}"
echo "$total_p passed, $total_f failed"
[[ "$total_f" == 0 && "$total_p" -gt 0 ]]
