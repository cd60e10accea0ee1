#!/usr/bin/env python3
"""The SQL export on a real engine: the query `c360 export-sql` writes, run by DuckDB on the six
tables, gives every customer the segment and offer `c360 score` gives (and the same reason), and
the expected value within 1e-9; the other dialects parse in sqlglot.

    python tests/sql_check.py --c360 target/release/c360 [--customers 3000] [--seed 7]

Near-ties are planted: for some customers the average balance is moved, by bisection over the
doubles, to the last value before their nearest centre changes, so that two centres are within a
few units in the last place of each other — where a different order of additions, a decimal
constant or a tie broken the other way would show.
"""
import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import duckdb
import sqlglot

TABLES = ["customers", "accounts", "credit_cards", "loans", "investments", "transactions"]


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{r.stderr}")
    return r.stdout


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, rows, fields):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def nearest(model, raw):
    """The model's assignment, in the same order of operations as the core (Model::assign)."""
    best, best_k, dists = math.inf, 0, []
    for k, seg in enumerate(model["segments"]):
        d = 0.0
        for j, c in enumerate(seg["centroid"]):
            z = (raw[j] - model["mean"][j]) / model["scale"][j]
            diff = z - c
            d += diff * diff
        dists.append(d)
        if d < best:
            best, best_k = d, k
    return best_k, dists


def plant_near_ties(model, data_dir, inputs, count):
    """Moves avg_balance of `count` customers to the edge of their segment. Returns their ids."""
    accounts = read_csv(os.path.join(data_dir, "accounts.csv"))
    fields = list(accounts[0].keys())
    by_id = {r["customer_id"]: r for r in accounts}
    j = model["inputs"].index("avg_balance")
    planted = []
    for cid, raw in inputs.items():
        if len(planted) >= count:
            break
        if cid not in by_id:
            continue
        here, _ = nearest(model, raw)
        # Walk the balance up until the segment changes, then bisect to adjacent doubles.
        lo = raw[j]
        hi = None
        step = max(model["scale"][j] * 0.05, 1.0)
        for _ in range(200):
            trial = list(raw)
            trial[j] = lo + step
            if nearest(model, trial)[0] != here:
                hi = lo + step
                break
            lo += step
        if hi is None:
            continue
        while True:
            mid = (lo + hi) / 2
            if mid in (lo, hi):
                break
            trial = list(raw)
            trial[j] = mid
            if nearest(model, trial)[0] == here:
                lo = mid
            else:
                hi = mid
        by_id[cid]["avg_balance"] = repr(lo if len(planted) % 2 == 0 else hi)
        planted.append(cid)
    write_csv(os.path.join(data_dir, "accounts.csv"), accounts, fields)
    return planted


def model_inputs(data_dir, names):
    """Every customer's model inputs from the six tables, computed as the core does (one row
    per customer in accounts, cards, loans and investments, as synthetic data has)."""
    t = {x: read_csv(os.path.join(data_dir, f"{x}.csv")) for x in TABLES}
    one = lambda x: {r["customer_id"]: r for r in t[x]}  # noqa: E731
    acc, cards, loans, inv = one("accounts"), one("credit_cards"), one("loans"), one("investments")
    spend = {}
    for r in t["transactions"]:
        s = spend.setdefault(r["customer_id"], [0.0, 0.0, 0.0, 0.0])
        for k, col in enumerate(["shopping_spend", "travel_spend", "utility_spend", "wallet_spend"]):
            s[k] += float(r[col])
    out = {}
    for c in t["customers"]:
        cid = c["customer_id"]
        g = lambda table, col: float(table[cid][col]) if cid in table else 0.0  # noqa: E731
        age, income, tenure = float(c["age"]), float(c["income"]), float(c["tenure_years"])
        bal, dep, wd, dtr = (g(acc, x) for x in ("avg_balance", "monthly_deposits", "monthly_withdrawals", "digital_txn_ratio"))
        limit, util, delinq = (g(cards, x) for x in ("card_limit", "utilization_ratio", "delinquency_12m"))
        emi, overdue = g(loans, "monthly_emi"), g(loans, "overdue_flag")
        mf, fd = g(inv, "mf_investment"), g(inv, "fd_amount")
        sp = spend.get(cid, [0.0] * 4)
        total_spend = sp[0] + sp[1] + sp[2] + sp[3]
        high = 1.0 if util > 0.7 else 0.0
        f = {
            "age": age, "income": income, "tenure_years": tenure, "avg_balance": bal,
            "digital_engagement_score": 0.6 * dtr + 0.4 * (dep / 15.0),
            "spend_to_income": total_spend / (income + 1.0),
            "emi_to_income": emi / (income / 12.0 + 1.0),
            "utilization_ratio": util,
            "txn_activity_score": dep + wd,
            "total_investments": mf + fd,
            "risk_score": 2.0 * high + 3.0 * delinq + 3.0 * overdue,
            "product_count": float(limit > 0) + float(emi > 0) + float(mf > 0 or fd > 0),
        }
        out[cid] = [f[n] for n in names]
    return out


