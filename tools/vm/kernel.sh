#!/bin/bash
# Build (once) the debug test kernel from Debian's linux-source-6.12 and print its build directory.
# The build is cached under $WSK_CACHE keyed by the config fragment, this script and the source
# version, so only the first run pays for it; ccache makes a rebuild after a cache wipe cheap.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${WSK_CACHE:-/var/cache/wsk}
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( (cat "$here/debug.config" "$0"; echo "$srcver") | sha256sum | cut -c1-12)
src=$cache/linux-source-$srcver
out=$cache/kernel-$key
log=$cache/kernel-$key.log

mkdir -p "$cache"
if [ -f "$out/.wsk-built" ]; then
	echo "$out"
	exit 0
fi
exec 9>"$cache/kernel.lock"
flock 9
if [ -f "$out/.wsk-built" ]; then
	echo "$out"
	exit 0
fi
if [ ! -f "$src/.wsk-extracted" ]; then
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf /usr/src/linux-source-6.12.tar.xz
	touch "$src.tmp/.wsk-extracted"
	mv "$src.tmp" "$src"
fi
export CCACHE_DIR=$cache/ccache CCACHE_BASEDIR=$cache
{
	rm -rf "$out"
	make -C "$src" O="$out" tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$here/debug.config"
	make -C "$src" O="$out" olddefconfig
	bad=0
	while read -r l; do
		case "$l" in
		"# CONFIG_"*)
			s=${l#\# }; s=${s%% *}
			if grep -q "^$s=" "$out/.config"; then echo "config: wanted off: $s"; bad=1; fi ;;
		CONFIG_*)
			if ! grep -qx "$l" "$out/.config"; then echo "config: missing: $l"; bad=1; fi ;;
		esac
	done < "$here/debug.config"
	[ $bad = 0 ]
	make -C "$src" O="$out" CC="ccache gcc" -j"$(nproc)" bzImage modules
} > "$log" 2>&1 || { tail -40 "$log" >&2; echo "kernel build failed, log: $log" >&2; exit 1; }
touch "$out/.wsk-built"
# keep only this build: older configurations are 300+ MB each
for old in "$cache"/kernel-*; do
	[ "$old" = "$out" ] || [ "$old" = "$log" ] || rm -rf "$old"
done
echo "$out"
