#!/bin/bash
# The wsk test command (.ci/run runs it). Steps:
#   a. tools/setup.sh (skip: WSK_SKIP_SETUP=1)
#   b. build against the Debian 6.1 and 6.12 headers, warnings fail,  } skipped
#      and with DKMS for both (dkms.conf; modinfo of the result)       }
#   c. sparse (C=2) against the 6.12 headers                          } with
#   d. checkpatch --strict on every .c/.h of the project, kernel-doc,  } --quick
#      the API rendered to HTML (tools/docs.sh)                        }
#   e. debug kernel (tools/vm/kernel.sh), modules built against it
#   f. QEMU guest: wsk.ko, kunit/*.ko, tools/sample/*.ko, tools/torture/*.ko
#      loaded in that order, the DNS check (tools/vm/dns-check.sh) and the
#      debugfs and tracepoint check (tools/vm/observe-check.sh), then
#      unloaded, then a kmemleak check
#   g. KUnit results (KTAP on the console, per module) with kunit.py parse
#   h. splat scan of the guest log   i. the guest init's checks
#   j. the torture's short run: each phase's SUCCESS or FAILURE is a check
#   k. tools/run.sh: the sample servers under real traffic from the host
# The last line is "N passed, N failed[, N skipped]": every KUnit case plus
# every check. Exit status 1 on any failure, splat or when no KUnit case ran.
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

quick=0
for a; do
	case $a in
	--quick) quick=1 ;;
	*) echo "usage: $0 [--quick]   (--quick: skip the header builds, sparse, checkpatch, docs)" >&2; exit 2 ;;
	esac
done

