#!/bin/bash
# The benchmark: wsk's echo sample against a hand-written kernel echo module
# (tools/bench/bench_baseline.c, the nvmet-tcp pattern) and against user-space
# echo servers on epoll and on io_uring, all serving the same load generator
# (tools/bench/loadgen.c) in one boot of Debian's production cloud kernel
# under QEMU, rounds interleaved; then the in-kernel microbenchmark
# (tools/bench/wsk_microbench.c). Prints a table of medians, spreads and
# ratios, and writes results.csv, results.json and ratios.png to out/bench/.
#
# Time in the guest counts instructions (QEMU -icount, see tools/vm/boot.sh):
# the host this runs on is shared and its speed varies by tens of percent
# from second to second, which TCG passes on to every timing; counted
# instructions do not vary, so a run's numbers repeat to a fraction of a
# percent and the ratios compare the code each server runs. They do not
# weigh cache misses or lock contention as hardware does: --wallclock
# measures in the host's time instead, noisy as it is.
#
# usage: tools/bench/bench.sh [--rounds N] [--seconds S] [--servers LIST]
#                             [--only SCENARIOS] [--no-micro] [--perf]
#                             [--wallclock]
#   --rounds N       rounds (default 5); each serves every scenario once with
#                    every server
#   --seconds S      measured seconds per run (default 3; plus 0.5 s warmup)
#   --servers LIST   comma-separated subset of wsk,baseline,epoll,uring
#   --only LIST      comma-separated subset of the scenarios accept-1,
#                    accept-64, rr-1, rr-64, stream-1, stream-8 (TCP) and
#                    urr-16-64, urr-16-1400, uflood-4-1400 (UDP)
#   --no-micro       skip the in-kernel microbenchmark
#   --perf           profile every run with perf (cpu-clock, all CPUs) and
#                    write out/bench/profile.txt: per scenario, the CPU time
#                    of each symbol per operation, the servers side by side
#   --wallclock      time in the host's time, not in counted instructions
# Not part of the tests: nothing here asserts on timing. The exit status is
# non-zero only when something failed to build, boot or run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools/lib.sh
. "$here/../lib.sh"

rounds=5 secs=3 servers=wsk,baseline,epoll,uring only="" micro=1 perf=0 clock=(--icount)
usage() { sed -n '19,33p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || usage; rounds=$2; shift 2 ;;
	--seconds) [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || usage; secs=$2; shift 2 ;;
	--servers) [[ ${2:-} =~ ^(wsk|baseline|epoll|uring)(,(wsk|baseline|epoll|uring))*$ ]] || usage
		servers=$2; shift 2 ;;
	--only) [[ ${2:-} =~ ^[a-z]+-[0-9]+(-[0-9]+)?(,[a-z]+-[0-9]+(-[0-9]+)?)*$ ]] || usage
		only=$2; shift 2 ;;
	--no-micro) micro=0; shift ;;
	--perf) perf=1; shift ;;
	--wallclock) clock=(); shift ;;
	*) usage ;;
	esac
done

[ "${WSK_SKIP_SETUP:-0}" = 1 ] || bash "$repo/tools/setup.sh" --bench
bout=$out/bench
mkdir -p "$bout"

# Debian's production kernel built from the same source as the headers
kver=$(kver612 | sed 's/-amd64$/-cloud-amd64/')
kdir=/usr/src/linux-headers-$kver
vmlinuz=$(bash "$here/kernel.sh" "$kver")
echo "kernel: $vmlinuz"

log=$bout/build.log
echo "building wsk, the samples and the bench modules against $kdir"
build_tree bench "$log" KDIR="$kdir" CC="ccache gcc" || { tail -n 30 "$log"; die "build failed, log $log"; }
if build_warnings "$log" >/dev/null; then build_warnings "$log"; die "build warnings, log $log"; fi
bdir=$cache/build/bench
echo "building the user-space programs (static)"
bash "$here/build-user.sh" "$bout/bin" >"$bout/build-user.log" 2>&1 ||
	{ tail -n 30 "$bout/build-user.log"; die "user-space build failed, log $bout/build-user.log"; }

