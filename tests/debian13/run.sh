#!/usr/bin/env bash
# make test-debian13: the whole suite on Debian 13 (trixie: Octave 9.4, Python 3.13,
# numpy 2.2, scipy 1.15, gcc 14) in a debootstrap chroot.
#
#   tests/debian13/run.sh CHROOT_DIR [make target...]   (default target: test)
#
# The chroot is made once (debootstrap --variant=minbase from the Debian mirror apt
# uses on this machine) and cached in CHROOT_DIR.  Each run copies a fresh clone of
# the working tree (uncommitted changes included) into it and runs `make test` there,
# which installs the Debian packages it needs, as it does on any fresh machine.
# Everything mounted is unmounted on exit, failure or Ctrl-C.  Needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: run.sh CHROOT_DIR [target...]}
shift || true
targets=("${@:-test}")

if [[ $(id -u) != 0 ]]; then
  echo "test-debian13 needs root (debootstrap, chroot, mount); run: sudo make test-debian13"; exit 1
fi

# The mirror apt uses here (deb822 sources, or the classic sources.list).
mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null \
         | grep -v security | head -1)
[[ -z "$mirror" ]] && mirror=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
mirror=${mirror:-http://deb.debian.org/debian}

mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

mount_in() {   # mount_in TYPE-OR-BIND SOURCE TARGET
  mkdir -p "$3"
  if [[ $1 == bind ]]; then mount --bind "$2" "$3"; else mount -t "$1" "$2" "$3"; fi
  mounted+=("$3")
}

if [[ ! -f "$dir/.pymex-ready" ]]; then
  command -v debootstrap >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  echo "creating the Debian 13 chroot in $dir (from $mirror)"
  rm -rf "$dir.tmp"; mkdir -p "$(dirname "$dir")"
  start=$(date +%s)
  debootstrap --variant=minbase --include=make,ca-certificates,procps trixie "$dir.tmp" "$mirror" > "$dir.log" 2>&1 \
    || { echo "debootstrap failed; see $dir.log"; tail -5 "$dir.log"; exit 1; }
  rm -rf "$dir"; mv "$dir.tmp" "$dir"
  touch "$dir/.pymex-ready"
  echo "chroot ready in $(( $(date +%s) - start )) s"
fi

mount_in proc proc "$dir/proc"
mount_in sysfs sysfs "$dir/sys"
mount_in bind /dev "$dir/dev"
mount_in devpts devpts "$dir/dev/pts"
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true

# A fresh clone of the working tree, uncommitted changes included.
rm -rf "$dir/build"; mkdir -p "$dir/build"
snapshot=$(cd "$here" && git stash create 2>/dev/null || true)
git clone -q --no-local "$here" "$dir/build/pymex"
if [[ -n "$snapshot" ]]; then
  (cd "$here" && git archive "$snapshot") | tar -x -C "$dir/build/pymex"
fi
# shared/spec beside the checkout, as on the host.
[[ -d "$here/../shared" ]] && cp -r "$here/../shared" "$dir/build/shared" || true

set +e
chroot "$dir" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 TERM=dumb bash -c "cd /build/pymex && make ${targets[*]}"
rc=$?
set -e
exit $rc
