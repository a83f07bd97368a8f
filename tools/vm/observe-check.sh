#!/bin/sh
# shellcheck shell=dash
# Guest check (tools/test.sh puts it in /tests): wsk's debugfs files and
# tracepoints while the samples serve. With every wsk tracepoint enabled, one
# connection to wsk_echo ([::1]:40009) stays open while the check reads
# /sys/kernel/debug/wsk/, then one to wsk_listener's WskAccept port
# (127.0.0.1:40007); then the trace must show what happened. Each finding
# is a "observe-check:" line in the kernel log.
set -u
d=/sys/kernel/debug/wsk
t=/sys/kernel/tracing
fail=0
log() { echo "observe-check: $*" >/dev/kmsg; }

# has FILE WHAT PATTERN: a line of FILE matches the extended regex PATTERN
has() {
	if grep -qE "$3" "$1"; then
		log "$2 ok"
	else
		log "$2 MISSING (/${3}/ in ${1##*/})"
		fail=1
	fi
}

# %p hashes pointers once the random pool is ready; reading /dev/random
# makes the kernel gather jitter entropy until it is (before, they read
# "(____ptrval____)" and an IRP cannot be followed through the trace)
timeout 120 head -c 1 /dev/random >/dev/null || log "random pool not ready"
[ -d $t/events ] || mount -t tracefs tracefs $t || { log "no tracefs"; exit 1; }
[ -d $t/events/wsk ] || { log "no events/wsk in tracefs"; exit 1; }
echo 0 >$t/tracing_on
echo >$t/trace
echo 1 >$t/events/wsk/enable
echo 1 >$t/tracing_on

# a connection that stays open 3 s, echoing one line
(echo wsk-observe; sleep 3) | nc ::1 40009 >/tmp/echo.out &
sleep 1.5
for f in clients sockets irps counters verifier; do
	cat $d/$f >/tmp/$f || { log "cannot read $d/$f"; fail=1; }
	while IFS= read -r l; do log "$f: $l"; done </tmp/$f
done
wait
if grep -qx wsk-observe /tmp/echo.out; then
	log "echo ok"
else
	log "echo MISSING"
	fail=1
fi
nc 127.0.0.1 40007 </dev/null >/dev/null
sleep 1
echo 0 >$t/tracing_on
echo 0 >$t/events/wsk/enable
cat $t/trace >/tmp/trace

has /tmp/clients "client wsk_echo" '^client [0-9]+ dispatch [^ ]+ \[wsk_echo\] version 1\.0 captures 1 sockets [1-9]'
has /tmp/sockets "listening socket" \
	'^socket [0-9]+ client [0-9]+ listen listening family 10 local \[::\]:40009 remote \[::\]:0 netns [0-9]+ '
has /tmp/sockets "connected socket" \
	'^socket [0-9]+ client [0-9]+ connection connected family 10 local \[::1\]:40009 remote \[::1\]:[0-9]+ '
has /tmp/sockets "its receives" ' connected .* receives [12]( |$)'
has /tmp/irps "pending receive" '^irp [^ ]+ q [0-9]+ receives receive_op \[wsk\] age_ms [0-9]+'
has /tmp/irps "pending WskAccept" '^irp [^ ]+ q [0-9]+ accepts accept_op \[wsk\] age_ms [0-9]+'
has /tmp/counters "IRP counts" '^irps: [1-9][0-9]* taken, [1-9][0-9]* completed, [0-9]+ pending'
has /tmp/counters "receive calls" '^  receive_op \[wsk\] +[1-9]'
has /tmp/counters "successes" '^  0x00000000 [1-9]'
has /tmp/verifier "checking mode" '^checking mode: on$'
has /tmp/verifier "verifier counts" '^IRP completed twice: [0-9]+$'
# the KUnit suites made mistakes on purpose, when they ran before
if grep -qE '^IRP .*: [1-9]' /tmp/verifier; then
	has /tmp/verifier "verifier reports" '^report [0-9]+: IRP [^ ]+ .* at [0-9]+\.[0-9]{6} s$'
	has /tmp/verifier "their histories" '^  irp [^ ]+: (submit|pending|complete) +state'
fi

has /tmp/trace "socket created" ' wsk_socket_create: q=[0-9]+ client=[0-9]+ kind=connection family=10 netns=[0-9]+'
has /tmp/trace "accepted by event" ' wsk_accept: listener=[0-9]+ q=[0-9]+ by=WskAcceptEvent'
has /tmp/trace "accepted by WskAccept" ' wsk_accept: listener=[0-9]+ q=[0-9]+ by=WskAccept$'
has /tmp/trace "accept event called" ' wsk_event: q=[0-9]+ event=WskAcceptEvent result=0x00000000'
has /tmp/trace "receive submitted" ' wsk_irp_submit: irp=[^ ]+ q=[0-9]+ op=receive_op'
has /tmp/trace "echo received" ' wsk_irp_complete: irp=[^ ]+ status=0x00000000 information=12 latency_ns=[1-9][0-9]*'
has /tmp/trace "send submitted" ' wsk_irp_submit: irp=[^ ]+ q=[0-9]+ op=send_op'
has /tmp/trace "close submitted" ' wsk_irp_submit: irp=[^ ]+ q=[0-9]+ op=socket_close_op'
has /tmp/trace "socket released" ' wsk_socket_close: q=[0-9]+ pending=0xc0000120 abortive=[01]'
# the echo's first send, followed from its submission to its completion
irp=$(sed -nE 's/.* wsk_irp_submit: irp=([0-9a-f]+) q=[0-9]+ op=send_op.*/\1/p' /tmp/trace | head -n 1)
if [ -n "$irp" ] && sed -n "/ wsk_irp_submit: irp=$irp .*op=send_op/,\$p" /tmp/trace |
	grep -qE " wsk_irp_complete: irp=$irp status=0x00000000 information=12 "; then
	log "send followed by its irp ok"
else
	log "send followed by its irp MISSING (irp '$irp')"
	fail=1
fi
log "$(grep -c ' wsk_' /tmp/trace) trace lines, the first ones:"
grep ' wsk_' /tmp/trace | head -n 12 | while IFS= read -r l; do log "trace: $l"; done
exit $fail
