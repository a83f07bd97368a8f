#!/bin/busybox sh
# shellcheck shell=dash
# The benchmark's guest side: tools/vm/init runs it as /tests/bench.sh on the
# production kernel (tools/bench/bench.sh builds the initramfs and boots it).
#
# Loads wsk.ko, then for every round serves the same load generator runs
# with each echo server in turn (the order rotates each round so no server
# always goes first): wsk's echo sample, the hand-written kernel baseline,
# and the epoll and io_uring servers in user space; each serves TCP and, on
# the same port number, UDP (wsk_udp_echo, bench_udp_baseline, udp_echo_mmsg
# with recvmmsg/sendmmsg, udp_echo_uring). Finally it loads the in-kernel
# microbenchmark. Kernel command line words (defaults):
#   bench_rounds=5  bench_secs=3  bench_port=40100
#   bench_servers=wsk,baseline,epoll,uring   bench_micro=1
#   bench_only=accept-1,rr-64,urr-16-64,...   (scenarios, MODE-CONNS for
#                            TCP, MODE-SOCKETS-SIZE for UDP; default all)
#   bench_baseline_highpri=1 (0: the baseline on normal-priority workers)
#   bench_wsk_highpri=1      (0: wsk.ko highpri=0)
#   bench_udp_baseline_softirq=0 (1: the UDP baseline echoes in the softirq)
#   bench_perf=0             (1: profile each run, see below)
#   bench_clock=icount       (what the guest's clocks count, for the report)
#   bench_wsk_buffer=32768   (wsk_echo's buffer_size: two receives of it per
#                            connection hold what the baseline's one buffer does)
#   bench_wsk_events=1       (wsk_echo receive_events=1, echoing receive
#                            indications from the stack's buffers; 0: the
#                            two posted WskReceives)
# Output, one line each on the console:
#   bench: round=R server=S rc=RC RESULT mode=... (the load generator's line)
#   bench: warmup server=S rc=RC RESULT ...         (round 0: 1 s, not counted)
#   bench: error ...
# and the microbenchmark's own "wsk_microbench: RESULT ..." kernel lines.
# With bench_perf=1 each run is recorded by perf on all CPUs, and its report
# follows as "perf: round=R server=S mode=M conns=C SAMPLES% SAMPLES DSO [k|.] SYMBOL".
B=/bench
cmdline=" $(cat /proc/cmdline) "

value() {
	local w
	for w in $cmdline; do
		case $w in "$1="*) echo "${w#*=}" && return ;; esac
	done
	echo "$2"
}

say() { echo "bench: $*"; }

rounds=$(value bench_rounds 5)
secs=$(value bench_secs 3)
port=$(value bench_port 40100)
servers=$(value bench_servers wsk,baseline,epoll,uring | tr , ' ')
only=$(value bench_only "")
micro=$(value bench_micro 1)
perf=$(value bench_perf 0)
clock=$(value bench_clock wall)
wsk_buffer=$(value bench_wsk_buffer 32768)
wsk_events=$(value bench_wsk_events 1)
base_highpri=$(value bench_baseline_highpri 1)
wsk_highpri=$(value bench_wsk_highpri 1)
udp_softirq=$(value bench_udp_baseline_softirq 0)
# MODE:CONNECTIONS:MESSAGE-SIZE
scenarios="accept:1:1 accept:64:1 rr:1:64 rr:64:64 stream:1:65536 stream:8:65536
	urr:16:64 urr:16:1400 uflood:4:1400"

# Connectors recycle ports fast: let TIME_WAIT ports be reused. Ephemeral ports
# stay below the servers' (40100) and the microbenchmark's (40200 to 40203).
echo 1 >/proc/sys/net/ipv4/tcp_tw_reuse
echo "1024 39999" >/proc/sys/net/ipv4/ip_local_port_range
echo 4096 >/proc/sys/net/core/somaxconn
echo 4096 >/proc/sys/net/ipv4/tcp_max_syn_backlog
ulimit -n 65536

# wait_for FILE TEXT: wait (at most 20 s) until FILE (or the kernel log,
# FILE=-) has one more line with TEXT than it had when $before was taken
count() {
	if [ "$1" = - ]; then dmesg | grep -c -F "$2"; else grep -c -F "$2" "$1"; fi
}
wait_for() {
	local i=0
	while [ $i -lt 100 ]; do
		[ "$(count "$1" "$2")" -gt "$before" ] && return 0
		sleep 0.2
		i=$((i + 1))
	done
	say "error: $2 did not appear"
	return 1
}

