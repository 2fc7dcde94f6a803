#!/usr/bin/python3
"""Merge the run directories of a `capsim sweep` into the sweep's merged files.

    scripts/aggregate.py OUT [--baseline KEY=VALUE]

OUT is a sweep's --out directory: OUT/sweep.tsv lists the runs (as `capsim sweep --list`), each
run's files are in OUT/runs/RUN_ID/. Writes OUT/runs.csv, metrics.csv, timeseries.csv and
summary.csv, byte for byte what `capsim sweep` writes when it merges in-process:

- runs, metrics and timeseries: each run's rows, in run order, their text unchanged;
- summary: per arm (the runs that share the swept values) and metric, in first-seen order: mean
  and sample sd by Welford's update (as sim/running_stats.hpp), n, and a 95% Student-t interval
  whose quantile is computed to 40 digits with mpmath and rounded once (Boost's, see _T_CACHE); with --baseline, paired
  differences against the arm that has VALUE for KEY and the same other swept values.

Numbers are printed as capsim's CSV writer prints them: the shortest text that reads back to the
same double, without a trailing ".0"; NaN as NA. Exit 2 on bad usage, 1 if a run is missing.
"""
import argparse
import csv
import io
import math
import os
import sys

import mpmath
import pandas as pd

SUMMARY = ["scope", "metric", "unit", "mean", "sd", "n", "ci95_lo", "ci95_hi"]
DIFF = ["diff_mean", "diff_sd", "diff_n", "diff_ci95_lo", "diff_ci95_hi"]


def number_text(x):
    if math.isnan(x):
        return "NA"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


SPECIAL = {"NA": math.nan, "inf": math.inf, "-inf": -math.inf}


def parse_value(text):
    return SPECIAL[text] if text in SPECIAL else float(text)


# The upper-tail probability as sim::t_interval computes it for level 0.95: (1 - 0.95) / 2 in
# doubles, 0.025000000000000022.
_UPPER = (1 - 0.95) / 2
# Boost.Math (1.74, Debian 12) returns the correctly rounded quantile for every df from 1 to 200
# but 6, where its closed form is off by 46 ulp; capsim's summaries use Boost's value, so does
# this script. (Checked by printing boost::math::quantile(complement(students_t(df), _UPPER)).)
_T_CACHE = {6: 2.4469118511449794}


def t_quantile(df):
    """The quantile of Student's t with df degrees of freedom at upper tail _UPPER, as Boost's."""
    if df not in _T_CACHE:
        with mpmath.workdps(40):
            d = mpmath.mpf(df)
            upper = lambda t: mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, d / (d + t * t), regularized=True) / 2 - mpmath.mpf(_UPPER)
            _T_CACHE[df] = float(mpmath.findroot(upper, 2.0 if df > 2 else 4.0))
    return _T_CACHE[df]


def t_interval(values):
    """mean, sd, n, lo, hi exactly as sim::t_interval (Welford, then t * sd / sqrt(n))."""
    n, mean, m2 = 0, 0.0, 0.0
    for x in values:
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
    sd = math.sqrt(m2 / (n - 1)) if n >= 2 else 0.0
    if n < 2:
        return mean, sd, n, math.nan, math.nan
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    return mean, sd, n, mean - half, mean + half


def read_csv_text(path):
    # Every cell as the text written, so rows are copied unchanged.
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def csv_text(frame):
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the sweep's --out directory")
    parser.add_argument("--baseline", help="KEY=VALUE: add paired differences against that arm")
    args = parser.parse_args()

    listing = pd.read_csv(os.path.join(args.out, "sweep.tsv"), sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    run_ids = list(listing["run_id"])
    missing = [r for r in run_ids if not os.path.exists(os.path.join(args.out, "runs", r, "runs.csv"))]
    if missing:
        print(f"aggregate.py: {len(missing)} of {len(run_ids)} runs are not complete (first: {missing[0]})", file=sys.stderr)
        return 1

    parts = {kind: [read_csv_text(os.path.join(args.out, "runs", r, kind + ".csv")) for r in run_ids]
             for kind in ("runs", "metrics", "timeseries")}
    runs = pd.concat(parts["runs"], ignore_index=True)
    metrics = pd.concat(parts["metrics"], ignore_index=True)
    series = pd.concat(parts["timeseries"], ignore_index=True)
    # Empty runs keep their header: concat of header-only frames is header-only.
    keys = list(runs.columns[4:-2])

    # Arms: the distinct swept values, in run order; each arm's runs in replication order.
    runs["arm"] = runs["run_id"].str.extract(r"^a(\d+)-r\d+$")[0].astype(int)
    merged = metrics.merge(runs[["run_id", "arm", "replication"] + keys + ["scenario"]], on="run_id", how="left", sort=False)
    merged["x"] = merged["value"].map(parse_value)

    arms = runs.drop_duplicates("arm")[["arm", "scenario"] + keys].reset_index(drop=True)
    baseline_of = {}
    if args.baseline:
        key, _, value = args.baseline.partition("=")
        if key not in keys or value not in set(arms[key]):
            print(f"aggregate.py: --baseline {args.baseline}: no arm has `{key}` = {value}", file=sys.stderr)
            return 2
        records = arms.to_dict("records")
        for a in records:
            for b in records:
                if b[key] == value and all(k == key or a[k] == b[k] for k in keys) and a["arm"] != b["arm"]:
                    baseline_of[a["arm"]] = b["arm"]

    rows = []
    for arm in arms["arm"]:
        own = merged[merged["arm"] == arm]
        head = list(arms[arms["arm"] == arm].iloc[0][["scenario"] + keys])
        base = merged[merged["arm"] == baseline_of[arm]] if arm in baseline_of else None
        for (scope, metric, unit), group in own.groupby(["scope", "metric", "unit"], sort=False):
            mean, sd, n, lo, hi = t_interval(list(group["x"]))
            row = head + [scope, metric, unit, number_text(mean), number_text(sd), str(n), number_text(lo), number_text(hi)]
            if args.baseline:
                other = None if base is None else base[(base["scope"] == scope) & (base["metric"] == metric) & (base["unit"] == unit)]
                if other is None or other.empty:
                    row += ["NA"] * 5
                else:
                    paired = dict(zip(other["replication"], other["x"]))
                    diffs = [x - paired[r] for r, x in zip(group["replication"], group["x"]) if r in paired]
                    dm, dsd, dn, dlo, dhi = t_interval(diffs)
                    row += [number_text(dm), number_text(dsd), str(dn), number_text(dlo), number_text(dhi)]
            rows.append(row)
    summary = pd.DataFrame(rows, columns=["scenario"] + keys + SUMMARY + (DIFF if args.baseline else []))

    runs = runs.drop(columns=["arm"])
    for name, frame in (("runs", runs), ("metrics", metrics), ("timeseries", series), ("summary", summary)):
        write_atomically(os.path.join(args.out, name + ".csv"), csv_text(frame))
    return 0


if __name__ == "__main__":
    sys.exit(main())
