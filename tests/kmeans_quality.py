#!/usr/bin/env python3
"""K-Means quality: c360's inertia against scikit-learn's KMeans(n_init=10), per K, on many data sets.

For each profile and data seed, writes 3,000 synthetic customers with `c360 synth`, analyses them
with `c360 analyze` (every K from 2 to 8), rebuilds the twelve z-scored model inputs independently
(reference_check.customer_360 + StandardScaler) and fits KMeans(n_init=10, random_state=data seed)
on that matrix for every K. It first checks that both sides work on the same matrix: c360's labels
at its chosen K (customers.csv), evaluated on the Python matrix, must give c360's reported inertia.

Prints, per data set, c360's inertia / scikit-learn's per K, then per profile and K the mean and
the worst ratio. Exits 1 if the data differ, a mean ratio is above 1 (+ 1e-6, --mean-slack) or any
ratio above --max-ratio (1.003). About a minute for the default ten data sets.

Usage: python tests/kmeans_quality.py --c360 target/release/c360 [--seeds 1-5] [--profiles seed,realistic]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_check import FEATURES, customer_360  # noqa: E402

KS = range(2, 9)


def labels_inertia(x: np.ndarray, labels: np.ndarray) -> float:
    """Inertia of a labelling with each cluster's mean as its centre."""
    total = 0.0
    for c in np.unique(labels):
        rows = x[labels == c]
        total += ((rows - rows.mean(axis=0)) ** 2).sum()
    return float(total)


def seed_range(text: str) -> list[int]:
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(s) for s in text.split(",")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c360", default="target/release/c360")
    ap.add_argument("--customers", type=int, default=3000)
    ap.add_argument("--seeds", default="1-5", help="data seeds: 1-5 or 1,4,9")
    ap.add_argument("--profiles", default="seed,realistic")
    ap.add_argument("--model-seed", type=int, default=42, help="c360 analyze --seed")
    ap.add_argument("--max-ratio", type=float, default=1.003)
    ap.add_argument("--mean-slack", type=float, default=1e-6,
                    help="a mean ratio up to 1 + this passes (two settled fits of the same local "
                         "optimum can differ by a sample or two: about 1e-7 here)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="c360-kmq-"))
    ratios: dict[tuple[str, int], list[float]] = {}
    ok = True
    for profile in args.profiles.split(","):
        for seed in seed_range(args.seeds):
            data, out = work / f"{profile}-{seed}", work / f"{profile}-{seed}-out"
            subprocess.run([args.c360, "synth", "--customers", str(args.customers), "--seed", str(seed),
                            "--profile", profile, "--out", str(data)], check=True, capture_output=True)
            subprocess.run([args.c360, "analyze", str(data), "--out", str(out), "--seed",
                            str(args.model_seed), "--no-guardrail"], check=True, capture_output=True)
            summary = json.loads((out / "summary.json").read_text())
            ours = {s["k"]: s["inertia"] for s in summary["k_scores"]}

            df = customer_360(data)
            x = StandardScaler().fit_transform(df[FEATURES].to_numpy(dtype=float))
            seg = pd.read_csv(out / "customers.csv", dtype={"customer_id": str})
            seg = df[["customer_id"]].merge(seg[["customer_id", "segment"]], on="customer_id", how="left")
            # The same data: c360's model inputs (customers.csv, which rounds some to 7 digits) are
            # the Python ones, and its labels at the chosen K give, on the Python matrix, the
            # inertia c360 reports (to 1e-9).
            mine = df[["customer_id"]].merge(pd.read_csv(out / "customers.csv", dtype={"customer_id": str}),
                                             on="customer_id", how="left")
            worst_feature = max(float(np.max(np.abs(mine[f].to_numpy(float) - df[f].to_numpy(float))
                                             / (np.abs(df[f].to_numpy(float)) + 1))) for f in FEATURES)
            same = labels_inertia(x, pd.factorize(seg["segment"])[0])
            k = summary["chosen_k"]
            # Above 20,000 customers c360 refines the sample's best restart on every customer until
            # the centres move less than the tolerance (as scikit-learn stops): its centres are
            # then the means of the labels of one step before, so its inertia is a hair (~1e-6)
            # above that of its labels around their own means.
            same_tol = 1e-9 if summary.get("fit_sample") is None else 1e-5
            if worst_feature > 1e-5 or abs(same / ours[k] - 1) > same_tol:
                print(f"FAIL  {profile} seed {seed}: not the same data (features differ by up to "
                      f"{worst_feature:.2e}; c360's K={k} labels give inertia {same:.6f} on the Python "
                      f"matrix, c360 reports {ours[k]:.6f})")
                ok = False

            row = []
            for k in KS:
                sk = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x).inertia_
                ratio = ours[k] / sk
                ratios.setdefault((profile, k), []).append(ratio)
                row.append(f"{ratio:.6f}")
            print(f"{profile:>9} seed {seed:>2}  c360/sklearn inertia, K=2..8: {' '.join(row)}", flush=True)

    print()
    print(f"{'profile':>9} {'K':>2} {'mean ratio':>11} {'worst ratio':>12} {'data sets':>10}")
    for (profile, k), rs in ratios.items():
        mean, worst = float(np.mean(rs)), max(rs)
        flag = "" if mean <= 1.0 + args.mean_slack and worst <= args.max_ratio else "  <-- FAIL"
        ok &= flag == ""
        print(f"{profile:>9} {k:>2} {mean:>11.6f} {worst:>12.6f} {len(rs):>10}{flag}")
    all_r = [r for rs in ratios.values() for r in rs]
    print(f"overall: mean {np.mean(all_r):.5f}, worst {max(all_r):.5f} over {len(all_r)} fits")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
