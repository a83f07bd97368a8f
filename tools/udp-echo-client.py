#!/usr/bin/env python3
"""Drive the wsk_udp_echo sample server (tools/sample/wsk_udp_echo.c) with real traffic.

--sockets UDP sockets (each its own source port) send --datagrams datagrams
each, at most --window outstanding per socket, of random sizes (12 to
--max-size bytes) and random content, and check every echo byte for byte.
Each datagram starts with its socket's index and its sequence number (big
endian, 4 and 8 bytes); the rest is derived from --seed, the index and the
number, so any echo can be checked, a repeated one too. UDP may lose a
datagram: one not echoed within --wait seconds is sent again, up to
--retries times. Standard library only.

With --relay, each socket is instead a TCP connection to tools/vm/udp-relay
in the guest, which sends each datagram on as real UDP from a socket of its
own (to the server on the guest's loopback, over IPv4 and IPv6 in turn) and
frames the echoes back: QEMU's restricted user networking drops the UDP a
guest sends. A frame is a 2-byte big-endian length and the datagram.

usage: udp-echo-client.py [--host H] [--port P] [--relay] [--sockets N]
                          [--datagrams N] [--max-size B] [--window N]
                          [--wait S] [--retries N] [--seed S]
                          [--timeout SECONDS]
Prints a line for each failure, then one report line:
  udp echo: N sockets to H:P, N datagrams (B bytes) echoed and verified of N,
  N sent in all (B bytes, N again), N echoes repeated, N lost, N differing, T s
Exit status 1 if a datagram was never echoed, an echo differed from what was
sent or came from elsewhere, or the run took longer than --timeout.
"""
import argparse
import random
import selectors
import socket
import struct
import sys
import time

HEADER = struct.Struct(">IQ")


def datagram(args, index, seq):
    """The datagram number seq of socket index: always the same bytes."""
    rng = random.Random(f"{args.seed}/{index}/{seq}")
    size = rng.choice((rng.randint(HEADER.size, 64), rng.randint(HEADER.size, args.max_size),
                       args.max_size))
    return HEADER.pack(index, seq) + rng.randbytes(size - HEADER.size)


class Flow:
    """One socket: the datagrams it has out, and what it sent and got back."""

    def __init__(self, args, index):
        self.index = index
        self.relay = args.relay
        if self.relay:
            self.sock = socket.create_connection((args.host, args.port), timeout=10)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.framed = b""
        else:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.connect((args.host, args.port))  # echoes from elsewhere are not read
        self.sock.setblocking(False)
        self.next = 0
        self.out = {}  # seq -> [data, time sent, times sent]

    def send(self, data):
        if self.relay:
            self.sock.setblocking(True)  # a frame goes whole
            self.sock.sendall(len(data).to_bytes(2, "big") + data)
            self.sock.setblocking(False)
        else:
            self.sock.send(data)

    def recv(self):
        """The next datagram back, or None; BlockingIOError when none waits."""
        if not self.relay:
            return self.sock.recv(65536)
        while len(self.framed) < 2 or len(self.framed) < 2 + int.from_bytes(self.framed[:2], "big"):
            got = self.sock.recv(1 << 20)
            if not got:
                raise ConnectionResetError("the relay closed the connection")
            self.framed += got
        n = 2 + int.from_bytes(self.framed[:2], "big")
        buf, self.framed = self.framed[2:n], self.framed[n:]
        return buf


