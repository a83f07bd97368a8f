#!/bin/bash
# Build (once) the debug test kernel from Debian's linux-source-6.12 and print its build directory.
# The build is cached under $WSK_CACHE keyed by the config fragment, this script and the source
# version, so only the first run pays for it; ccache makes a rebuild after a cache wipe cheap.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools/lib.sh
. "$here/../lib.sh"
key=$( (cat "$here/debug.config" "$0"; srcver) | sha256sum | cut -c1-12)
build=$cache/kernel-$key
log=$cache/kernel-$key.log

mkdir -p "$cache"
if [ -f "$build/.wsk-built" ]; then
	echo "$build"
	exit 0
fi
src=$(kernel_src)
exec 9>"$cache/kernel.lock"
flock 9
if [ -f "$build/.wsk-built" ]; then
	echo "$build"
	exit 0
fi
export CCACHE_BASEDIR=$cache
{
	rm -rf "$build"
	make -C "$src" O="$build" tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" "$here/debug.config"
	make -C "$src" O="$build" olddefconfig
	bad=0
	while read -r l; do
		case "$l" in
		"# CONFIG_"*)
			s=${l#\# }; s=${s%% *}
			if grep -q "^$s=" "$build/.config"; then echo "config: wanted off: $s"; bad=1; fi ;;
		CONFIG_*)
			if ! grep -qx "$l" "$build/.config"; then echo "config: missing: $l"; bad=1; fi ;;
		esac
	done < "$here/debug.config"
	[ $bad = 0 ]
	make -C "$src" O="$build" CC="ccache gcc" -j"$(nproc)" bzImage modules
} > "$log" 2>&1 || { tail -40 "$log" >&2; echo "kernel build failed, log: $log" >&2; exit 1; }
touch "$build/.wsk-built"
# keep only this build: older configurations are 300+ MB each
for old in "$cache"/kernel-*; do
	[ "$old" = "$build" ] || [ "$old" = "$log" ] || rm -rf "$old"
done
echo "$build"
