#!/usr/bin/env python3
"""Plots a capsim output directory's timeseries.csv: one panel per metric, one colour per scope,
replication 0 solid and the others faint. Writes DIR/timeseries.png and prints its path.

    scripts/plot.py results/demo [--out FILE.png]
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
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="a capsim output directory")
    ap.add_argument("--out", help="PNG to write (default DIR/timeseries.png)")
    args = ap.parse_args()
    path = os.path.join(args.dir, "timeseries.csv")
    if not os.path.exists(path):
        print(f"plot.py: error: {path} does not exist (is {args.dir} a capsim output directory?)", file=sys.stderr)
        return 2
    ts = pd.read_csv(path)
    if ts.empty:
        print(f"plot.py: error: {path} has no rows", file=sys.stderr)
        return 2
    scenario = ""
    runs = os.path.join(args.dir, "runs.csv")
    if os.path.exists(runs):
        scenario = pd.read_csv(runs)["scenario"].iloc[0]
    # Panels for the metrics that move (a scenario without usage has no sessions to show).
    metrics = [m for m in dict.fromkeys(ts["metric"]) if (ts.loc[ts["metric"] == m, "value"] != 0).any()]
    scopes = list(dict.fromkeys(ts["scope"]))
    colours = {s: f"C{i}" for i, s in enumerate(scopes)}
    fig, axes = plt.subplots(len(metrics), 1, figsize=(8, 2.3 * len(metrics)), sharex=True, squeeze=False)
    for ax, metric in zip(axes[:, 0], metrics):
        part = ts[ts["metric"] == metric]
        for (scope, run), g in part.groupby(["scope", "run_id"], sort=False):
            first = run == part["run_id"].min()
            ax.plot(g["time_s"] / 3600, g["value"], color=colours[scope], alpha=1.0 if first else 0.3,
                    lw=1.5 if first else 0.8, label=scope if first else None)
        ax.set_title(TITLES.get(metric, metric), fontsize=10, loc="left")
        ax.grid(alpha=0.3)
    axes[0, 0].legend(loc="upper left", fontsize=8)
    axes[-1, 0].set_xlabel("simulated time (hours)")
    fig.suptitle(f"capsim: {scenario}" if scenario else "capsim", fontsize=11)
    fig.tight_layout()
    out = args.out or os.path.join(args.dir, "timeseries.png")
    fig.savefig(out, dpi=110)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