initrd=$bout/initramfs.cpio.gz
files=(--file "$here/guest.sh:/tests/bench.sh")
for f in "$bdir/wsk/wsk.ko" "$bdir/tools/sample/wsk_echo.ko" "$bdir/tools/sample/wsk_udp_echo.ko" \
	"$bdir/tools/bench/bench_baseline.ko" "$bdir/tools/bench/bench_udp_baseline.ko" \
	"$bdir/tools/bench/wsk_microbench.ko" "$bout/bin/loadgen" "$bout/bin/echo_epoll" \
	"$bout/bin/echo_uring" "$bout/bin/udp_echo_mmsg" "$bout/bin/udp_echo_uring"; do
	files+=(--file "$f:/bench/$(basename "$f")")
done
if [ "$perf" = 1 ]; then
	# the host's perf (Debian's linux-perf) and the libraries it loads
	command -v perf >/dev/null || die "--perf needs perf (apt-get install linux-perf)"
	files+=(--file "$(command -v perf):/usr/bin/perf")
	for l in $(ldd "$(command -v perf)" | grep -o '/[^ ]*'); do
		files+=(--file "$l:$l")
	done
fi
bash "$repo/tools/vm/initramfs.sh" "${files[@]}" "$initrd"

nserv=$(tr , '\n' <<<"$servers" | wc -l)
nscen=9
[ -z "$only" ] || nscen=$(tr , '\n' <<<"$only" | wc -l)
# each run: warmup + measurement + the load generator's start and stop
estimate=$(((rounds * (nscen * (secs + 2) + 4) + nscen * 3 + 4) * nserv))
guest=$bout/guest.log
echo "booting $kver: $rounds rounds x $nserv servers x $nscen scenarios x ${secs}s" \
	"(about $((estimate / 60 + 1)) min; console log $guest)"
words=(mode=test "bench_rounds=$rounds" "bench_secs=$secs" "bench_servers=$servers"
	"bench_micro=$micro" "bench_perf=$perf" "bench_clock=$([ ${#clock[@]} = 0 ] && echo wall || echo icount)")
[ -z "$only" ] || words+=("bench_only=$only")
# variants, for comparisons: see tools/bench/guest.sh
[ -z "${WSK_BENCH_WSK_BUFFER:-}" ] || words+=("bench_wsk_buffer=$WSK_BENCH_WSK_BUFFER")
[ -z "${WSK_BENCH_WSK_HIGHPRI:-}" ] || words+=("bench_wsk_highpri=$WSK_BENCH_WSK_HIGHPRI")
[ -z "${WSK_BENCH_WSK_EVENTS:-}" ] || words+=("bench_wsk_events=$WSK_BENCH_WSK_EVENTS")
[ -z "${WSK_BENCH_UDP_BASELINE_SOFTIRQ:-}" ] ||
	words+=("bench_udp_baseline_softirq=$WSK_BENCH_UDP_BASELINE_SOFTIRQ")
[ -z "${WSK_BENCH_BASELINE_HIGHPRI:-}" ] ||
	words+=("bench_baseline_highpri=$WSK_BENCH_BASELINE_HIGHPRI")
rc=0
WSK_VM_TIMEOUT=$((estimate * 2 + 300)) bash "$repo/tools/vm/boot.sh" "${clock[@]}" "$vmlinuz" "$initrd" \
	"$guest" "${words[@]}" || rc=$?
tr -d '\r' <"$guest" >"$guest.tmp" && mv "$guest.tmp" "$guest"
[ "$rc" = 0 ] || { tail -n 20 "$guest"; die "QEMU exit status $rc, see $guest"; }
grep -q '^bench: end' "$guest" || { tail -n 20 "$guest"; die "the guest did not finish, see $guest"; }

if grep -aE "$splat_regex" "$guest"; then
	die "the guest kernel reported a problem (above), see $guest"
fi
grep -a '^bench: \(error\|loadgen\)' "$guest" || true
# Debian's python3 has Debian's matplotlib (another python3 may come first in PATH)
/usr/bin/python3 "$here/report.py" "$guest" "$bout"
if [ "$perf" = 1 ]; then
	/usr/bin/python3 "$here/profile.py" "$guest" "$bdir/wsk/wsk.ko" \
		"$bdir/tools/sample/wsk_echo.ko" "$bdir/tools/bench/bench_baseline.ko" >"$bout/profile.txt"
	echo "profile: $bout/profile.txt"
fi