def compare(engine, got, native, planted, failures):
    """Every customer's segment, offer and reason as c360 score's; the expected value within 1e-9."""
    if len(got) != len(native):
        failures.append(f"{engine} returned {len(got)} rows, c360 score {len(native)}")
    mismatched = {"segment": 0, "offer": 0, "reason": 0, "expected_value": 0}
    worst = 0.0
    examples = []
    for cid, segment, offer, reason, value in got:
        n = native.get(cid)
        if n is None:
            failures.append(f"{engine}: customer {cid} is not in scores.csv")
            continue
        pairs = {
            "segment": (segment, n["segment"]),
            "offer": (offer or "", n["offer"]),
            "reason": (reason or "", n["reason"]),
        }
        for col, (x, y) in pairs.items():
            if x != y:
                mismatched[col] += 1
                if len(examples) < 5:
                    examples.append(f"{cid} {col}: SQL {x!r}, c360 score {y!r}")
        diff = abs(value - float(n["expected_value"]))
        worst = max(worst, diff)
        if diff > 1e-9:
            mismatched["expected_value"] += 1
    print(f"{engine}: {len(got)} customers ({len(planted)} near-ties planted), "
          f"mismatches {mismatched}, largest expected-value difference {worst:g}")
    for e in examples:
        print("  " + e)
    if any(mismatched.values()):
        failures.append(f"{engine} and c360 score disagree: {mismatched}")