def main(args):
    stats = dict.fromkeys(("sent", "sent_bytes", "again", "verified", "verified_bytes",
                           "repeated", "lost", "differing", "refused"), 0)
    flows = [Flow(args, i) for i in range(args.sockets)]
    sel = selectors.DefaultSelector()
    for f in flows:
        sel.register(f.sock, selectors.EVENT_READ, f)

    def send(f, seq, data):
        try:
            f.send(data)
        except (BlockingIOError, ConnectionRefusedError):
            pass  # as good as lost: sent again after --wait
        stats["sent"] += 1
        stats["sent_bytes"] += len(data)

    def fail(f, seq, why):
        print(f"udp echo: socket {f.index} datagram {seq}: {why}", file=sys.stderr, flush=True)

    t0 = time.monotonic()
    deadline = t0 + args.timeout
    while any(f.next < args.datagrams or f.out for f in flows):
        now = time.monotonic()
        if now > deadline:
            print(f"udp echo: timed out after {args.timeout} s", file=sys.stderr, flush=True)
            stats["lost"] += sum(len(f.out) for f in flows)
            break
        for f in flows:
            for seq, o in list(f.out.items()):
                if now - o[1] < args.wait:
                    continue
                if o[2] > args.retries:
                    fail(f, seq, f"not echoed, sent {o[2]} times")
                    stats["lost"] += 1
                    del f.out[seq]
                    continue
                o[1] = now
                o[2] += 1
                stats["again"] += 1
                send(f, seq, o[0])
            while f.next < args.datagrams and len(f.out) < args.window:
                data = datagram(args, f.index, f.next)
                f.out[f.next] = [data, now, 1]
                send(f, f.next, data)
                f.next += 1
        for key, _ in sel.select(timeout=0.02):
            f = key.data
            while True:
                try:
                    buf = f.recv()
                except BlockingIOError:
                    break
                except ConnectionRefusedError:
                    stats["refused"] += 1  # ICMP: nothing listened yet; sent again later
                    continue
                if len(buf) < HEADER.size:
                    fail(f, "?", f"an echo of {len(buf)} bytes")
                    stats["differing"] += 1
                    continue
                index, seq = HEADER.unpack_from(buf)
                if index != f.index or seq >= f.next:
                    fail(f, seq, f"an echo for socket {index} that was never sent")
                    stats["differing"] += 1
                    continue
                o = f.out.get(seq)
                want = o[0] if o else datagram(args, index, seq)
                if buf != want:
                    fail(f, seq, f"echo of {len(buf)} bytes differs from the {len(want)} sent")
                    stats["differing"] += 1
                elif o:
                    stats["verified"] += 1
                    stats["verified_bytes"] += len(buf)
                else:
                    stats["repeated"] += 1
                f.out.pop(seq, None)
    secs = time.monotonic() - t0
    total = args.sockets * args.datagrams
    print(f"udp echo: {args.sockets} sockets to {args.host}:{args.port}, {stats['verified']} "
          f"datagrams ({stats['verified_bytes']} bytes) echoed and verified of {total}, "
          f"{stats['sent']} sent in all ({stats['sent_bytes']} bytes, {stats['again']} again), "
          f"{stats['repeated']} echoes repeated, {stats['lost']} lost, "
          f"{stats['differing']} differing, {secs:.1f} s", flush=True)
    return 0 if stats["verified"] == total and not stats["differing"] else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser(description="Drive the wsk_udp_echo sample server.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=40009)
    p.add_argument("--relay", action="store_true",
                   help="through tools/vm/udp-relay in the guest (TCP to it, UDP from it)")
    p.add_argument("--sockets", type=int, default=8)
    p.add_argument("--datagrams", type=int, default=1000, help="datagrams per socket")
    p.add_argument("--max-size", type=int, default=1472,
                   help="largest datagram (default: what fits in one 1500-byte IPv4 packet)")
    p.add_argument("--window", type=int, default=8, help="datagrams outstanding per socket")
    p.add_argument("--wait", type=float, default=1.0, help="seconds before sending again")
    p.add_argument("--retries", type=int, default=10)
    p.add_argument("--seed", default=str(time.time_ns()),
                   help="the random data and sizes (default: the time)")
    p.add_argument("--timeout", type=float, default=120, help="seconds for the whole run")
    a = p.parse_args()
    if a.max_size < HEADER.size or a.max_size > 65507:
        p.error(f"--max-size: want {HEADER.size} to 65507")
    sys.exit(main(a))
