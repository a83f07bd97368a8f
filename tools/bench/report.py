#!/usr/bin/env python3
"""Summarise a benchmark guest log (tools/bench/bench.sh).

usage: report.py GUEST-LOG OUTDIR

Reads the guest's "bench: round=R server=S rc=RC RESULT ..." lines and the
microbenchmark's "wsk_microbench: RESULT ..." lines, prints a table of
medians with their spread over the rounds and the ratios of wsk to every
other server, checks them against issue 6's targets, and writes
OUTDIR/results.csv, OUTDIR/results.json and OUTDIR/ratios.png.
"""
import csv
import json
import re
import statistics
import sys

SERVERS = ["wsk", "baseline", "epoll", "uring"]
NAMES = {"wsk": "wsk", "baseline": "baseline", "epoll": "epoll", "uring": "io_uring"}
# scenario -> (label, [(metric, unit, higher-is-better)])
SCENARIOS = {
    "accept-1": ("accept, 1 connector", [("ops_per_s", "conn/s", True)]),
    "accept-64": ("accept, 64 connectors", [("ops_per_s", "conn/s", True)]),
    "rr-1": ("64 B req/resp, 1 conn", [("ops_per_s", "req/s", True),
                                       ("p50_us", "p50 us", False),
                                       ("p99_us", "p99 us", False)]),
    "rr-64": ("64 B req/resp, 64 conns", [("ops_per_s", "req/s", True),
                                          ("p50_us", "p50 us", False),
                                          ("p99_us", "p99 us", False)]),
    "stream-1": ("64 KiB stream, 1 conn", [("mb_per_s", "MB/s", True)]),
    "stream-8": ("64 KiB stream, 8 conns", [("mb_per_s", "MB/s", True)]),
    # UDP, MODE-SOCKETS-SIZE; the epoll column is udp_echo_mmsg (recvmmsg and
    # sendmmsg), the io_uring one udp_echo_uring, baseline bench_udp_baseline
    "urr-16-64": ("UDP 64 B req/resp, 16 socks", [("ops_per_s", "req/s", True),
                                                  ("p50_us", "p50 us", False),
                                                  ("p99_us", "p99 us", False),
                                                  ("lost", "lost", False)]),
    "urr-16-1400": ("UDP 1400 B req/resp, 16", [("ops_per_s", "req/s", True),
                                                ("p50_us", "p50 us", False),
                                                ("p99_us", "p99 us", False),
                                                ("lost", "lost", False)]),
    "uflood-4-1400": ("UDP 1400 B flood, 4 x 32", [("ops_per_s", "dgram/s", True),
                                                  ("mb_per_s", "MB/s", True),
                                                  ("lost", "lost", False)]),
}


def fields(text):
    return dict(kv.split("=", 1) for kv in text.split() if "=" in kv)


def parse(path):
    runs, micro, errors, config = [], [], [], {}
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"bench: config (.*)", line)
            if m:
                config = fields(m.group(1))
                continue
            m = re.search(r"bench: (round=.*)", line)
            if m:
                head, _, result = m.group(1).partition(" RESULT ")
                r = fields(head)
                r.update(fields(result))
                runs.append(r)
                continue
            m = re.search(r"wsk_microbench: RESULT (.*)", line)
            if m:
                micro.append(fields(m.group(1)))
                continue
            m = re.search(r"(bench: (error|loadgen).*|wsk_microbench: failed.*)", line)
            if m:
                errors.append(m.group(1).strip())
    return runs, micro, errors, config


def summarise(runs):
    """{scenario: {metric: {server: {median, min, max, n, values}}}}"""
    out = {}
    for scen, (_, metrics) in SCENARIOS.items():
        mode, conns, *size = scen.split("-")
        for metric, _, _ in metrics:
            for srv in SERVERS:
                vals = [float(r[metric]) for r in runs
                        if r.get("server") == srv and r.get("mode") == mode
                        and r.get("conns") == conns and r.get("rc") == "0" and metric in r
                        and (not size or r.get("size") == size[0])]
                if not vals:
                    continue
                out.setdefault(scen, {}).setdefault(metric, {})[srv] = {
                    "median": statistics.median(vals), "min": min(vals),
                    "max": max(vals), "n": len(vals), "values": vals}
    return out


