#!/usr/bin/env python3
"""Compare the servers' perf profiles from a benchmark run with --perf.

usage: profile.py GUEST-LOG

Reads the guest's "perf: round=R server=S mode=M conns=C PCT% SAMPLES SYM"
lines (tools/bench/guest.sh, sampling cpu-clock at 1999 Hz on every CPU)
and the runs' RESULT lines, and prints per scenario the CPU time each
symbol takes per operation (microseconds of CPU per request, connection or
64 KiB sent), summed over the rounds, for every server side by side,
largest difference to wsk first. Idle time is left out. The run's warmup
(0.5 s) counts in the operations as it does in the samples.
"""
import collections
import re
import sys

HZ = 1999
WARMUP = 0.5
IDLE = re.compile(r"(idle|halt|mwait|cpuidle|do_idle|poll_idle)", re.I)


def fields(text):
    return dict(kv.split("=", 1) for kv in text.split() if "=" in kv)


def main(path):
    ops = collections.Counter()           # (server, scenario) -> operations
    samples = collections.defaultdict(collections.Counter)
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"bench: (round=.*) RESULT (.*)", line)
            if m:
                r = fields(m.group(1))
                r.update(fields(m.group(2)))
                if r.get("rc") != "0" or "ops_per_s" not in r:
                    continue
                sc = "%s-%s" % (r["mode"], r["conns"])
                secs = float(r["secs"]) + WARMUP
                ops[(r["server"], sc)] += float(r["ops_per_s"]) * secs
                continue
            m = re.search(r"perf: round=\S+ server=(\S+) mode=(\S+) conns=(\S+)\s+"
                          r"[\d.]+%\s+(\d+)\s+\[[k.]\]\s+(.*)", line)
            if m:
                server, mode, conns, n, sym = m.groups()
                samples[(server, "%s-%s" % (mode, conns))][sym.strip()] += int(n)
    servers = []
    for (server, _) in samples:
        if server not in servers:
            servers.append(server)
    for sc in sorted({s for (_, s) in samples}):
        cols = [s for s in servers if ops[(s, sc)]]
        if not cols:
            continue
        per_op = {}
        for s in cols:
            per_op[s] = {sym: n * 1e6 / HZ / ops[(s, sc)]
                         for sym, n in samples[(s, sc)].items() if not IDLE.search(sym)}
        print("== %s: CPU microseconds per operation" % sc)
        print("%-44s" % "symbol" + "".join("%11s" % s for s in cols))
        print("%-44s" % "(total, idle left out)" +
              "".join("%11.2f" % sum(per_op[s].values()) for s in cols))
        syms = set()
        for s in cols:
            syms |= set(per_op[s])
        ref = cols[0]
        other = cols[1] if len(cols) > 1 else cols[0]

        def key(sym):
            return -abs(per_op[ref].get(sym, 0) - per_op[other].get(sym, 0))
        for sym in sorted(syms, key=key)[:45]:
            print("%-44s" % sym[:44] +
                  "".join("%11.3f" % per_op[s].get(sym, 0) for s in cols))
        print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
