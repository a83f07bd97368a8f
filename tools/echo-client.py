#!/usr/bin/env python3
"""Drive the wsk_echo sample server (tools/sample/wsk_echo.c) with real traffic.

Runs many TCP connections at once. Each sends random data (a random total of
up to --max-bytes, in chunks of random sizes, with short random pauses), then
shuts its sending side down, and reads the echo until the server closes,
checking it byte for byte against what was sent. Standard library only.

Connections are opened --connecting (default 2) at a time: one counts as
open once its first echoed byte is back. QEMU's user-mode port forwarding
listens on the host with a backlog of 1, and the host kernel drops (or, with
SYN cookies, later resets) connections beyond what that queue holds.

usage: echo-client.py [--host H] [--port P] [--connections N] [--max-bytes B]
                      [--connecting N] [--seed S] [--timeout SECONDS]
Prints a line for each failed connection, then one report line:
  echo: N connections to H:P, N ok, N failed, B bytes sent, B bytes echoed and verified, T s
Exit status 1 if any connection failed: not connected, reset, timed out, or an
echo that differs from what was sent (its first differing offset is printed).
"""
import argparse
import asyncio
import random
import sys
import time


class Failure(Exception):
    pass


def chunk_size(rng):
    """Mostly small writes, some of a segment or so, a few large ones."""
    return rng.choice((rng.randint(1, 16), rng.randint(1, 1500), rng.randint(1, 65536)))


async def connection(index, args, stats, opened):
    """One connection; calls opened() once the server has answered."""
    rng = random.Random(f"{args.seed}/{index}")
    data = rng.randbytes(rng.randint(0, args.max_bytes))
    reader, writer = await asyncio.open_connection(args.host, args.port)

    async def send():
        off = 0
        while off < len(data):
            n = min(len(data) - off, chunk_size(rng))
            writer.write(data[off:off + n])
            off += n
            stats["sent"] += n
            await writer.drain()
            if rng.random() < 0.05:
                await asyncio.sleep(rng.random() * 0.01)
        writer.write_eof()

    async def receive():
        got = 0
        while True:
            buf = await reader.read(65536)
            if not buf:
                break
            opened()
            want = data[got:got + len(buf)]
            if buf != want:
                at = next((i for i, (a, b) in enumerate(zip(buf, want)) if a != b), len(want))
                raise Failure(f"echo differs at byte {got + at} of {len(data)}")
            got += len(buf)
            stats["echoed"] += len(buf)
        if got != len(data):
            raise Failure(f"the server closed after echoing {got} of {len(data)} bytes")

    tasks = [asyncio.ensure_future(send()), asyncio.ensure_future(receive())]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for t in done:
            t.result()  # raises the first failure
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        writer.close()


async def main(args):
    stats = {"sent": 0, "echoed": 0, "ok": 0, "failed": 0}
    connecting = asyncio.Semaphore(args.connecting)

    async def run(index):
        held = True

        def opened():
            nonlocal held
            if held:
                held = False
                connecting.release()

        await connecting.acquire()
        try:
            await asyncio.wait_for(connection(index, args, stats, opened), args.timeout)
            stats["ok"] += 1
        except (OSError, Failure, asyncio.TimeoutError) as e:
            stats["failed"] += 1
            why = "timed out" if isinstance(e, asyncio.TimeoutError) else str(e) or repr(e)
            print(f"echo: connection {index}: {why}", file=sys.stderr, flush=True)
        finally:
            opened()

    t0 = time.monotonic()
    await asyncio.gather(*(run(i) for i in range(args.connections)))
    secs = time.monotonic() - t0
    print(f"echo: {args.connections} connections to {args.host}:{args.port}, "
          f"{stats['ok']} ok, {stats['failed']} failed, {stats['sent']} bytes sent, "
          f"{stats['echoed']} bytes echoed and verified, {secs:.1f} s "
          f"({(stats['sent'] + stats['echoed']) / 1024 / max(secs, 0.001):.0f} KiB/s both ways)",
          flush=True)
    return 1 if stats["failed"] else 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description="Drive the wsk_echo sample server.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=40009)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--max-bytes", type=int, default=256 * 1024,
                   help="most bytes one connection sends (each sends a random amount)")
    p.add_argument("--connecting", type=int, default=2,
                   help="connections being opened at a time")
    p.add_argument("--seed", default=str(time.time_ns()),
                   help="the random data and sizes (default: the time)")
    p.add_argument("--timeout", type=float, default=120, help="seconds per connection")
    sys.exit(asyncio.run(main(p.parse_args())))