def ratio(summary, scen, metric, other):
    s = summary.get(scen, {}).get(metric, {})
    if "wsk" not in s or other not in s or not s[other]["median"]:
        return None
    return s["wsk"]["median"] / s[other]["median"]


def fmt(v):
    if v is None:
        return "-"
    if v >= 1000:
        return f"{v:,.0f}"
    return f"{v:.3g}" if v < 10 else f"{v:.1f}"


def spread(st):
    """The range over the rounds as +-% of the median."""
    if not st["median"]:
        return ""
    return f"±{50 * (st['max'] - st['min']) / st['median']:.0f}%"


def best_user_space(summary, scen, metric):
    """wsk against the better of the two user-space servers."""
    best = [r for r in (ratio(summary, scen, metric, o) for o in ("epoll", "uring"))
            if r is not None]
    return min(best) if best else None


def targets(summary, micro):
    """Issues 6, 15 and 18's targets: (description, value, goal, met)."""
    res = []

    def add(desc, value, goal, ok):
        res.append({"target": desc, "value": value, "goal": goal,
                    "met": None if value is None else ok(value)})

    for scen in ("accept-1", "accept-64"):
        add(f"{scen} conn/s wsk/baseline", ratio(summary, scen, "ops_per_s", "baseline"),
            ">= 1.10", lambda v: v >= 1.1)
        add(f"{scen} conn/s wsk/io_uring", ratio(summary, scen, "ops_per_s", "uring"),
            ">= 1.00", lambda v: v >= 1.0)
    for scen in ("rr-1", "rr-64"):
        add(f"{scen} req/s wsk/baseline", ratio(summary, scen, "ops_per_s", "baseline"),
            ">= 1.25", lambda v: v >= 1.25)
        add(f"{scen} p99 wsk/baseline", ratio(summary, scen, "p99_us", "baseline"),
            "<= 1.05", lambda v: v <= 1.05)
    add("rr-1 req/s wsk/epoll", ratio(summary, "rr-1", "ops_per_s", "epoll"),
        ">= 1.50", lambda v: v >= 1.5)
    add("rr-64 req/s wsk/io_uring", ratio(summary, "rr-64", "ops_per_s", "uring"),
        ">= 1.15", lambda v: v >= 1.15)
    for scen in ("stream-1", "stream-8"):
        add(f"{scen} MB/s wsk/baseline", ratio(summary, scen, "mb_per_s", "baseline"),
            ">= 1.00", lambda v: v >= 1.0)
        add(f"{scen} MB/s wsk/best user space", best_user_space(summary, scen, "mb_per_s"),
            ">= 1.20", lambda v: v >= 1.2)
    # issue 15: UDP
    for scen in ("urr-16-64", "urr-16-1400", "uflood-4-1400"):
        add(f"{scen} ops/s wsk/baseline", ratio(summary, scen, "ops_per_s", "baseline"),
            ">= 1.00", lambda v: v >= 1.0)
    for scen in ("urr-16-64", "urr-16-1400"):
        add(f"{scen} req/s wsk/best user space", best_user_space(summary, scen, "ops_per_s"),
            ">= 1.50", lambda v: v >= 1.5)
    m = {(r.get("test"), r.get("impl")): r for r in micro}

    def micro_value(test, impl, key):
        try:
            return float(m[(test, impl)][key])
        except (KeyError, ValueError):
            return None

    wsk_a = micro_value("rr", "wsk", "allocs_per_op")
    base_a = micro_value("rr", "kernel", "allocs_per_op")
    add("provider allocations per WskSend+WskReceive round trip",
        None if wsk_a is None or base_a is None else round(wsk_a - base_a, 2),
        "0", lambda v: v <= 0.0)
    wsk_a = micro_value("urr", "wsk", "allocs_per_op")
    base_a = micro_value("urr", "kernel", "allocs_per_op")
    add("provider allocations per UDP round trip (WskSendTo, WskReceiveFromEvent)",
        None if wsk_a is None or base_a is None else round(wsk_a - base_a, 2),
        "0", lambda v: v <= 0.0)
    add("provider bytes per idle accepted socket",
        micro_value("idle", "provider", "bytes_per_socket"), "<= 512", lambda v: v <= 512)
    return res


