#!/bin/bash
# Build the debug kernel, wsk.ko and the sample clients, boot them in QEMU,
# drive the sample servers wsk_listener, wsk_echo and wsk_udp_echo from the
# host with real traffic, and print what the samples printed (their kernel log
# lines start with "wsk_hello:", "wsk_listener:", "wsk_echo:" and
# "wsk_udp_echo:") with a summary.
# usage: tools/run.sh [--shell | --serve]
#   --shell  interactive guest shell; connect from another terminal, exit the
#            shell to unload the modules and power off
#   --serve  the guest's console in this terminal, the samples serving until
#            Enter is pressed there; connect from another terminal, e.g.
#            python3 tools/echo-client.py --port 40009
# The guest's only network is QEMU's restricted user networking, forwarding
# TCP 127.0.0.1:PORT on the host to PORT in the guest for four ports:
# WSK_PORT_BASE (default 40007; wsk_listener, WskListen + WskAccept), the next
# one (wsk_listener, accept event), the one after (wsk_echo, dual stack; and
# wsk_udp_echo on that UDP port) and the fourth (tools/vm/udp-relay: that
# network drops the UDP a guest sends, so the host's datagrams travel framed
# on TCP to the relay, which sends them to wsk_udp_echo as real UDP over the
# guest's loopback, IPv4 and IPv6).
# WSK_RUN_CONNECTIONS (default 5) connections are made to each wsk_listener
# port; the run fails unless the guest accepted exactly those. At the same
# time WSK_ECHO_CONNECTIONS (default 32) concurrent connections to wsk_echo
# each send a random amount (at most WSK_ECHO_BYTES, default 262144) of random
# data in random chunks and check the echo byte for byte
# (tools/echo-client.py); the run fails on any error or difference, or unless
# wsk_echo served exactly those connections and echoed exactly what was sent.
# WSK_ECHO_EVENTS=1 loads wsk_echo with receive_events=1: it echoes what
# WskReceiveEvent indicates, from the stack's own buffers.
# Before the wsk_listener connections, WSK_UDP_SOCKETS (default 8) sockets
# send WSK_UDP_DATAGRAMS (default 1000) datagrams each to wsk_udp_echo through
# the relay, of random sizes up to 1472 bytes, and check every echo byte for
# byte (tools/udp-echo-client.py --relay, which sends again what UDP lost,
# each socket its own UDP socket in the guest); the run fails
# unless every datagram came back unchanged and wsk_udp_echo's count of what
# it echoed lies between what was verified and what was sent in all.
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

shell=() serve=0
case ${1:-} in
--shell) shell=(--interactive) ;;
--serve) shell=(--interactive) serve=1 ;;
"") ;;
*) echo "usage: $0 [--shell | --serve]" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "usage: $0 [--shell | --serve]" >&2; exit 2; }

sport=${WSK_PORT_BASE:-40007}
if ! [[ $sport =~ ^[1-9][0-9]{3,4}$ ]] || [ "$sport" -gt 65532 ]; then
	die "WSK_PORT_BASE=$sport: want a port from 1024 to 65532 (it and the next three are used)"
fi
eport=$((sport + 1))
xport=$((sport + 2))
rport=$((sport + 3))
conns=${WSK_RUN_CONNECTIONS:-5}
[[ $conns =~ ^[1-9][0-9]{0,2}$ ]] || die "WSK_RUN_CONNECTIONS=$conns: want 1 to 999"
econns=${WSK_ECHO_CONNECTIONS:-32}
[[ $econns =~ ^[1-9][0-9]{0,2}$ ]] || die "WSK_ECHO_CONNECTIONS=$econns: want 1 to 999"
ebytes=${WSK_ECHO_BYTES:-262144}
[[ $ebytes =~ ^(0|[1-9][0-9]{0,7})$ ]] || die "WSK_ECHO_BYTES=$ebytes: want 0 to 99999999"
usockets=${WSK_UDP_SOCKETS:-8}
[[ $usockets =~ ^[1-9][0-9]{0,2}$ ]] || die "WSK_UDP_SOCKETS=$usockets: want 1 to 999"
echo_events=${WSK_ECHO_EVENTS:-0}
[[ $echo_events =~ ^[01]$ ]] || die "WSK_ECHO_EVENTS=$echo_events: want 0 or 1"
udatagrams=${WSK_UDP_DATAGRAMS:-1000}
[[ $udatagrams =~ ^[1-9][0-9]{0,5}$ ]] || die "WSK_UDP_DATAGRAMS=$udatagrams: want 1 to 999999"

# port_busy PORT: print why 127.0.0.1:PORT cannot be forwarded, if it cannot
port_busy() {
	python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as QEMU's forwarder does
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError as e:
    print(e.strerror)
EOF
}

