#!/bin/bash
# Boot a kernel + initramfs under QEMU/TCG; the whole serial console goes to LOG.
# usage: boot.sh [--hostfwd PORT]... [--interactive] [--icount] KERNEL INITRAMFS LOG [APPEND-WORD]...
#   --hostfwd PORT  virtio-net NIC on restricted user networking, forwarding
#                   TCP 127.0.0.1:PORT on the host to PORT in the guest (nothing
#                   else); may be given several times, one forward per port
#   --interactive   console on this terminal too (and no timeout)
#   --icount        the guest's clocks count instructions (4 ns each, idle time
#                   skipped), not the host's time: timings inside the guest
#                   measure the instructions executed, the same in every run
#                   whatever else the host is doing (one host thread runs
#                   both vCPUs, in turn); the CPU has no CMPXCHG16B
# Without --hostfwd the guest has no network device at all (-nic none).
# Exit status is QEMU's, or 124 when WSK_VM_TIMEOUT (default 600 s) expired.
set -euo pipefail
usage() { echo "usage: $0 [--hostfwd PORT]... [--interactive] [--icount] KERNEL INITRAMFS LOG [APPEND-WORD]..." >&2; exit 2; }

fwd=""
interactive=0
clock=()
while [ $# -gt 0 ]; do
	case $1 in
	--hostfwd)
		if ! [[ ${2:-} =~ ^[1-9][0-9]{0,4}$ ]] || [ "$2" -gt 65535 ]; then usage; fi
		fwd+=",hostfwd=tcp:127.0.0.1:$2-:$2"
		shift 2 ;;
	--interactive) interactive=1; shift ;;
	# Without CMPXCHG16B: TCG's, in icount mode, once left EFLAGS garbage
	# in the slab allocator's fast path (a double fault) on QEMU 7.2.
	# WSK_VM_CPU replaces the CPU model (e.g. qemu64,-cx16,+erms: string
	# copies then count one instruction per byte, see docs/benchmark.md).
	--icount) clock=(-icount "shift=2,sleep=off" -cpu "${WSK_VM_CPU:-qemu64,-cx16}"); shift ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 3 ] || usage
net=(-nic none)
kernel=$1 initrd=$2 log=$3
shift 3
if [ -n "$fwd" ]; then
	net=(-netdev "user,id=n0,restrict=on$fwd" -device "virtio-net-pci,netdev=n0")
	# The NIC's interrupt from the firmware's PCI routing table: evaluating
	# the ACPI one (_PRT) under KASAN takes half a minute of TCG, long
	# enough for soft lockups, and then finds no route for it.
	set -- "$@" acpi=noirq
fi

qemu=(qemu-system-x86_64 -accel tcg -m 2G -smp 2 -nographic -no-reboot "${clock[@]}" "${net[@]}"
	-kernel "$kernel" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 oops=panic $*")
if [ "$interactive" = 1 ]; then
	# serial + monitor multiplexed on this terminal (Ctrl-A X quits), copied to LOG
	rc=0
	"${qemu[@]}" -chardev "stdio,id=con,mux=on,signal=off,logfile=$log" \
		-serial chardev:con -mon chardev=con || rc=$?
	printf '\033[?7h' # the firmware turned off line wrapping
	exit "$rc"
fi
timeout -k 10 "${WSK_VM_TIMEOUT:-600}" "${qemu[@]}" </dev/null >"$log" 2>&1
