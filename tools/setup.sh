#!/bin/bash
# Install every Debian package the builds, the checks and the test VM need;
# with --bench also what tools/bench/bench.sh needs (liburing, matplotlib,
# the production cloud kernel's headers).
# Idempotent and fast when everything is present; prints one line.
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

pkgs=(make gcc libc6-dev perl git python3 flex bison bc libelf-dev libssl-dev
	ccache sparse rsync kmod cpio xz-utils busybox-static qemu-system-x86 dkms python3-sphinx
	linux-source-6.12 linux-headers-amd64)
bench=0
case ${1:-} in
--bench) bench=1; pkgs+=(liburing-dev python3-matplotlib) ;;
"") ;;
*) echo "usage: $0 [--bench]" >&2; exit 2 ;;
esac

# print the given packages that are not installed
missing() {
	local p
	for p; do
		dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null | grep -qx installed || echo "$p"
	done
}

installed=() updated=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
install() {
	[ $# -gt 0 ] || return 0
	if [ "$updated" = 0 ]; then
		apt-get update >>"$log" 2>&1 || { cat "$log" >&2; die "apt-get update failed"; }
		updated=1
	fi
	INITRD=No DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
		>>"$log" 2>&1 || { tail -n 30 "$log" >&2; die "apt-get install $* failed"; }
	installed+=("$@")
}

mapfile -t need < <(missing "${pkgs[@]}")
install "${need[@]}"
# the 6.12 headers must match linux-source-6.12, so they can only be named now
mapfile -t need < <(missing "linux-headers-$(kver612)")
install "${need[@]}"
if [ "$bench" = 1 ]; then
	mapfile -t need < <(missing "linux-headers-$(kver612 | sed 's/-amd64$/-cloud-amd64/')")
	install "${need[@]}"
	pkgs+=(cloud-headers)
fi

if [ ${#installed[@]} -gt 0 ]; then
	echo "setup: installed ${installed[*]}"
else
	echo "setup: all $((${#pkgs[@]} + 1)) packages already installed"
fi