# connect_all N PORT...: from the host, N connections to each 127.0.0.1:PORT in
# turn; each waits (at most 10 s) for the guest to close it. Prints one line
# "PORT COUNT" per port, COUNT the connections made.
connect_all() {
	python3 - "$@" <<'EOF'
import socket, sys
n = int(sys.argv[1])
for port in map(int, sys.argv[2:]):
    made = 0
    for _ in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError as e:
            print(f"connecting to 127.0.0.1:{port}: {e}", file=sys.stderr)
            break
        made += 1
        try:
            s.recv(1)  # b"" once the guest has closed it
        except OSError:
            pass
        s.close()
    print(port, made, flush=True)
EOF
}

# check_ports: fail unless the four host ports can be forwarded
check_ports() {
	local p why
	for p in "$sport" "$eport" "$xport" "$rport"; do
		why=$(port_busy "$p")
		[ -z "$why" ] || die "host port $p is busy ($why): another program uses 127.0.0.1:$p" \
			"(see: ss -tanp 'sport = :$p'); pick four free ports with WSK_PORT_BASE=N" \
			"(N to N+3)"
	done
}

# klog TEXT: the guest's kernel log lines starting with TEXT, without their
# timestamps, each once (in --shell mode dmesg may have printed them again)
klog() {
	{ grep -aoE "\[ *[0-9]+\.[0-9]+\] $1.*" "$guest" || true; } | awk '!seen[$0]++' |
		sed -E 's/^\[[^]]*\] //'
}

[ "${WSK_SKIP_SETUP:-0}" = 1 ] || bash "$repo/tools/setup.sh"
check_ports # before the build, to fail fast (setup installs python3)
echo "building the debug kernel (cold: ~15 min, log in $cache/kernel-*.log)"
kdir=$(bash "$repo/tools/vm/kernel.sh")
mkdir -p "$out"
exec 8>"$cache/run.lock"
flock -n 8 || { echo "waiting for another tools/run.sh"; flock 8; }
log=$out/build-run.log
build_tree run "$log" KDIR="$kdir" CC="ccache gcc" || { tail -n 30 "$log"; die "build failed, log $log"; }
bdir=$cache/build/run
mapfile -t samples < <(find "$bdir/tools/sample" -maxdepth 1 -name '*.ko' | sort)
gcc -O2 -static -Wall -Wextra -Werror -o "$out/udp-relay" "$repo/tools/vm/udp-relay.c" >>"$log" 2>&1 ||
	{ tail -n 30 "$log"; die "udp-relay did not build, log $log"; }
initrd=$out/initramfs-run.cpio.gz
bash "$repo/tools/vm/initramfs.sh" --file "$out/udp-relay:/bin/udp-relay" "$initrd" \
	"$bdir/wsk/wsk.ko" "${samples[@]}"

check_ports # again: the build took a while
guest=$out/guest-run.log
rm -f "$guest"
fwd=(--hostfwd "$sport" --hostfwd "$eport" --hostfwd "$xport" --hostfwd "$rport")
# wsk_verify: a sample that misuses an IRP makes a splat, which fails the run
words=(mode=run wsk_verify "wsk_listener.stream_port=$sport" "wsk_listener.event_port=$eport"
	"wsk_echo.port=$xport" "wsk_echo.receive_events=$echo_events" "wsk_udp_echo.port=$xport"
	"udp_relay=$rport:$xport")