pid="" upid=""
# insmod_wait MODULE ARGS...: load it, wait for its "listening" line
insmod_wait() {
	local m=$1
	shift
	before=$(count - "$m: listening")
	insmod "$B/$m.ko" "$@" && wait_for - "$m: listening"
}
# run_wait PROGRAM: start it serving on $port, output in /tmp/PROGRAM.out,
# wait for its "listening" line; its pid in $started
run_wait() {
	: >"/tmp/$1.out"
	before=0
	"$B/$1" -p "$port" >"/tmp/$1.out" 2>&1 &
	started=$!
	wait_for "/tmp/$1.out" "listening"
}
start_server() {
	case $1 in
	wsk)
		insmod_wait wsk_echo port="$port" log_connections=0 buffer_size="$wsk_buffer" \
			receive_events="$wsk_events" &&
			insmod_wait wsk_udp_echo port="$port" ;;
	baseline)
		insmod_wait bench_baseline port="$port" highpri="$base_highpri" &&
			insmod_wait bench_udp_baseline port="$port" softirq="$udp_softirq" ;;
	epoll | uring)
		run_wait echo_"$1" && pid=$started || return 1
		if [ "$1" = epoll ]; then run_wait udp_echo_mmsg; else run_wait udp_echo_uring; fi
		upid=$started ;;
	*)
		say "error: unknown server $1"
		return 1 ;;
	esac
}

stop_server() {
	case $1 in
	wsk) rmmod wsk_udp_echo; rmmod wsk_echo ;;
	baseline) rmmod bench_udp_baseline; rmmod bench_baseline ;;
	*)
		[ -n "$upid" ] && kill "$upid" && wait "$upid"
		[ -n "$pid" ] && kill "$pid" && wait "$pid"
		pid="" upid="" ;;
	esac
}

selected() {
	[ -z "$only" ] && return 0
	case ",$only," in *",$1,"*) return 0 ;; esac
	return 1
}

if ! insmod $B/wsk.ko highpri="$wsk_highpri"; then
	say "error: insmod wsk.ko failed"
	exit 1
fi
say "config rounds=$rounds secs=$secs servers=$(echo $servers | tr ' ' ,)" \
	"wsk_buffer=$wsk_buffer wsk_highpri=$wsk_highpri baseline_highpri=$base_highpri" \
	"udp_baseline_softirq=$udp_softirq" \
	"clock=$clock"
# one_round R SECS: every server in turn (the order rotates with R: round R
# starts with server number (R - 1) mod n) serves every scenario for SECS
# seconds; round 0 is the warmup, whose lines say "warmup" and are not counted
nservers=$(echo $servers | wc -w)
one_round() {
	local r=$1 secs=$2 tag="round=$1" order s sc mode rest conns size key rec res rc
	[ "$r" = 0 ] && tag=warmup
	order=$(echo $servers $servers | tr ' ' '\n' |
		sed -n "$(((r + nservers - 1) % nservers + 1)),$(((r + nservers - 1) % nservers + nservers))p")
	for s in $order; do
		if ! start_server "$s"; then
			say "error: $tag server=$s did not start"
			stop_server "$s" 2>/dev/null
			continue
		fi
		for sc in $scenarios; do
			mode=${sc%%:*} rest=${sc#*:}
			conns=${rest%%:*} size=${rest#*:}
			key=$mode-$conns
			case $mode in u*) key=$key-$size ;; esac
			selected "$key" || continue
			rec=""
			[ "$perf" = 1 ] && [ "$r" != 0 ] &&
				rec="/usr/bin/perf record -q -e cpu-clock -F 1999 -a -o /tmp/perf.data --"
			# -a: load generator thread i on CPU i, the same placement every run
			res=$($rec $B/loadgen -a -h 127.0.0.1 -p "$port" -m "$mode" -c "$conns" \
				-s "$size" -d "$secs" 2>/tmp/loadgen.err)
			rc=$?
			say "$tag server=$s rc=$rc $res"
			[ -n "$rec" ] && /usr/bin/perf report -q -i /tmp/perf.data -n --sort dso,sym --stdio 2>/dev/null |
				head -n 1000 | sed "s/^/perf: $tag server=$s mode=$mode conns=$conns /"
			[ $rc = 0 ] || sed 's/^/bench: loadgen: /' /tmp/loadgen.err | head -n 5
		done
		stop_server "$s" || say "error: $tag server=$s did not stop"
		sleep 1 # let the closed connections' timers settle
	done
}

# the first runs after boot are slower (the kernel's first kworkers, slabs
# and TCG's translations are made then): a short warmup round, not counted
one_round 0 1
r=1
while [ $r -le "$rounds" ]; do
	one_round $r "$secs"
	r=$((r + 1))
done

if [ "$micro" = 1 ]; then
	insmod $B/wsk_microbench.ko || say "error: insmod wsk_microbench.ko failed"
	rmmod wsk_microbench 2>/dev/null
fi
rmmod wsk || say "error: rmmod wsk failed"
say "end"
