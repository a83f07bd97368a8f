#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-user.sh OUTDIR: builds the user-space side of the benchmark --
# loadgen, echo_epoll, echo_uring, udp_echo_mmsg and udp_echo_uring -- as
# static binaries (they run in a busybox-only initramfs) into OUTDIR. The
# io_uring servers link liburing.a statically (Debian: liburing-dev). CC
# and EXTRA_CFLAGS may be set.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
out=$1
cc=${CC:-gcc}
read -r -a extra <<<"${EXTRA_CFLAGS:-}"
cflags=(-O2 -static -pthread -Wall -Wextra -Werror "${extra[@]}")

liburing=
for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	if [ -f "$d/liburing.a" ]; then
		liburing=$d/liburing.a
		break
	fi
done
if [ -z "$liburing" ] || [ ! -f /usr/include/liburing.h ]; then
	echo "build-user.sh: liburing.a or liburing.h missing (apt-get install liburing-dev)" >&2
	exit 1
fi

mkdir -p "$out"
"$cc" "${cflags[@]}" -o "$out/loadgen" "$here/loadgen.c"
"$cc" "${cflags[@]}" -o "$out/echo_epoll" "$here/echo_epoll.c"
"$cc" "${cflags[@]}" -o "$out/echo_uring" "$here/echo_uring.c" "$liburing"
"$cc" "${cflags[@]}" -o "$out/udp_echo_mmsg" "$here/udp_echo_mmsg.c"
"$cc" "${cflags[@]}" -o "$out/udp_echo_uring" "$here/udp_echo_uring.c" "$liburing"
echo "build-user.sh: built $out/loadgen $out/echo_epoll $out/echo_uring $out/udp_echo_mmsg $out/udp_echo_uring"
