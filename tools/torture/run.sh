#!/bin/bash
# The torture run on its own: builds the debug kernel (tools/vm/kernel.sh),
# wsk.ko and wsk_torture.ko, boots them (wsk.ko in checking mode), prints the
# torture's statistics, scans the guest log for splats and kmemleak reports,
# and exits non-zero on a FAILURE, a splat or a leak.
# usage: tools/torture/run.sh [--long] [--seconds N] [--fault-seconds N]
#                             [--faults P] [--seed S] [--threads N] [PARAM=VALUE]...
#   (default)         the short run of tools/test.sh: 25 s without faults, then
#                     15 s of failslab task-filtered at 5%, 15 s system-wide at 1%
#   --long            30 minutes: 1200 s without faults, 300 s each fault phase
#   --seconds N       the phase without faults lasts N s (0: none)
#   --fault-seconds N each fault phase lasts N s
#   --faults P        failslab at P percent in both fault phases (0: none)
#   --seed S          the seed (default: random, printed)
#   --threads N       torture threads (default 4)
#   PARAM=VALUE       any other wsk_torture parameter (modinfo wsk_torture.ko)
# Logs: $WSK_OUT/torture/ (default out/torture/): guest.log, build.log.
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../lib.sh"

usage() { sed -n '7,16s/^# \{0,1\}//p' "$0" >&2; exit 2; }
number() { [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "$1: want a number" >&2; usage; }; }

seconds=25 fault_seconds=15 phases=task:5,system:1 extra=()
while [ $# -gt 0 ]; do
	case $1 in
	--long) seconds=1200 fault_seconds=300; shift ;;
	--seconds) number "$1" "${2:-}"; seconds=$2; shift 2 ;;
	--fault-seconds) number "$1" "${2:-}"; fault_seconds=$2; shift 2 ;;
	--faults)
		number "$1" "${2:-}"
		if [ "$2" = 0 ]; then phases=""; else phases=task:$2,system:$2; fi
		shift 2 ;;
	--seed) number "$1" "${2:-}"; extra+=("wsk_torture.seed=$2"); shift 2 ;;
	--threads) number "$1" "${2:-}"; extra+=("wsk_torture.threads=$2"); shift 2 ;;
	*=*) extra+=("wsk_torture.$1"); shift ;;
	*) usage ;;
	esac
done
if [ -n "$phases" ] && [ "$fault_seconds" -gt 0 ]; then
	extra=("wsk_torture.fault_phases=$phases" "wsk_torture.fault_seconds=$fault_seconds"
		"${extra[@]}")
else
	fault_seconds=0
fi
total=$((seconds + 2 * fault_seconds))
[ "$total" -gt 0 ] || die "nothing to run: --seconds 0 and no fault phase"

tout=$out/torture
mkdir -p "$tout"
[ "${WSK_SKIP_SETUP:-0}" = 1 ] || bash "$repo/tools/setup.sh"
echo "debug kernel: tools/vm/kernel.sh (cold: ~15 min)"
kdir=$(bash "$repo/tools/vm/kernel.sh")
echo "modules: building against $kdir"
if ! build_tree torture "$tout/build.log" KDIR="$kdir" CC="ccache gcc"; then
	tail -n 30 "$tout/build.log" >&2
	die "build failed (log $tout/build.log)"
fi
bdir=$cache/build/torture
initrd=$tout/initramfs.cpio.gz
log=$tout/guest.log
bash "$repo/tools/vm/initramfs.sh" "$initrd" "$bdir/wsk/wsk.ko" "$bdir/tools/torture/wsk_torture.ko"

echo "guest: wsk.ko (verify=1) + wsk_torture.ko, ${seconds}s + 2 x ${fault_seconds}s, ${extra[*]}"
tb=$SECONDS
rc=0
WSK_VM_TIMEOUT=$((total * 3 + 600)) bash "$repo/tools/vm/boot.sh" "$kdir/arch/x86/boot/bzImage" \
	"$initrd" "$log" mode=test wsk_verify kmemleak_check "wsk_torture.seconds=$seconds" \
	"${extra[@]}" || rc=$?
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
echo "guest log: $log (VM ran $((SECONDS - tb))s, QEMU exit status $rc)"

grep -E 'wsk_torture: ' "$log" | sed 's/^\[[ 0-9.]*\] //'
bad=0
nsplat=$(grep -cE "$splat_regex" "$log") || true
if [ "$nsplat" != 0 ]; then
	grep -nE -B3 -A12 "$splat_regex" "$log" | head -n 150
	echo "torture: $nsplat splat lines in $log"
	bad=1
fi
if ! grep -q 'init: check kmemleak ok' "$log"; then
	grep -E 'init: kmemleak' "$log" | head -n 40
	echo "torture: kmemleak check did not pass"
	bad=1
fi
if ! grep -q 'init: done$' "$log"; then
	echo "torture: the guest did not finish (QEMU exit status $rc)"
	bad=1
fi
if grep -qE 'wsk_torture: SUCCESS$' "$log" && [ "$bad" = 0 ]; then
	echo "torture: SUCCESS"
	exit 0
fi
grep -qE 'wsk_torture: (SUCCESS|FAILURE)$' "$log" || echo "torture: the module did not finish"
echo "torture: FAILURE"
exit 1
