#!/bin/bash
# Build the debug kernel, wsk.ko and the sample clients, boot them in QEMU and
# print what the sample printed (its kernel log lines start with "wsk_hello:").
# usage: tools/run.sh [--shell]   (--shell: interactive guest shell; exit it to
#                                  unload the modules and power off)
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

shell=()
case ${1:-} in
--shell) shell=(--interactive) ;;
"") ;;
*) echo "usage: $0 [--shell]" >&2; exit 2 ;;
esac

[ "${WSK_SKIP_SETUP:-0}" = 1 ] || bash "$repo/tools/setup.sh"
echo "building the debug kernel (cold: ~15 min, log in $cache/kernel-*.log)"
kdir=$(bash "$repo/tools/vm/kernel.sh")
mkdir -p "$out"
exec 8>"$cache/run.lock"
flock -n 8 || { echo "waiting for another tools/run.sh"; flock 8; }
log=$out/build-run.log
build_tree run "$log" KDIR="$kdir" CC="ccache gcc" || { tail -n 30 "$log"; die "build failed, log $log"; }
bdir=$cache/build/run
mapfile -t samples < <(find "$bdir/tools/sample" -maxdepth 1 -name '*.ko' | sort)
initrd=$out/initramfs-run.cpio.gz
bash "$repo/tools/vm/initramfs.sh" "$initrd" "$bdir/wsk/wsk.ko" "${samples[@]}"

guest=$out/guest-run.log
words=(mode=run)
[ ${#shell[@]} = 0 ] || words+=(shell)
echo "booting: wsk.ko ${samples[*]##*/} (console log: $guest)"
rc=0
bash "$repo/tools/vm/boot.sh" "${shell[@]}" "$kdir/arch/x86/boot/bzImage" "$initrd" "$guest" "${words[@]}" || rc=$?
echo "---- wsk_hello output"
grep -a 'wsk_hello:' "$guest" | tr -d '\r' | sed 's/^.*\(wsk_hello:\)/\1/' || echo "(none)"
grep -q 'init: done' "$guest" || die "guest did not finish (QEMU exit status $rc), see $guest"