npass=0 nfail=0 nskip=0
t0=$SECONDS
pass() { npass=$((npass + 1)); echo "PASS: $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }
skip() { nskip=$((nskip + 1)); echo "SKIP: $*"; }
step() { printf '\n== %s  [%ds]\n' "$*" $((SECONDS - t0)); }
indent() { sed 's/^/    /'; }
finish() {
	printf '\ntotal time %ds\n' $((SECONDS - t0))
	if [ "$nskip" -gt 0 ]; then
		echo "$npass passed, $nfail failed, $nskip skipped"
	else
		echo "$npass passed, $nfail failed"
	fi
	[ "$nfail" = 0 ] || exit 1
	exit 0
}

# build_check NAME MAKE-ARGS...: build in scratch dir NAME, warnings fail
build_check() {
	local name=$1 log=$out/build-$1.log
	shift
	if ! build_tree "$name" "$log" "$@"; then
		tail -n 30 "$log" | indent
		fail "build $name: make failed (log $log)"
		return 1
	elif build_warnings "$log" | indent; then
		fail "build $name: warnings"
		return 1
	fi
	pass "build $name"
}

# dkms_check KVER: dkms add and build into scratch trees for KVER's headers
# (nothing is installed), then check what modinfo says of the modules
dkms_check() {
	local k=$1 d=$cache/build/dkms-$1 log=$out/dkms-$1.log v m info bad=""
	v=$(cat "$repo/VERSION")
	grep -qx "PACKAGE_VERSION=\"$v\"" "$repo/dkms.conf" || bad="dkms.conf is not version $v"
	rm -rf "$d" && mkdir -p "$d/src" "$d/tree"
	rsync -a --exclude=.git --exclude=out "$repo/" "$d/src/wsk-$v/"
	if ! { dkms add -m wsk -v "$v" --sourcetree "$d/src" --dkmstree "$d/tree" &&
		dkms build -m wsk -v "$v" -k "$k" --sourcetree "$d/src" --dkmstree "$d/tree"; } \
		>"$log" 2>&1; then
		tail -n 20 "$log" | indent
		fail "dkms build $k (log $log)"
		return
	fi
	m=$d/tree/wsk/$v/$k/x86_64/module
	info=$(modinfo "$m"/wsk.ko* 2>&1)
	grep -qx "version: *$v" <<<"$info" || bad="$bad; wsk.ko: no version $v"
	grep -q "^author: " <<<"$info" || bad="$bad; wsk.ko: no author"
	for p in verify highpri; do
		grep -qE "^parm: *$p:.{8,}" <<<"$info" || bad="$bad; wsk.ko: parameter $p undescribed"
	done
	info=$(modinfo "$m"/wsk_dns.ko* 2>&1)
	grep -qx "import_ns: *WSK" <<<"$info" || bad="$bad; wsk_dns.ko: does not import WSK"
	grep -qxE "depends: *(dns_resolver,wsk|wsk,dns_resolver)" <<<"$info" ||
		bad="$bad; wsk_dns.ko: does not depend on wsk and dns_resolver"
	if [ -n "$bad" ]; then
		fail "dkms $k: ${bad#; }"
	else
		pass "dkms build $k: wsk.ko and wsk_dns.ko $v, modinfo as expected"
	fi
}

mkdir -p "$out" "$cache"
exec 8>"$cache/test.lock"
flock -n 8 || { echo "waiting for another tools/test.sh run to finish"; flock 8; }

if [ "${WSK_SKIP_SETUP:-0}" != 1 ]; then
	step "a. setup"
	bash "$repo/tools/setup.sh"
fi

if [ "$quick" = 0 ]; then
	step "b. build against Debian headers"
	build_check 6.1 KDIR="$(headers61)" DEBIAN_KERNEL_USE_CCACHE=1 || true
	build_check 6.12 KDIR="$(headers612)" DEBIAN_KERNEL_USE_CCACHE=1 || true
	# modinfo has no field for what a module exports: Module.symvers says
	# each symbol's namespace
	for v in 6.1 6.12; do
		r=$(awk -F'\t' '$3 ~ /\/wsk\/wsk$/ { if ($5 == "WSK") n++; else if ($5 != "EXPORTED_FOR_KUNIT_TESTING") o++ }
			END { print n + 0, o + 0 }' "$cache/build/$v/Module.symvers" 2>/dev/null) || true
		want=$(cat "$repo"/wsk/*.c | grep -c '^EXPORT_SYMBOL_WSK(') || true
		if [ "$r" = "$want 0" ]; then
			pass "exports $v: all $want of wsk.ko's in namespace WSK"
		else
			fail "exports $v: ${r% *} in namespace WSK, ${r#* } outside, $want expected"
		fi
	done
	dkms_check "$(basename "$(headers61)" | sed 's/^linux-headers-//')"
	dkms_check "$(kver612)"

	step "c. sparse"
	log=$out/build-sparse.log
	if ! build_tree sparse "$log" KDIR="$(headers612)" DEBIAN_KERNEL_USE_CCACHE=1 C=2; then
		tail -n 30 "$log" | indent
		fail "sparse: make failed (log $log)"
	else
		# warnings and errors about the project's files (not the kernel's headers)
		found=$(awk -v d="$cache/build/sparse/" '/warning:|error:/ &&
			(index($0, d) == 1 || /^(wsk|include|kunit|tools)\//)' "$log")
		if [ -n "$found" ]; then
			indent <<<"$found"
			fail "sparse"
		else
			pass "sparse"
		fi
	fi

	step "d. checkpatch"
	checkpatch=$(kernel_src)/scripts/checkpatch.pl
	mapfile -t files < <(cd "$repo" && { git ls-files -co --exclude-standard '*.c' '*.h' 2>/dev/null ||
		find . -path ./out -prune -o -name '*.[ch]' -print | sed 's|^\./||'; } | sort)
	# run in a scratch copy: checkpatch --strict drops a .checkpatch-camelcase.* cache file in $PWD
	copy_tree checkpatch
	bad=0
	for f in "${files[@]}"; do
		[ -f "$cache/build/checkpatch/$f" ] || continue # deleted but still in the index
		r=$(cd "$cache/build/checkpatch" && perl "$checkpatch" --no-tree --strict --ignore CAMELCASE,NEW_TYPEDEFS \
			--show-types --color=never -f "$f" 2>&1) || true
		if ! grep -q '^total: 0 errors, 0 warnings, 0 checks' <<<"$r"; then
			grep -vE '^(NOTE|$)' <<<"$r" | indent
			bad=$((bad + 1))
		fi
	done
	if [ ${#files[@]} = 0 ]; then
		skip "checkpatch: no .c/.h files"
	elif [ "$bad" = 0 ]; then
		pass "checkpatch (${#files[@]} files)"
	else
		fail "checkpatch: $bad of ${#files[@]} files"
	fi

	# kernel-doc: every documented function's comment is complete, and every
	# function wsk exports has one (the variables excepted)
	kdoc=$(cd "$repo" && perl "$(kernel_src)/scripts/kernel-doc" -none -Wall wsk/*.c 2>&1) || true
	undoc=$(cd "$repo" && for f in wsk/*.c; do
		sed -nE 's/^EXPORT_SYMBOL_WSK\((\w+)\);/\1/p' "$f" | while read -r sym; do
			[ "$sym" = NPI_WSK_INTERFACE_ID ] || [ "$sym" = PsThreadType ] || grep -q "^ \* $sym() - " "$f" ||
				echo "$f: $sym has no kernel-doc"
		done
	done)
	if [ -n "$kdoc$undoc" ]; then
		printf '%s\n%s\n' "$kdoc" "$undoc" | grep . | indent
		fail "kernel-doc"
	else
		pass "kernel-doc"
	fi
	# the exported API rendered to HTML (tools/docs.sh), without a warning
	if r=$(WSK_SKIP_SETUP=1 bash "$repo/tools/docs.sh" 2>&1); then
		pass "docs: $(tail -n 1 <<<"$r" | sed 's/^docs: //')"
	else
		indent <<<"$r"
		fail "docs: tools/docs.sh"
	fi
fi

step "e. debug kernel and modules"
echo "tools/vm/kernel.sh (cold: ~15 min, log in $cache/kernel-*.log)"
if ! kdir=$(bash "$repo/tools/vm/kernel.sh"); then
	fail "debug kernel build"
	finish
fi
echo "kernel: $kdir"
build_check vm KDIR="$kdir" CC="ccache gcc" || finish
bdir=$cache/build/vm

step "f. boot the test VM"
[ -f "$bdir/wsk/wsk.ko" ] || { fail "wsk/wsk.ko was not built"; finish; }
mods=("$bdir/wsk/wsk.ko")
mapfile -t kunit_mods < <(find "$bdir/kunit" -maxdepth 1 -name '*.ko' 2>/dev/null | sort)
mapfile -t sample_mods < <(find "$bdir/tools/sample" -maxdepth 1 -name '*.ko' 2>/dev/null | sort)
mapfile -t torture_mods < <(find "$bdir/tools/torture" -maxdepth 1 -name '*.ko' 2>/dev/null | sort)
mods+=("${kunit_mods[@]}" "${sample_mods[@]}" "${torture_mods[@]}")
# the torture's short run: 25 s without faults, 15 s task-filtered failslab
# at 5%, 15 s system-wide at 1% (tools/torture/run.sh runs it alone)
torture_args=(wsk_torture.seconds=25 wsk_torture.fault_phases=task:5,system:1
	wsk_torture.fault_seconds=15)
# the DNS check (tools/vm/dns-check.sh): wsk_dns.ko over the kernel's
# dns_resolver, whose upcall the guest's /sbin/request-key answers
# the debugfs and tracepoint check (tools/vm/observe-check.sh), while the
# samples serve
files=(--file "$repo/tools/vm/observe-check.sh:/tests/observe.sh")
if [ -f "$bdir/wsk/wsk_dns.ko" ] && [ -f "$kdir/net/dns_resolver/dns_resolver.ko" ] &&
	gcc -O2 -static -Wall -Wextra -Werror -o "$out/request-key" "$repo/tools/vm/request-key.c"; then
	files+=(--file "$out/request-key:/sbin/request-key"
		--file "$repo/tools/vm/dns-check.sh:/tests/dns.sh"
		--file "$bdir/wsk/wsk_dns.ko:/lib/wsk/wsk_dns.ko"
		--file "$kdir/net/dns_resolver/dns_resolver.ko:/lib/wsk/dns_resolver.ko")
else
	fail "DNS check: wsk_dns.ko, dns_resolver.ko or request-key missing"
fi
initrd=$out/initramfs-test.cpio.gz
log=$out/guest-test.log
bash "$repo/tools/vm/initramfs.sh" "${files[@]}" "$initrd" "${mods[@]}"
echo "modules: ${mods[*]##*/}"
tb=$SECONDS
rc=0
# the KUnit suites (about 5 min of them under TCG) and the torture's 55 s
export WSK_VM_TIMEOUT=${WSK_VM_TIMEOUT:-1200}
bash "$repo/tools/vm/boot.sh" "$kdir/arch/x86/boot/bzImage" "$initrd" "$log" \
	mode=test wsk_verify kmemleak_check "${torture_args[@]}" || rc=$?
echo "guest log: $log (VM ran $((SECONDS - tb))s, exit status $rc)"
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

step "g. KUnit"
kunit=$(kernel_src)/tools/testing/kunit/kunit.py
# count STATUS SUMMARY: the number after "STATUS: " in kunit.py's summary, or 0
count() { sed -nE "s/.* $1: ([0-9]+).*/\\1/p" <<<"$2" | grep . || echo 0; }
ran=0
for m in "${kunit_mods[@]}"; do
	name=$(basename "$m" .ko | tr - _)
	# this module's KTAP: between the init's "insmod NAME begin" and its check line
	chunk=$out/ktap-$name.log
	awk -v b="init: insmod $name begin" -v e="init: check insmod $name " \
		'index($0, e) { on = 0 } on { print } index($0, b) { on = 1 }' "$log" >"$chunk"
	r=$(python3 "$kunit" parse "$chunk" 2>&1 | sed -E 's/^\[[0-9:]+\] //') || true
	sum=$(sed -nE 's/^Testing complete\. (Ran [0-9]+ tests.*)/\1/p' <<<"$r" | tail -n 1)
	p=$(count passed "$sum") s=$(count skipped "$sum")
	f=$(($(count failed "$sum") + $(count crashed "$sum") + $(count errors "$sum")))
	if [ -n "$sum" ]; then n=$(cut -d' ' -f2 <<<"$sum"); else n=0 f=$((f + 1)); fi
	echo "$name: ${sum:-kunit.py parse failed}"
	if [ "$f" -gt 0 ]; then
		indent <<<"$r"
	else
		grep -E '^=+ \[[A-Z]+\] ' <<<"$r" | indent || true
	fi
	npass=$((npass + p)) nfail=$((nfail + f)) nskip=$((nskip + s))
	ran=$((ran + n))
done
if [ "$ran" = 0 ]; then
	fail "KUnit: no test case ran (${#kunit_mods[@]} KUnit modules)"
else
	echo "KUnit: $ran cases"
fi

step "h. splat scan"
splats=$splat_regex
# blank out what tests bracket as expected (keeping line numbers); an unclosed bracket fails
unclosed=$(awk '/wsk-test: expect-splat-begin/ { open = NR }
	open { print ""; if (/wsk-test: expect-splat-end/) open = 0; next }
	{ print }
	END { if (open) print open > "/dev/stderr" }' "$log" 2>&1 >"$out/guest-test.scan")
nsplat=$(grep -cE "$splats" "$out/guest-test.scan") || true
[ "$nsplat" = 0 ] || grep -nE -B3 -A12 "$splats" "$out/guest-test.scan" | head -n 150 | indent
[ -z "$unclosed" ] || echo "    line $unclosed: wsk-test: expect-splat-begin without expect-splat-end"
if [ "$nsplat" = 0 ] && [ -z "$unclosed" ]; then
	pass "splat scan"
else
	fail "splat scan: $nsplat splat lines${unclosed:+, unclosed expect-splat-begin} (line numbers of $log)"
fi

step "i. guest checks"
expected=()
for m in "${mods[@]}"; do
	name=$(basename "$m" .ko | tr - _)
	expected+=("insmod $name" "rmmod $name")
done
expected+=(kmemleak)
declare -A seen=()
while read -r res name; do
	seen[$name]=1
	if [ "$res" = ok ]; then pass "guest: $name"; else fail "guest: $name"; fi
done < <(sed -nE 's/.*init: check (.+) (ok|fail)$/\2 \1/p' "$log")
for name in "${expected[@]}"; do
	[ -n "${seen[$name]:-}" ] || fail "guest: $name (no result)"
done
if [ "$rc" = 0 ] && grep -q 'init: done$' "$log"; then
	pass "guest: ran to the end"
else
	[ "$rc" = 124 ] && echo "QEMU timed out after ${WSK_VM_TIMEOUT}s"
	tail -n 20 "$log" | indent
	fail "guest: did not reach 'init: done' (QEMU exit status $rc)"
fi

step "j. torture"
if [ ${#torture_mods[@]} = 0 ]; then
	fail "torture: tools/torture/wsk_torture.ko was not built"
else
	grep -E 'wsk_torture: (FAIL: |phase |failslab|.* end: )' "$log" | sed 's/^\[[ 0-9.]*\] //' | indent || true
	nphase=0
	while read -r res name; do
		nphase=$((nphase + 1))
		if [ "$res" = SUCCESS ]; then pass "torture: $name"; else fail "torture: $name"; fi
	done < <(sed -nE 's/.*wsk_torture: phase ([^ ]+): (SUCCESS|FAILURE)$/\2 \1/p' "$log")
	[ "$nphase" -gt 0 ] || fail "torture: no phase result in $log"
	grep -qE 'wsk_torture: (SUCCESS|FAILURE)$' "$log" || fail "torture: did not finish"
fi

step "k. sample servers under real traffic"
# the README's main job: the host drives the sample servers through QEMU's
# forwards on 127.0.0.1, 100 echo connections and 8000 datagrams verified
# byte for byte
runlog=$out/run-traffic.log
if WSK_SKIP_SETUP=1 WSK_ECHO_CONNECTIONS=100 WSK_OUT="$out/run" \
	bash "$repo/tools/run.sh" >"$runlog" 2>&1; then
	grep -E '^run: ' "$runlog" | indent
	pass "traffic: wsk_listener, 100 wsk_echo connections and 8000 wsk_udp_echo datagrams, verified"
else
	tail -n 30 "$runlog" | indent
	fail "traffic: tools/run.sh failed (log $runlog)"
fi
# wsk_echo again, echoing receive indications from the stack's own buffers
runlog=$out/run-traffic-events.log
if WSK_SKIP_SETUP=1 WSK_ECHO_EVENTS=1 WSK_ECHO_CONNECTIONS=64 WSK_UDP_SOCKETS=1 \
	WSK_UDP_DATAGRAMS=100 WSK_OUT="$out/run-events" bash "$repo/tools/run.sh" >"$runlog" 2>&1; then
	grep -E '^run: [0-9]+ connections to' "$runlog" | indent
	pass "traffic: 64 wsk_echo connections on receive indications, verified"
else
	tail -n 30 "$runlog" | indent
	fail "traffic: tools/run.sh with WSK_ECHO_EVENTS=1 failed (log $runlog)"
fi

finish
