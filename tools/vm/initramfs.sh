#!/bin/bash
# Build the test VM's busybox initramfs: tools/vm/init as /init, the given
# modules in /modules (loaded in the order given, listed in /modules/order) and
# extra files: --file SRC:DEST (e.g. --file my-test.sh:/tests/net.sh; the init
# runs /tests/*.sh in test mode).
# usage: initramfs.sh [--file SRC:DEST]... OUT.cpio.gz [MODULE.ko]...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: $0 [--file SRC:DEST]... OUT.cpio.gz [MODULE.ko]..." >&2; exit 2; }

files=()
while [ $# -gt 0 ]; do
	case $1 in
	--file) [ $# -ge 2 ] || usage; files+=("$2"); shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
out=$(realpath -m "$1")
shift

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d"/{bin,dev,proc,sys,tmp,modules}
cp /bin/busybox "$d/bin/busybox" # busybox-static
mknod -m 600 "$d/dev/console" c 5 1 # needed before /init mounts devtmpfs
install -m 755 "$here/init" "$d/init"
: >"$d/modules/order"
for m; do
	b=$(basename "$m")
	[ ! -e "$d/modules/$b" ] || { echo "$0: duplicate module name $b" >&2; exit 1; }
	cp "$m" "$d/modules/$b"
	echo "$b" >>"$d/modules/order"
done
for f in "${files[@]}"; do
	install -D -m 755 "${f%%:*}" "$d/${f#*:}"
done
(cd "$d" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1 >"$out")
