#!/bin/bash
# Print the path of Debian's prebuilt production kernel image for KVER
# (e.g. 6.12.117+deb12-cloud-amd64), downloading the unsigned package once
# into the cache ($WSK_CACHE/prod-KVER/); nothing is installed on the host.
# usage: kernel.sh KVER
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../lib.sh"
[ $# = 1 ] || { echo "usage: $0 KVER" >&2; exit 2; }
kver=$1
dir=$cache/prod-$kver
img=$dir/vmlinuz-$kver
if [ ! -f "$img" ]; then
	mkdir -p "$cache"
	(
		flock 9
		if [ ! -f "$img" ]; then
			tmp=$(mktemp -d)
			trap 'rm -rf "$tmp"' EXIT
			# _apt cannot write into a root-only mktemp dir: download as root
			(cd "$tmp" && apt-get download -o APT::Sandbox::User=root \
				"linux-image-$kver-unsigned" >"$tmp/apt.log" 2>&1) ||
				{ cat "$tmp/apt.log" >&2; die "apt-get download linux-image-$kver-unsigned failed"; }
			dpkg-deb -x "$tmp"/linux-image-*.deb "$tmp/x"
			mkdir -p "$dir"
			cp "$tmp/x/boot/vmlinuz-$kver" "$tmp/x/boot/config-$kver" "$dir/"
			rm -rf "$tmp"
		fi
	) 9>"$cache/kernel.lock"
fi
echo "$img"
