#!/usr/bin/env python3
"""`c360 analyze` against the same analysis in pandas + scikit-learn, side by side in one run.

For each size, writes the seed-profile customers with `c360 synth` (not timed), then on the same
six CSV files, alternating which goes first:
- c360: `c360 analyze DIR --out OUT`, wall time of the process, its peak memory (the child's
  ru_maxrss), and its own import / analysis / writing split;
- the reference: the same steps in pandas + scikit-learn, in a child Python process that reports
  the time from reading the first file to writing the last output (module imports are not
  counted) and whose peak memory is measured the same way: read and join the six tables, the
  twelve model inputs (tests/reference_check.py's customer_360), StandardScaler, KMeans(n_init=10)
  for K = 2..8 with silhouette_score (on a seeded sample of 10,000 customers above that, as c360
  does), PCA to two components, for each product a LogisticRegression (C=1) on all customers and
  five-fold out-of-fold predictions for the AUC, and customers.csv (segment and the model inputs)
  and propensity.csv written. scikit-learn uses every core it finds (its default threads).
  Above 20,000 customers the K-Means differ by design: the reference runs its ten restarts on
  every customer, c360 on a 20,000-customer sample then refines on all (docs/kmeans-quality.md
  measures what that costs in inertia against this very reference).

Prints one row per size and run: seconds, peak MB, speed-up, c360's import rate in MB/s.

Usage: python scripts/bench_cli.py [--c360 target/release/c360] [--sizes 3000,100000,1000000]
       [--runs 1] [--work /tmp/c360-bench-cli]
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def peak_of(cmd: list[str]) -> tuple[float, float, str]:
    """Runs cmd and returns (wall seconds, peak resident MB, output) using os.wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    chunks = []
    while True:
        chunk = proc.stdout.read(65536)
        if not chunk:
            break
        chunks.append(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = b"".join(chunks).decode(errors="replace")
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out}")
    return wall, usage.ru_maxrss / 1024.0, out


def reference(data: Path, out: Path, seed: int, inputs_json: str) -> None:
    """The pandas + scikit-learn analysis; prints its own seconds as JSON on the last line."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score, silhouette_score
    from sklearn.preprocessing import StandardScaler

    sys.path.insert(0, str(HERE.parent / "tests"))
    from reference_check import FEATURES, customer_360

    start = time.perf_counter()
    df = customer_360(data)
    read = time.perf_counter()
    x = StandardScaler().fit_transform(df[FEATURES].to_numpy(dtype=float))
    n = len(x)
    best = None
    for k in range(2, 9):
        km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x)
        sil = silhouette_score(x, km.labels_, sample_size=10_000 if n > 10_000 else None,
                               random_state=seed)
        if best is None or sil > best[0]:
            best = (sil, k, km.labels_)
    PCA(n_components=2, random_state=seed).fit_transform(x)
    owns = {"credit_card": "has_credit_card", "loan": "has_loan", "investments": "has_investments"}
    folds = np.arange(n) % 5
    probs = {}
    for product, inputs in json.loads(inputs_json).items():
        xs = df[inputs].to_numpy(dtype=float)
        y = df[owns[product]].to_numpy()
        sc = StandardScaler().fit(xs)
        probs[product] = LogisticRegression(C=1.0).fit(sc.transform(xs), y).predict_proba(sc.transform(xs))[:, 1]
        oof = np.zeros(n)
        for f in range(5):
            train = folds != f
            s = StandardScaler().fit(xs[train])
            m = LogisticRegression(C=1.0).fit(s.transform(xs[train]), y[train])
            oof[~train] = m.predict_proba(s.transform(xs[~train]))[:, 1]
        roc_auc_score(y, oof)
    out.mkdir(parents=True, exist_ok=True)
    df[["customer_id"] + FEATURES].assign(segment=best[2]).to_csv(out / "customers.csv", index=False)
    df[["customer_id"]].assign(**probs).to_csv(out / "propensity.csv", index=False)
    done = time.perf_counter()
    print(json.dumps({"seconds": done - start, "read_join_seconds": read - start, "k": best[1]}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c360", default="target/release/c360")
    ap.add_argument("--sizes", default="3000,100000,1000000")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--work", default="/tmp/c360-bench-cli")
    ap.add_argument("--reference", nargs=4, metavar=("DATA", "OUT", "SEED", "INPUTS"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.reference:
        d, o, s, i = args.reference
        reference(Path(d), Path(o), int(s), i)
        return 0

    c360 = str(Path(args.c360).resolve())
    work = Path(args.work)
    cores = os.cpu_count()
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, {cores} cores; c360 {c360}")
    print(f"{'customers':>10} {'run':>3} {'CSV MB':>7} {'c360 s':>7} {'c360 MB':>8} {'import MB/s':>11} "
          f"{'ref s':>7} {'ref MB':>7} {'speed-up':>8}")
    worst = None
    for size in [int(s) for s in args.sizes.split(",")]:
        data = work / f"data-{size}"
        if not (data / "customers.csv").exists():
            subprocess.run([c360, "synth", "--customers", str(size), "--seed", str(args.seed),
                            "--profile", "seed", "--out", str(data)], check=True, capture_output=True)
        csv_mb = sum(f.stat().st_size for f in data.glob("*.csv")) / 1e6
        for run in range(args.runs):
            results = {}
            order = ["c360", "ref"] if run % 2 == 0 else ["ref", "c360"]
            for who in order:
                if who == "c360":
                    out = work / f"c360-{size}"
                    wall, peak, _ = peak_of([c360, "analyze", str(data), "--out", str(out),
                                             "--seed", str(args.seed)])
                    summary = json.loads((out / "summary.json").read_text())
                    results["c360"] = (wall, peak, summary["timings_ms"])
                    inputs = json.dumps({p: m["inputs"] for p, m in summary["propensity"].items()})
                else:
                    if "c360" not in results:  # the reference reads c360's propensity inputs
                        out = work / f"c360-{size}"
                        if not (out / "summary.json").exists():
                            subprocess.run([c360, "analyze", str(data), "--out", str(out)],
                                           check=True, capture_output=True)
                        summary = json.loads((out / "summary.json").read_text())
                        inputs = json.dumps({p: m["inputs"] for p, m in summary["propensity"].items()})
                    _, peak, text = peak_of([sys.executable, __file__, "--reference", str(data),
                                             str(work / f"ref-{size}"), str(args.seed), inputs])
                    results["ref"] = (json.loads(text.strip().splitlines()[-1])["seconds"], peak)
            (c_s, c_mb, timings), (r_s, r_mb) = results["c360"], results["ref"]
            rate = csv_mb / (timings["import"] / 1e3)
            speedup = r_s / c_s
            worst = speedup if worst is None else min(worst, speedup)
            print(f"{size:>10} {run + 1:>3} {csv_mb:>7.1f} {c_s:>7.2f} {c_mb:>8.0f} {rate:>11.0f} "
                  f"{r_s:>7.2f} {r_mb:>7.0f} {speedup:>7.1f}x", flush=True)
            steps = ", ".join(f"{s['step']} {s['ms']:.0f}" for s in timings.get("steps", []))
            print(f"{'':>14} c360 ms: import {timings['import']:.0f}, {steps}")
    print(f"smallest speed-up: {worst:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
