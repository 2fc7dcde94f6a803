#!/usr/bin/env python3
"""Plots a capsim output directory (PNG files beside the CSV) and prints each file's path.

A run (`capsim run`):
  DIR/timeseries.png   one panel per time series that moves (waitlist, admitted users, requests,
                       latency, utilisation, power, carbon ...), one colour per scope,
                       replication 0 solid and the others faint
  DIR/percentiles.png  wait-time distribution (p50, p90, p99 of the wait) and latency percentiles
                       (TTFT, TPOT, end-to-end) per scope, means over replications with 95% intervals
A sweep (a summary.csv with a column per swept key, as `capsim sweep` and scripts/aggregate.py
write it):
  DIR/sweep.png        each chosen metric against a swept key, mean with its 95% band, one line
                       per combination of the other swept keys

    scripts/plot.py results/demo
    scripts/plot.py results/my-sweep --metric wait_p90_s --metric ttft_p99_s [--x KEY] [--scope chat]
  (with --baseline, the summary's diff_* columns are not keys; the plot shows the means)
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

TITLES = {
    "waitlist_len": "People on the waitlist",
    "admitted_users": "Admitted users (slots in use)",
    "signups": "Signups per interval",
    "abandoned": "Gave up per interval",
    "active_sessions": "Open sessions",
    "sessions": "Sessions started per interval",
    "capped": "Turns refused by caps per interval",
    "requests_per_s": "Requests per second",
    "utilization": "Utilisation (busy share of replicas)",
    "batch_mean": "Sequences per batch",
    "replicas_up": "Replicas up",
    "power_kw": "Power (kW)",
    "co2e_kg": "Emissions so far (kg CO2e)",
    "facility_energy_kwh": "Facility energy so far (kWh)",
}
# The columns of a run's summary.csv; any other column is a swept key.
SUMMARY_COLUMNS = ["run_id", "scenario", "scope", "metric", "unit", "mean", "sd", "n", "ci95_lo", "ci95_hi"]
WAIT = [("wait_p50_s", "p50"), ("wait_p90_s", "p90"), ("wait_p99_s", "p99")]
LATENCY = [("ttft_p50_s", "TTFT\np50"), ("ttft_p99_s", "TTFT\np99"), ("tpot_mean_s", "TPOT\nmean"), ("tpot_p99_s", "TPOT\np99"),
           ("e2e_mean_s", "e2e\nmean"), ("e2e_p99_s", "e2e\np99")]
DEFAULT_SWEEP_METRICS = ["wait_p90_s", "p_wait", "ttft_p99_s", "utilization", "facility_energy_kwh", "co2e_t", "cost_usd"]


def fail(message: str) -> int:
    print(f"plot.py: error: {message}", file=sys.stderr)
    return 2


def scenario_name(directory: str) -> str:
    runs = os.path.join(directory, "runs.csv")
    return str(pd.read_csv(runs)["scenario"].iloc[0]) if os.path.exists(runs) else ""


def seconds_unit(values) -> tuple:
    """A readable time unit for values in seconds: (divisor, label)."""
    top = max([v for v in values if pd.notna(v)] or [0])
    for divisor, label in ((86400, "days"), (3600, "hours"), (60, "minutes"), (1, "seconds"), (1e-3, "ms")):
        if top >= 2 * divisor:
            return divisor, label
    return 1e-3, "ms"


def plot_timeseries(directory: str, out: str) -> str:
    ts = pd.read_csv(os.path.join(directory, "timeseries.csv"))
    if ts.empty:
        raise ValueError(f"{directory}/timeseries.csv has no rows")
    # Panels for the metrics that move (a scenario without usage has no sessions to show).
    metrics = [m for m in dict.fromkeys(ts["metric"]) if (ts.loc[ts["metric"] == m, "value"] != 0).any()]
    if not metrics:
        metrics = list(dict.fromkeys(ts["metric"]))
    scopes = list(dict.fromkeys(ts["scope"]))
    colours = {s: f"C{i % 10}" for i, s in enumerate(scopes)}
    divisor, label = seconds_unit(ts["time_s"])
    divisor = max(divisor, 60)
    fig, axes = plt.subplots(len(metrics), 1, figsize=(8, 2.3 * len(metrics)), sharex=True, squeeze=False)
    for ax, metric in zip(axes[:, 0], metrics):
        part = ts[ts["metric"] == metric]
        first_run = part["run_id"].min()
        for (scope, run), g in part.groupby(["scope", "run_id"], sort=False):
            first = run == first_run
            ax.plot(g["time_s"] / divisor, g["value"], color=colours[scope], alpha=1.0 if first else 0.3,
                    lw=1.5 if first else 0.8, label=scope if first else None)
        ax.set_title(TITLES.get(metric, metric), fontsize=10, loc="left")
        ax.grid(alpha=0.3)
    axes[0, 0].legend(loc="upper left", fontsize=8)
    axes[-1, 0].set_xlabel(f"simulated time ({label})")
    name = scenario_name(directory)
    fig.suptitle(f"capsim: {name}" if name else "capsim", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def panel_rows(summary: pd.DataFrame, wanted) -> pd.DataFrame:
    """The summary rows of the wanted metrics, or none if they are all zero (nothing to show)."""
    rows = summary[summary["metric"].isin([m for m, _ in wanted])]
    return rows.iloc[0:0] if rows.empty or (rows["mean"].fillna(0) == 0).all() else rows


def bars(ax, rows: pd.DataFrame, wanted, title: str):
    """Grouped bars of the wanted (metric, label) pairs per scope, with 95% intervals; a log
    scale when they span more than two decades (a TTFT of 50 ms beside an e2e of 40 s)."""
    scopes = list(dict.fromkeys(rows["scope"]))
    present = [(m, lab) for m, lab in wanted if m in set(rows["metric"])]
    divisor, label = seconds_unit(rows["mean"])
    width = 0.8 / len(scopes)
    for i, scope in enumerate(scopes):
        xs, ys, lo, hi = [], [], [], []
        for j, (metric, _) in enumerate(present):
            r = rows[(rows["scope"] == scope) & (rows["metric"] == metric)]
            if r.empty:
                continue
            r = r.iloc[0]
            xs.append(j + (i - (len(scopes) - 1) / 2) * width)
            ys.append(r["mean"] / divisor)
            have_ci = r["n"] >= 2 and pd.notna(r["ci95_lo"])
            lo.append(max(0.0, (r["mean"] - r["ci95_lo"]) / divisor) if have_ci else 0)
            hi.append(max(0.0, (r["ci95_hi"] - r["mean"]) / divisor) if have_ci else 0)
        ax.bar(xs, ys, width=width, yerr=[lo, hi], capsize=3, color=f"C{i % 10}", label=scope)
    positive = rows.loc[rows["mean"] > 0, "mean"]
    if not positive.empty and positive.max() > 100 * positive.min():
        ax.set_yscale("log")
    ax.set_xticks(range(len(present)), [lab for _, lab in present])
    ax.set_ylabel(label)
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)


def plot_percentiles(directory: str, out: str):
    summary = pd.read_csv(os.path.join(directory, "summary.csv"))
    panels = [(panel_rows(summary, wanted), wanted, title)
              for wanted, title in ((WAIT, "Wait on the waitlist (mean over replications, 95% interval)"),
                                    (LATENCY, "Request latency (mean over replications, 95% interval)"))]
    panels = [p for p in panels if not p[0].empty]
    if not panels:
        return None
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 3.6), squeeze=False)
    for ax, (rows, wanted, title) in zip(axes[0], panels):
        bars(ax, rows, wanted, title)
    name = scenario_name(directory)
    fig.suptitle(f"capsim: {name}" if name else "capsim", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_sweep(summary: pd.DataFrame, keys, metrics, x: str, scope, out: str) -> str:
    if scope:
        summary = summary[summary["scope"] == scope]
    metrics = [m for m in metrics if m in set(summary["metric"])]
    if not metrics:
        raise ValueError("none of the chosen metrics is in summary.csv (use --metric)")
    others = [k for k in keys if k != x]
    fig, axes = plt.subplots(len(metrics), 1, figsize=(7, 2.8 * len(metrics)), squeeze=False)
    for ax, metric in zip(axes[:, 0], metrics):
        part = summary[summary["metric"] == metric]
        groups = part.groupby(others + ["scope"], sort=False) if others else part.groupby("scope", sort=False)
        for i, (group, g) in enumerate(groups):
            g = g.sort_values(x)
            group = group if isinstance(group, tuple) else (group,)
            label = ", ".join([f"{k}={v}" for k, v in zip(others, group[:-1])] + [str(group[-1])])
            ax.plot(g[x], g["mean"], marker="o", color=f"C{i % 10}", label=label)
            if "ci95_lo" in g and g["ci95_lo"].notna().any():
                ax.fill_between(g[x], g["ci95_lo"], g["ci95_hi"], color=f"C{i % 10}", alpha=0.2)
        unit = part["unit"].iloc[0] if "unit" in part and not part.empty else ""
        ax.set_title(f"{metric} ({unit}), mean and 95% interval", fontsize=10, loc="left")
        ax.set_xlabel(x)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog="\n".join(__doc__.splitlines()[1:]))
    ap.add_argument("dir", help="a capsim output directory (a run or a sweep)")
    ap.add_argument("--metric", action="append", help="sweeps: a metric to plot (repeatable)")
    ap.add_argument("--x", help="sweeps: the swept key on the x axis (default: the first)")
    ap.add_argument("--scope", help="sweeps: only this scope")
    args = ap.parse_args()
    summary_path = os.path.join(args.dir, "summary.csv")
    if not os.path.isdir(args.dir):
        return fail(f"{args.dir} is not a directory")
    if not os.path.exists(summary_path):
        return fail(f"{summary_path} does not exist (is {args.dir} a complete capsim output directory?)")
    summary = pd.read_csv(summary_path)
    # Swept keys: the columns a run's summary does not have (paired differences, diff_*, aside).
    keys = [c for c in summary.columns if c not in SUMMARY_COLUMNS and not c.startswith("diff_")]
    try:
        if keys:
            x = args.x or keys[0]
            if x not in keys:
                return fail(f"--x {x}: not a swept key (swept: {', '.join(keys)})")
            print(plot_sweep(summary, keys, args.metric or DEFAULT_SWEEP_METRICS, x, args.scope, os.path.join(args.dir, "sweep.png")))
            return 0
        if not os.path.exists(os.path.join(args.dir, "timeseries.csv")):
            return fail(f"{args.dir}/timeseries.csv does not exist")
        print(plot_timeseries(args.dir, os.path.join(args.dir, "timeseries.png")))
        pct = plot_percentiles(args.dir, os.path.join(args.dir, "percentiles.png"))
        if pct:
            print(pct)
    except ValueError as e:
        return fail(str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