echo "booting: wsk.ko ${samples[*]##*/} (console log: $guest)"
rc=0 erc=0 urc=0
t0=$SECONDS
declare -A sent=()
ereport=$out/echo-client-run.log
ureport=$out/udp-echo-client-run.log
rm -f "$ereport" "$ureport"
if [ ${#shell[@]} != 0 ]; then
	if [ "$serve" = 1 ]; then words+=(serve); else words+=(shell); fi
	echo "forwarded: host 127.0.0.1:$sport -> guest port $sport (wsk_listener: WskListen + WskAccept)"
	echo "           host 127.0.0.1:$eport -> guest port $eport (wsk_listener: accept event)"
	echo "           host 127.0.0.1:$xport -> guest port $xport (wsk_echo: echo server)"
	echo "           host 127.0.0.1:$rport -> guest port $rport (udp-relay to wsk_udp_echo, UDP $xport)"
	echo "connect from another terminal once the guest says 'init: ready', e.g."
	echo "  python3 -c \"import socket; socket.create_connection(('127.0.0.1', $sport)).close()\""
	echo "  python3 $repo/tools/echo-client.py --port $xport --connections 10"
	echo "  nc 127.0.0.1 $xport   (whatever you type comes back)"
	echo "  python3 $repo/tools/udp-echo-client.py --relay --port $rport"
	[ "$serve" = 0 ] || echo "then press Enter in this terminal to unload the modules and power off"
	bash "$repo/tools/vm/boot.sh" "${fwd[@]}" "${shell[@]}" "$kdir/arch/x86/boot/bzImage" \
		"$initrd" "$guest" "${words[@]}" || rc=$?
else
	# The guest powers off once wsk_listener has accepted every connection and
	# wsk_echo has closed every one of its own, or after run_wait s; the echo
	# client gives each connection 120 s.
	words+=("run_accepts=$conns" "run_echo=$econns" run_wait=240)
	bash "$repo/tools/vm/boot.sh" "${fwd[@]}" "$kdir/arch/x86/boot/bzImage" \
		"$initrd" "$guest" "${words[@]}" &
	qpid=$!
	# slirp accepts host connections even before the guest listens: wait for the guest
	until grep -aq 'init: ready' "$guest" 2>/dev/null; do
		kill -0 "$qpid" 2>/dev/null || break
		sleep 0.2
	done
	echo "guest ready after $((SECONDS - t0))s"
	epid=""
	if ! grep -aq 'wsk_echo: listening' "$guest" 2>/dev/null; then
		echo "wsk_echo is not listening: no echo connections made"
	else
		echo "echo: $econns connections to 127.0.0.1:$xport, each sending up to $ebytes bytes"
		python3 "$repo/tools/echo-client.py" --port "$xport" --connections "$econns" \
			--max-bytes "$ebytes" --timeout 120 >"$ereport" 2>&1 &
		epid=$!
	fi
	# The UDP echo has no end the guest can see: it is done before the
	# wsk_listener connections, whose count ends the run.
	if ! grep -aq 'wsk_udp_echo: listening' "$guest" 2>/dev/null ||
		! grep -aq 'udp-relay: listening' "$guest" 2>/dev/null; then
		echo "wsk_udp_echo or udp-relay is not listening: no datagrams sent"
	else
		echo "udp echo: $usockets sockets through the relay at 127.0.0.1:$rport to UDP port" \
			"$xport, $udatagrams datagrams each"
		python3 "$repo/tools/udp-echo-client.py" --relay --port "$rport" --sockets "$usockets" \
			--datagrams "$udatagrams" --timeout 300 >"$ureport" 2>&1 || urc=$?
	fi
	if ! grep -aq 'wsk_listener: listening' "$guest" 2>/dev/null; then
		echo "wsk_listener is not listening: no connections made"
	else
		echo "listener: $conns connections to 127.0.0.1:$sport and to :$eport"
		while read -r p n; do sent[$p]=$n; done < <(connect_all "$conns" "$sport" "$eport")
	fi
	[ -z "$epid" ] || wait "$epid" || erc=$?
	wait "$qpid" || rc=$?
fi
echo "VM ran $((SECONDS - t0))s"
if grep -aq 'Could not set up host forwarding' "$guest" 2>/dev/null; then
	grep -a 'host forwarding' "$guest"
	die "QEMU could not forward 127.0.0.1:$sport, :$eport and :$xport (busy?);" \
		"pick three free ports with WSK_PORT_BASE=N"
fi
tr -d '\r' <"$guest" >"$guest.tmp" && mv "$guest.tmp" "$guest"

echo "---- wsk_hello output"
klog 'wsk_hello:' | grep . || echo "(none)"
echo "---- wsk_listener output"
klog 'wsk_listener:' | grep . || echo "(none)"
echo "---- wsk_echo output (without its accepted and closed lines)"
klog 'wsk_echo:' | grep -vE '^wsk_echo: (accepted|closed) ' || echo "(none)"
eaccepted=$(klog 'wsk_echo: accepted ' | wc -l)
eclosed=$(klog 'wsk_echo: closed ' | wc -l)
echo "($eaccepted accepted and $eclosed closed lines, one of each per connection, in $guest)"
if [ -s "$ereport" ]; then
	echo "---- host echo client"
	cat "$ereport"
fi
echo "---- wsk_udp_echo output"
klog 'wsk_udp_echo:' | grep . || echo "(none)"
if [ -s "$ureport" ]; then
	echo "---- host UDP echo client"
	cat "$ureport"
fi
echo "----"
splats=$splat_regex
if grep -aqE "$splats" "$guest"; then
	grep -anE -A12 "$splats" "$guest" | head -n 60
	die "the guest kernel reported a problem, see $guest"
fi
grep -q 'init: done' "$guest" || die "guest did not finish (QEMU exit status $rc), see $guest"

accepted_s=$(klog 'wsk_listener: stream accepted' | wc -l)
accepted_e=$(klog 'wsk_listener: event accepted' | wc -l)
echo "run: $accepted_s connections to $sport and $accepted_e to $eport accepted"
estopped=$(klog 'wsk_echo: stopped' | sed -nE 's/^wsk_echo: stopped, ([0-9]+) connections, ([0-9]+) bytes echoed$/\1 \2/p')
read -r eserved eechoed <<<"${estopped:-? ?}"
[ ${#shell[@]} = 0 ] || { echo "run: wsk_echo served $eserved connections, echoed $eechoed bytes"; exit 0; }
stopped=$(klog 'wsk_listener: stopped' | sed -nE 's/^wsk_listener: stopped, ([0-9]+) connections.*/\1/p')
[ -n "$stopped" ] || die "wsk_listener did not print its stopped line"
if [ "$stopped" != $((accepted_s + accepted_e)) ]; then
	die "wsk_listener counted $stopped connections, its log shows $((accepted_s + accepted_e))"
fi
if [ "${sent[$sport]:-0}" != "$conns" ] || [ "${sent[$eport]:-0}" != "$conns" ]; then
	die "the host made ${sent[$sport]:-0} of $conns connections to $sport and ${sent[$eport]:-0} to $eport"
fi
if [ "$accepted_s" != "$conns" ] || [ "$accepted_e" != "$conns" ]; then
	die "the host made $conns connections to each port, the guest accepted $accepted_s and $accepted_e"
fi

# wsk_echo: the host's report, then what the guest counted
[ -s "$ereport" ] || die "no echo connections were made"
ecounts=$(sed -nE 's/^echo: .* ([0-9]+) bytes sent, ([0-9]+) bytes echoed and verified.*/\1 \2/p' "$ereport")
read -r esent everified <<<"${ecounts:-? ?}"
if [ "$erc" != 0 ] || [ "$esent" = "?" ]; then
	die "the echo client failed (exit status $erc), see above and $ereport"
fi
[ "$eserved" != "?" ] || die "wsk_echo did not print its stopped line"
if grep -aE '^wsk_echo: .*(failed|refused|no longer works)' < <(klog 'wsk_echo:'); then
	die "wsk_echo reported errors (above)"
fi
if [ "$eserved" != "$econns" ] || [ "$eaccepted" != "$econns" ] || [ "$eclosed" != "$econns" ]; then
	die "the host made $econns echo connections; wsk_echo counted $eserved, logged $eaccepted" \
		"accepted and $eclosed closed"
fi
[ "$eechoed" = "$esent" ] || die "the host sent $esent bytes, wsk_echo echoed $eechoed"
echo "run: $econns connections to $xport: $esent bytes sent, $everified echoed and verified byte for byte"

# wsk_udp_echo: every datagram verified by the host; the guest echoed at least
# those (echoes may be lost on the way back) and at most what was sent in all
[ -s "$ureport" ] || die "no datagrams were sent to wsk_udp_echo"
ucounts=$(sed -nE 's/^udp echo: .* ([0-9]+) datagrams \(([0-9]+) bytes\) echoed and verified of ([0-9]+), ([0-9]+) sent in all \(([0-9]+) bytes.*/\1 \2 \3 \4 \5/p' "$ureport")
read -r uverified uvbytes utotal usent usbytes <<<"${ucounts:-? ? ? ? ?}"
if [ "$urc" != 0 ] || [ "$uverified" = "?" ]; then
	die "the UDP echo client failed (exit status $urc), see above and $ureport"
fi
ustopped=$(klog 'wsk_udp_echo: stopped' |
	sed -nE 's/^wsk_udp_echo: stopped, ([0-9]+) datagrams and ([0-9]+) bytes echoed, ([0-9]+) dropped, ([0-9]+) sends failed$/\1 \2 \3 \4/p')
read -r uechoed uebytes udropped ufailed <<<"${ustopped:-? ? ? ?}"
[ "$uechoed" != "?" ] || die "wsk_udp_echo did not print its stopped line"
[ "$ufailed" = 0 ] || die "wsk_udp_echo: $ufailed sends failed"
if [ "$uechoed" -lt "$uverified" ] || [ "$uechoed" -gt "$usent" ] ||
	[ "$uebytes" -lt "$uvbytes" ] || [ "$uebytes" -gt "$usbytes" ]; then
	die "the host verified $uverified datagrams ($uvbytes bytes) and sent $usent ($usbytes bytes);" \
		"wsk_udp_echo echoed $uechoed ($uebytes bytes)"
fi
echo "run: $utotal datagrams to $xport (UDP): $uverified echoed and verified byte for byte;" \
	"wsk_udp_echo echoed $uechoed of the $usent sent, dropped $udropped"