def run_spark(c360, model_paths, data):
    """Runs the spark-dialect query of each model in one local Spark session over the six CSV
    files (read as text, as the DuckDB run does). Returns (version, [rows per model])."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("c360-sql-check")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("FATAL")  # its code generator reports a too-large method, then falls back
    try:
        for t in TABLES:
            spark.read.option("header", True).csv(os.path.join(data, f"{t}.csv")).createOrReplaceTempView(t)
        out = []
        for path in model_paths:
            sql = run([c360, "export-sql", "--model", path, "--dialect", "spark"])
            out.append([(r[0], r[1], r[2], r[3], r[4]) for r in spark.sql(sql).collect()])
        return spark.version, out
    finally:
        spark.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--c360", required=True)
    ap.add_argument("--customers", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ties", type=int, default=40)
    ap.add_argument("--keep", help="keep the work folder here")
    ap.add_argument("--model", help="score with this model (e.g. the page's Download model) instead of analyze's")
    ap.add_argument("--profile", default="realistic")
    ap.add_argument("--spark", action="store_true", help="also run the spark query on Apache Spark (pyspark, Java)")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="c360-sql-")
    os.makedirs(work, exist_ok=True)
    data, out, scored = (os.path.join(work, x) for x in ("data", "out", "scored"))
    for d in (data, out, scored):
        shutil.rmtree(d, ignore_errors=True)
    failures = []

    run([a.c360, "synth", "--customers", str(a.customers), "--seed", str(a.seed),
         "--profile", a.profile, "--out", data])
    run([a.c360, "analyze", data, "--out", out, "--seed", str(a.seed)])
    model_path = a.model or os.path.join(out, "model.json")
    model = json.load(open(model_path, encoding="utf-8"))

    inputs = model_inputs(data, model["inputs"])
    # The inputs computed here are the core's: every customer's segment is the one analyze gave.
    analysed = {r["customer_id"]: r["segment"] for r in read_csv(os.path.join(out, "customers.csv"))}
    names = [seg["name"] for seg in model["segments"]]
    off = sum(names[nearest(model, raw)[0]] != analysed[cid] for cid, raw in inputs.items())
    if off:
        failures.append(f"{off} customers: the inputs recomputed here do not give analyze's segment")
    planted = plant_near_ties(model, data, inputs, a.ties)

    # The same model under the other arbitration: offers ranked by propensity (its take-up,
    # priority and the figures its reasons quote).
    ranked = dict(model)
    ranked["policy"] = dict(model["policy"])
    ranked["policy"]["arbitration"] = (
        "propensity_ranked" if model["policy"]["arbitration"] == "segment_rules" else "segment_rules")
    ranked_path = os.path.join(work, "other-arbitration-model.json")
    json.dump(ranked, open(ranked_path, "w", encoding="utf-8"))
    models = {model["policy"]["arbitration"]: model_path, ranked["policy"]["arbitration"]: ranked_path}

    natives = {}
    for how, path in models.items():
        out_dir = os.path.join(scored, how)
        run([a.c360, "score", "--model", path, data, "--out", out_dir])
        natives[how] = {r["customer_id"]: r for r in read_csv(os.path.join(out_dir, "scores.csv"))}

    con = duckdb.connect()
    for t in TABLES:
        con.execute(
            f"CREATE TABLE {t} AS SELECT * FROM read_csv(?, header=true, all_varchar=true)",
            [os.path.join(data, f"{t}.csv")],
        )
    for how, path in models.items():
        sql = run([a.c360, "export-sql", "--model", path, "--dialect", "duckdb"])
        got = con.execute(sql).fetchall()
        compare(f"DuckDB {duckdb.__version__}, {how}", got, natives[how], planted, failures)
    # The planted ties really are near: the two nearest centres within 1e-9 of each other.
    close = 0
    moved = model_inputs(data, model["inputs"])
    for cid in planted:
        _, d = nearest(model, moved[cid])
        s = sorted(d)
        close += (s[1] - s[0]) < 1e-9 * max(1.0, s[0])
    print(f"near-ties: {close} of {len(planted)} within 1e-9 of the next centre")
    if planted and close < len(planted) // 2:
        failures.append(f"only {close} of {len(planted)} planted ties are near")

    # Messy rows, as a bank's extract has them: blanks, "NA", values out of range, a month 7.
    # The query leaves out what `c360 score --skip-bad-rows` leaves out, and scores the rest alike.
    messy = os.path.join(work, "messy")
    shutil.rmtree(messy, ignore_errors=True)
    shutil.copytree(data, messy)
    spoil = {
        "customers": [("income", ""), ("age", "NA"), ("tenure_years", "99"), ("income", "-5")],
        "accounts": [("avg_balance", ""), ("digital_txn_ratio", "1.5"), ("monthly_deposits", "n/a")],
        "credit_cards": [("delinquency_12m", "2"), ("card_limit", "")],
        "loans": [("monthly_emi", "NA"), ("overdue_flag", "0.5")],
        "investments": [("fd_amount", "-1"), ("insurance_policy", "")],
        "transactions": [("month", "7"), ("shopping_spend", "abc"), ("month", "2.5")],
    }
    for table, edits in spoil.items():
        path = os.path.join(messy, f"{table}.csv")
        rows = read_csv(path)
        for k, (col, value) in enumerate(edits):
            for r in rows[17 * (k + 1)::97][:4]:
                r[col] = value
        write_csv(path, rows, list(rows[0].keys()))
    messy_out = os.path.join(scored, "messy")
    run([a.c360, "score", "--model", model_path, messy, "--out", messy_out, "--skip-bad-rows"])
    messy_native = {r["customer_id"]: r for r in read_csv(os.path.join(messy_out, "scores.csv"))}
    skipped = len(read_csv(os.path.join(messy_out, "skipped_rows.csv")))
    con_messy = duckdb.connect()
    for t in TABLES:
        con_messy.execute(
            f"CREATE TABLE {t} AS SELECT * FROM read_csv(?, header=true, all_varchar=true)",
            [os.path.join(messy, f"{t}.csv")],
        )
    sql = run([a.c360, "export-sql", "--model", model_path, "--dialect", "duckdb"])
    compare(f"DuckDB, messy rows ({skipped} left out by c360 score --skip-bad-rows)",
            con_messy.execute(sql).fetchall(), messy_native, planted, failures)

    # A segment named with quotes, a backslash and a comment marker comes back as written.
    hostile = dict(model)
    hostile["segments"] = [dict(x) for x in model["segments"]]
    hostile_name = "O'Brien \\' -- ; DROP TABLE customers"
    hostile["segments"][0]["name"] = hostile_name
    hostile_path = os.path.join(work, "hostile-model.json")
    json.dump(hostile, open(hostile_path, "w", encoding="utf-8"))

    def check_hostile(engine, names):
        if hostile_name not in names or len(names) != len(model["segments"]):
            failures.append(f"{engine}: a hostile segment name did not come back as written: {names}")
        else:
            print(f"{engine}: a segment named with a quote, a backslash and '--' comes back as written")

    sql = run([a.c360, "export-sql", "--model", hostile_path, "--dialect", "duckdb"])
    check_hostile("DuckDB", {r[0] for r in con.execute(f"SELECT DISTINCT segment FROM ({sql})").fetchall()})

    # The same queries on Apache Spark (local mode), in Spark's own dialect.
    if a.spark:
        hows = list(models)
        version, results = run_spark(a.c360, [models[h] for h in hows] + [hostile_path], data)
        for how, rows in zip(hows, results):
            compare(f"Spark {version}, {how}", rows, natives[how], planted, failures)
        check_hostile(f"Spark {version}", {r[1] for r in results[-1]})
        version, (rows,) = run_spark(a.c360, [model_path], messy)
        compare(f"Spark {version}, messy rows", rows, messy_native, planted, failures)

    # Every dialect parses in sqlglot (and Spark's and DuckDB's also transpile to each other).
    for dialect, (how, path) in ((x, m) for x in ["spark", "duckdb", "trino", "snowflake", "bigquery"]
                                 for m in models.items()):
        text = run([a.c360, "export-sql", "--model", path, "--dialect", dialect,
                    "--table", "customers=bank.customers"])
        try:
            tree = sqlglot.parse_one(text, read=dialect)
            assert tree.find(sqlglot.exp.Select) is not None
            sqlglot.transpile(text, read=dialect, write=dialect)
            print(f"sqlglot {sqlglot.__version__} parses the {dialect} query, {how} ({len(text)} characters)")
        except Exception as e:  # noqa: BLE001
            failures.append(f"sqlglot cannot parse the {dialect} query: {e}")

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("sql check passed")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
