#!/usr/bin/env python3
"""Times the exported SQL on DuckDB over a large synthetic customer base (default 10,000,000
customers, 60,000,000 transaction rows), generated inside DuckDB itself:

    python scripts/bench_sql.py --c360 target/release/c360 [--customers 10000000] [--threads N]

The model is fitted by `c360 analyze` on 3,000 synthetic customers; the query is run once per
arbitration as `CREATE TABLE scores AS <query>` (the result stays in the engine, as a bank's batch
would write it), and the time, the rows and the offer mix are printed.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import duckdb

GENERATE = """
CREATE TABLE customers AS
  SELECT CAST(i AS VARCHAR) AS customer_id, age, CASE WHEN random() < 0.5 THEN 'M' ELSE 'F' END AS gender,
         round(120000 + random() * random() * 3000000) AS income, 'Salaried' AS occupation, 'Pune' AS city,
         least(age - 18, floor(random() * 30)) AS tenure_years
  FROM (SELECT i, 21 + CAST(floor(random() * 50) AS INTEGER) AS age FROM range({n}) t(i));
CREATE TABLE accounts AS
  SELECT customer_id, round(random() * random() * 900000, 2) AS avg_balance,
         CAST(floor(random() * 30) AS INTEGER) AS monthly_deposits,
         CAST(floor(random() * 40) AS INTEGER) AS monthly_withdrawals, round(random(), 3) AS digital_txn_ratio
  FROM customers;
CREATE TABLE credit_cards AS
  SELECT customer_id, round(50000 + random() * 450000) AS card_limit, round(random(), 3) AS utilization_ratio,
         CASE WHEN random() < 0.06 THEN 1 ELSE 0 END AS delinquency_12m
  FROM customers WHERE random() < 0.6;
CREATE TABLE loans AS
  SELECT customer_id, 'Personal' AS loan_type, round(2000 + random() * 60000) AS monthly_emi,
         CASE WHEN random() < 0.05 THEN 1 ELSE 0 END AS overdue_flag
  FROM customers WHERE random() < 0.5;
CREATE TABLE investments AS
  SELECT customer_id, round(random() * 400000) AS mf_investment, round(random() * 400000) AS fd_amount,
         CASE WHEN random() < 0.3 THEN 1 ELSE 0 END AS insurance_policy
  FROM customers WHERE random() < 0.4;
CREATE TABLE transactions AS
  SELECT customer_id, m AS month, round(random() * 20000) AS shopping_spend, round(random() * 15000) AS travel_spend,
         round(random() * 6000) AS utility_spend, round(random() * 8000) AS wallet_spend
  FROM customers, range(1, 7) r(m);
"""


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{r.stderr}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--c360", required=True)
    ap.add_argument("--customers", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="c360-bench-sql-")
    data, out = os.path.join(work, "data"), os.path.join(work, "out")
    run([a.c360, "synth", "--customers", "3000", "--seed", "42", "--out", data])
    run([a.c360, "analyze", data, "--out", out, "--seed", "42"])
    model_path = os.path.join(out, "model.json")
    model = json.load(open(model_path, encoding="utf-8"))

    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    t0 = time.perf_counter()
    con.execute(GENERATE.format(n=a.customers))
    gen = time.perf_counter() - t0
    tx = con.execute("SELECT count(*) FROM transactions").fetchone()[0]
    print(f"DuckDB {duckdb.__version__}, {a.threads} threads: generated {a.customers:,} customers "
          f"({tx:,} transaction rows) in {gen:.1f} s")
    for how in ["segment_rules", "propensity_ranked"]:
        model["policy"]["arbitration"] = how
        path = os.path.join(work, f"model-{how}.json")
        json.dump(model, open(path, "w", encoding="utf-8"))
        sql = run([a.c360, "export-sql", "--model", path, "--dialect", "duckdb"])
        con.execute("DROP TABLE IF EXISTS scores")
        t0 = time.perf_counter()
        con.execute(f"CREATE TABLE scores AS {sql}")
        took = time.perf_counter() - t0
        rows = con.execute("SELECT count(*) FROM scores").fetchone()[0]
        mix = con.execute("SELECT offer, count(*) FROM scores GROUP BY offer ORDER BY 2 DESC").fetchall()
        print(f"  {how}: scored {rows:,} customers in {took:.1f} s ({rows / took:,.0f} customers/s); "
              f"offers: " + ", ".join(f"{o} {c:,}" for o, c in mix))


if __name__ == "__main__":
    main()
