#!/bin/sh
# shellcheck shell=dash
# Guest check (tools/test.sh puts it in /tests): WskGetAddressInfo of a DNS
# name through wsk_dns.ko, the kernel's dns_query() and its upcall to
# /sbin/request-key (tools/vm/request-key.c answers from a table). The
# sample wsk_resolve.ko, loaded already without a name, is loaded again with
# one for each query, and left loaded without one as the init expects.
set -u
lib=/lib/wsk
fail=0
log() { echo "dns-check: $*" >/dev/kmsg; }

# resolve NAME EXPECTED...: the outcome line, then each expected answer line
resolve() {
	name=$1
	shift
	rmmod wsk_resolve || { log "rmmod wsk_resolve failed"; fail=1; return; }
	insmod /modules/wsk_resolve.ko name="$name" service=7788 || { fail=1; return; }
	for want; do
		if dmesg | grep -qF "wsk_resolve: $name: $want"; then
			log "$name: $want ok"
		else
			log "$name: $want MISSING"
			fail=1
		fi
	done
}

if ! insmod $lib/dns_resolver.ko || ! insmod $lib/wsk_dns.ko; then
	log "cannot load wsk_dns"
	exit 1
fi
# IPv6 first, as on Windows; the port from the service; then a name DNS does not know
resolve wsk-dns.test "[2001:db8::10]:7788" "192.0.2.10:7788" "127.0.0.1:7788" \
	"status 0x00000000, 3 answers"
resolve nosuch.test "status 0xc0000272, 0 answers"
rmmod wsk_resolve || fail=1
insmod /modules/wsk_resolve.ko || fail=1
rmmod wsk_dns || fail=1
rmmod dns_resolver || fail=1
exit $fail