def print_table(summary, micro, tgts, errors):
    cols = ["wsk", "baseline", "epoll", "uring"]
    head = (f"{'scenario':26} {'metric':7}" + "".join(f"{NAMES[c]:>17}" for c in cols)
            + "  wsk/base wsk/epoll wsk/uring")
    print(head)
    print("-" * len(head))
    for scen, (label, metrics) in SCENARIOS.items():
        for metric, unit, _ in metrics:
            s = summary.get(scen, {}).get(metric, {})
            if not s:
                continue
            row = f"{label:26} {unit:7}"
            for c in cols:
                row += f"{fmt(s[c]['median']) + ' ' + spread(s[c]):>17}" if c in s else f"{'-':>17}"
            for other in ("baseline", "epoll", "uring"):
                r = ratio(summary, scen, metric, other)
                row += f"{'-' if r is None else f'{r:.2f}x':>10}"
            print(row)
            label = ""
    n = max((st["n"] for sc in summary.values() for mt in sc.values() for st in mt.values()),
            default=0)
    print(f"(median of up to {n} rounds, ± half the range over the rounds as % of the median)")
    if micro:
        print()
        print("in-kernel microbenchmark (wsk_microbench):")
        for r in micro:
            print("  " + " ".join(f"{k}={v}" for k, v in r.items()))
    print()
    print("targets (issues 6, 15 and 18):")
    for t in tgts:
        v = "n/a" if t["value"] is None else (f"{t['value']:.2f}" if isinstance(t["value"], float)
                                              else str(t["value"]))
        state = {True: "met", False: "MISSED", None: "no data"}[t["met"]]
        print(f"  {t['target']:58} {v:>8}  (goal {t['goal']}): {state}")
    if errors:
        print()
        print("errors reported by the guest:")
        for e in errors[:20]:
            print("  " + e)


def write_csv(path, summary):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["scenario", "metric", "server", "median", "min", "max", "rounds",
                    "wsk_ratio"])
        for scen, metrics in summary.items():
            for metric, servers in metrics.items():
                for srv, st in servers.items():
                    r = ratio(summary, scen, metric, srv)
                    w.writerow([scen, metric, NAMES[srv], f"{st['median']:.3f}",
                                f"{st['min']:.3f}", f"{st['max']:.3f}", st["n"],
                                "" if r is None else f"{r:.4f}"])


def plot(path, summary):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib missing: no plot)")
        return False
    panels = [("throughput: wsk / other\n(higher is better for wsk)",
               [(s, m) for s, (_, ms) in SCENARIOS.items() for m, _, hb in ms if hb]),
              ("p99 latency: wsk / other\n(lower is better for wsk)",
               [(s, "p99_us") for s in SCENARIOS if s.startswith(("rr", "urr"))])]
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [3, 1]})
    width = 0.26
    for ax, (title, items) in zip(axes, panels):
        for i, other in enumerate(("baseline", "epoll", "uring")):
            vals = [ratio(summary, s, m, other) or 0 for s, m in items]
            xs = [j + (i - 1) * width for j in range(len(items))]
            bars = ax.bar(xs, vals, width, label=f"wsk / {NAMES[other]}")
            for b, v in zip(bars, vals):
                if v:
                    ax.annotate(f"{v:.2f}", (b.get_x() + b.get_width() / 2, v), ha="center",
                                va="bottom", fontsize=7)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_xticks(range(len(items)))
        ax.set_xticklabels([s for s, _ in items], rotation=0, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel("ratio of medians")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    runs, micro, errors, config = parse(sys.argv[1])
    if not runs:
        sys.exit(f"{sys.argv[1]}: no benchmark results")
    summary = summarise(runs)
    tgts = targets(summary, micro)
    print("configuration: " + " ".join(f"{k}={v}" for k, v in config.items()))
    print_table(summary, micro, tgts, errors)
    outdir = sys.argv[2]
    write_csv(f"{outdir}/results.csv", summary)
    with open(f"{outdir}/results.json", "w") as f:
        json.dump({"config": config, "runs": runs, "summary": summary, "micro": micro, "targets": tgts,
                   "errors": errors}, f, indent=1)
    wrote = ["results.csv", "results.json"]
    if plot(f"{outdir}/ratios.png", summary):
        wrote.append("ratios.png")
    print()
    print(f"wrote {', '.join(f'{outdir}/{w}' for w in wrote)}")


if __name__ == "__main__":
    main()
