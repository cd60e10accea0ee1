#!/usr/bin/env python3
"""Writes the fuzzer's seed inputs: each good and bad CSV file with a first byte naming the table
it replaces (see fuzz/harness.rs), plus the whole good extract as one split input.

Usage: python3 scripts/fuzz_seeds.py OUT_DIR
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data")
TABLES = ["customers", "accounts", "credit_cards", "loans", "investments", "transactions"]
PREFIXES = {"customers": 0, "accounts": 1, "cards": 2, "credit": 2, "loans": 3, "investments": 4,
            "transactions": 5}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n = 0
for t, table in enumerate(TABLES):
    with open(os.path.join(DATA, "good", table + ".csv"), "rb") as f:
        good = f.read()
    with open(os.path.join(out, f"good_{table}"), "wb") as f:
        f.write(bytes([t]) + good)
    n += 1
bad = os.path.join(DATA, "bad")
for name in sorted(os.listdir(bad)):
    if not name.endswith(".csv"):
        continue
    t = next((v for k, v in PREFIXES.items() if name.startswith(k)), 0)
    with open(os.path.join(bad, name), "rb") as f:
        body = f.read()
    with open(os.path.join(out, f"bad_{name[:-4]}"), "wb") as f:
        f.write(bytes([t]) + body)
    n += 1
whole = b"\x1e".join(open(os.path.join(DATA, "good", t + ".csv"), "rb").read() for t in TABLES)
with open(os.path.join(out, "good_split"), "wb") as f:
    f.write(b"\x06" + whole)
print(f"wrote {n + 1} seed inputs to {out}")
