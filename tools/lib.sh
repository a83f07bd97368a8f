# shellcheck shell=bash
# Helpers shared by tools/setup.sh, tools/test.sh and tools/run.sh (sourced, not run).

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${WSK_CACHE:-/var/cache/wsk}
# shellcheck disable=SC2034 # used by the scripts that source this
out=${WSK_OUT:-$repo/out}
export CCACHE_DIR=$cache/ccache
export PYTHONDONTWRITEBYTECODE=1

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Debian version of linux-source-6.12, e.g. 6.12.117-1~deb12u1
srcver() { dpkg-query -W -f='${Version}' linux-source-6.12; }

# The headers flavour built from that source, e.g. 6.12.117+deb12-amd64
kver612() { srcver | sed -E 's/^([0-9.]+)-[^~]*~deb([0-9]+).*/\1+deb\2-amd64/'; }

headers612() { echo "/usr/src/linux-headers-$(kver612)"; }
headers61() { printf '%s\n' /usr/src/linux-headers-6.1.0-*-amd64 | sort -V | tail -n 1; }

# Print the extracted linux-source tree (checkpatch, kunit.py), extracting it once.
# Same layout and marker as tools/vm/kernel.sh, under the same lock.
kernel_src() {
	local src
	src=$cache/linux-source-$(srcver)
	if [ ! -f "$src/.wsk-extracted" ]; then
		mkdir -p "$cache"
		(
			flock 9
			if [ ! -f "$src/.wsk-extracted" ]; then
				rm -rf "$src" "$src.tmp"
				mkdir -p "$src.tmp"
				tar -C "$src.tmp" --strip-components=1 -xf /usr/src/linux-source-6.12.tar.xz
				touch "$src.tmp/.wsk-extracted"
				mv "$src.tmp" "$src"
			fi
		) 9>"$cache/kernel.lock"
	fi
	echo "$src"
}

# copy_tree NAME: fresh copy of the working tree (minus .git, out/ and ignored
# files) in the scratch dir $cache/build/NAME; builds never touch the working tree.
copy_tree() {
	local dir=$cache/build/$1
	rm -rf "$dir"
	mkdir -p "$dir"
	rsync -a --exclude=/.git --exclude=/out --filter=':- .gitignore' "$repo/" "$dir/"
}

# build_tree NAME LOG MAKE-ARGS...: make in a fresh copy_tree NAME, output to LOG.
# Always from scratch, so every warning is printed again (ccache replays them).
build_tree() {
	local name=$1 log=$2
	shift 2
	copy_tree "$name"
	mkdir -p "$(dirname "$log")"
	make -C "$cache/build/$name" "$@" >"$log" 2>&1
}

# What a kernel log must never contain (tools/test.sh, tools/run.sh, tools/bench/bench.sh).
# shellcheck disable=SC2034 # used by the scripts that source this
splat_regex='BUG:|WARNING:|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|soft lockup|hung_task|unreferenced object|Kernel panic|Oops|general protection fault|sleeping function called from invalid context|scheduling while atomic|ODEBUG'

# Print warning lines (compiler, modpost, kbuild) of a build log; true if there are any.
build_warnings() { grep -iE -A3 '(^|[^a-z_])warning:' "$1"; }
