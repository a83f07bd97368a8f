#!/usr/bin/env python3
"""Compare the servers' perf profiles from a benchmark run with --perf.

usage: profile.py GUEST-LOG [MODULE.ko...]

Reads the guest's "perf: round=R server=S mode=M conns=C PCT% SAMPLES DSO
[k|.] SYM" lines (tools/bench/guest.sh, sampling cpu-clock at 1999 Hz on
every CPU) and the runs' RESULT lines, and prints per scenario, for every
server side by side, the CPU time per operation (microseconds of CPU per
request, connection or 64 KiB sent, summed over the rounds):

- where it goes: user space (load generator and user-space server), the
  kernel modules given (wsk and its client, or the baseline module: their
  functions, as nm lists them; perf in the guest has only kallsyms), the rest
  of the kernel split into scheduling and work items, system calls and
  epoll, and the rest (TCP/IP, memory, softirqs). What no server can avoid
  is in the last line and in the load generator's part of the first.
- each symbol, largest difference to wsk first.

Idle time is left out. The run's warmup (0.5 s) counts in the operations as
it does in the samples.
"""
import collections
import re
import subprocess
import sys

HZ = 1999
WARMUP = 0.5
IDLE = re.compile(r"(idle|halt|mwait|cpuidle|do_idle|poll_idle)", re.I)
SCHED = re.compile(r"(schedul|switch_|_switch|wake|finish_task|sched_|enqueue_|dequeue_|"
                   r"pick_next|update_curr|ttwu|select_task|queue_work|worker_|kthread|"
                   r"process_one_work|insert_work|__queue_work)")
SYSCALL = re.compile(r"^(entry_|syscall|do_syscall|__x64_sys|x64_sys|ep_|do_epoll|__sys_|"
                     r"fput|fdget|__fget|__fdget|__do_sys|ksys_|vfs_|rw_verify|"
                     r"security_file|fsnotify|__fsnotify|sock_read_iter|sock_write_iter|"
                     r"sock_recvmsg|sock_sendmsg|__sock_sendmsg|import_ubuf|__rseq|rseq|"
                     r"exit_to_user|restore_regs|switch_fpu|fpregs|io_uring|io_|__io_)")
PARTS = ["user space", "kernel modules", "scheduling, work items",
         "system calls, epoll, io_uring", "rest of the kernel (TCP/IP, memory)"]


MODULE_SYMS = set()


def module_syms(paths):
    syms = set()
    for path in paths:
        out = subprocess.run(["nm", "--defined-only", path], capture_output=True,
                             text=True, check=True).stdout
        syms |= {f[2] for f in (line.split() for line in out.splitlines())
                 if len(f) == 3 and f[1] in "tT"}
    return syms


def part(dso, kernel, sym):
    if not kernel:
        return PARTS[0]
    if dso != "[kernel.kallsyms]" or sym in MODULE_SYMS:
        return PARTS[1]
    if SCHED.search(sym):
        return PARTS[2]
    if SYSCALL.search(sym):
        return PARTS[3]
    return PARTS[4]


def fields(text):
    return dict(kv.split("=", 1) for kv in text.split() if "=" in kv)


def main(path):
    ops = collections.Counter()           # (server, scenario) -> operations
    samples = collections.defaultdict(collections.Counter)
    parts = collections.defaultdict(collections.Counter)
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
                          r"[\d.]+%\s+(\d+)\s+(\S+)\s+\[([k.])\]\s+(.*)", line)
            if m:
                server, mode, conns, n, dso, k, sym = m.groups()
                sc = "%s-%s" % (mode, conns)
                samples[(server, sc)][sym.strip()] += int(n)
                if not IDLE.search(sym):
                    parts[(server, sc)][part(dso, k == "k", sym)] += int(n)
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
        print("%-44s" % "where it goes" + "".join("%11s" % s for s in cols))
        for p in PARTS:
            print("%-44s" % p + "".join("%11.2f" % (parts[(s, sc)][p] * 1e6 / HZ / ops[(s, sc)])
                                        for s in cols))
        print("%-44s" % "(total, idle left out)" +
              "".join("%11.2f" % sum(per_op[s].values()) for s in cols))
        print("%-44s" % "symbol" + "".join("%11s" % s for s in cols))
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
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    MODULE_SYMS |= module_syms(sys.argv[2:])
    main(sys.argv[1])
