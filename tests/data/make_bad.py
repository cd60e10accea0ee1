#!/usr/bin/env python3
"""Writes the bad-file corpus under tests/data/bad/ from the good set in tests/data/good/.

Each case replaces one table's file (or adds/drops a file) and names the error the import must
report: kind, file row (the header is row 1) and column. `cases.tsv` is the manifest the Rust test
reads. Run again after changing the good set: python3 tests/data/make_bad.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
GOOD = os.path.join(HERE, "good")
BAD = os.path.join(HERE, "bad")


def read(table):
    with open(os.path.join(GOOD, table + ".csv"), newline="") as f:
        return f.read().splitlines()


def edit(table, line_no, col, value):
    """The table's lines with field `col` of 1-based line `line_no` set to `value`."""
    lines = read(table)
    header = lines[0].split(",")
    fields = lines[line_no - 1].split(",")
    fields[header.index(col)] = value
    lines[line_no - 1] = ",".join(fields)
    return "\n".join(lines) + "\n"


def drop_column(table, col):
    lines = [l.split(",") for l in read(table)]
    i = lines[0].index(col)
    return "\n".join(",".join(f[:i] + f[i + 1:]) for f in lines) + "\n"


def append(table, row):
    return "\n".join(read(table) + [row]) + "\n"


# (case name, table replaced | "+" added file | "-table" dropped, content, kind, row, column)
C = []


def case(name, table, content, kind, row="", column=""):
    C.append((name, table, content, kind, str(row), column))


case("customers_missing_income", "customers", drop_column("customers", "income"), "MissingColumn", 1, "income")
case("accounts_missing_ratio", "accounts", drop_column("accounts", "digital_txn_ratio"), "MissingColumn", 1, "digital_txn_ratio")
case("transactions_missing_month", "transactions", drop_column("transactions", "month"), "MissingColumn", 1, "month")
case("customers_age_text", "customers", edit("customers", 3, "age", "forty"), "WrongType", 3, "age")
case("customers_income_negative", "customers", edit("customers", 4, "income", "-500000"), "OutOfRange", 4, "income")
case("customers_gender_unknown", "customers", edit("customers", 2, "gender", "X"), "WrongType", 2, "gender")
case("customers_occupation_unknown", "customers", edit("customers", 5, "occupation", "Astronaut"), "WrongType", 5, "occupation")
case("customers_age_zero", "customers", edit("customers", 6, "age", "0"), "OutOfRange", 6, "age")
case("customers_tenure_negative", "customers", edit("customers", 7, "tenure_years", "-1"), "OutOfRange", 7, "tenure_years")
case("customers_duplicate_id", "customers", edit("customers", 7, "customer_id", "3"), "DuplicateId", 7, "customer_id")
case("customers_empty_id", "customers", edit("customers", 3, "customer_id", ""), "EmptyValue", 3, "customer_id")
case("customers_header_only", "customers", read("customers")[0] + "\n", "NoCustomers")
case("customers_empty_file", "customers", "", "EmptyFile")
case("customers_whitespace_only", "customers", "  \n\n \n", "EmptyFile")
case("accounts_ratio_above_one", "accounts", edit("accounts", 3, "digital_txn_ratio", "1.2"), "OutOfRange", 3, "digital_txn_ratio")
case("accounts_negative_balance", "accounts", edit("accounts", 5, "avg_balance", "-20"), "OutOfRange", 5, "avg_balance")
case("accounts_duplicate_id", "accounts", edit("accounts", 6, "customer_id", "1"), "DuplicateId", 6, "customer_id")
case("accounts_deposits_text", "accounts", edit("accounts", 2, "monthly_deposits", "many"), "WrongType", 2, "monthly_deposits")
case("accounts_balance_nan", "accounts", edit("accounts", 4, "avg_balance", "NaN"), "WrongType", 4, "avg_balance")
case("accounts_balance_empty", "accounts", edit("accounts", 7, "avg_balance", ""), "EmptyValue", 7, "avg_balance")
case("cards_utilization_negative", "credit_cards", edit("credit_cards", 2, "utilization_ratio", "-0.1"), "OutOfRange", 2, "utilization_ratio")
case("cards_delinquency_two", "credit_cards", edit("credit_cards", 3, "delinquency_12m", "2"), "OutOfRange", 3, "delinquency_12m")
case("cards_delinquency_text", "credit_cards", edit("credit_cards", 4, "delinquency_12m", "yes"), "WrongType", 4, "delinquency_12m")
case("cards_limit_with_suffix", "credit_cards", edit("credit_cards", 5, "card_limit", "50k"), "WrongType", 5, "card_limit")
case("cards_extra_field", "credit_cards", append("credit_cards", "2,50000,0.5,0,extra"), "MalformedRow", 6)
case("cards_missing_field", "credit_cards", append("credit_cards", "2,50000,0.5"), "MalformedRow", 6)
case("loans_type_unknown", "loans", edit("loans", 2, "loan_type", "Boat"), "WrongType", 2, "loan_type")
case("loans_emi_empty", "loans", edit("loans", 2, "monthly_emi", ""), "EmptyValue", 2, "monthly_emi")
case("loans_overdue_half", "loans", edit("loans", 2, "overdue_flag", "0.5"), "OutOfRange", 2, "overdue_flag")
case("investments_fd_negative", "investments", edit("investments", 3, "fd_amount", "-50000"), "OutOfRange", 3, "fd_amount")
case("investments_insurance_three", "investments", edit("investments", 2, "insurance_policy", "3"), "OutOfRange", 2, "insurance_policy")
case("transactions_month_seven", "transactions", edit("transactions", 8, "month", "7"), "OutOfRange", 8, "month")
case("transactions_month_zero", "transactions", edit("transactions", 2, "month", "0"), "OutOfRange", 2, "month")
case("transactions_month_fraction", "transactions", edit("transactions", 10, "month", "2.5"), "OutOfRange", 10, "month")
case("transactions_travel_negative", "transactions", edit("transactions", 12, "travel_spend", "-1"), "OutOfRange", 12, "travel_spend")
case("transactions_unclosed_quote", "transactions", append("transactions", '6,6,"100,200,300,400'), "MalformedRow", 38)
case("not_csv_binary", "customers", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "NotCsv")
case("not_csv_prose", "customers", "Dear team,\nplease find the customer list attached.\nRegards\n", "NotCsv", 1)
case("unrecognised_header", "+", "foo,bar,baz\n1,2,3\n", "UnrecognisedFile", 1)
case("accounts_invalid_utf8", "accounts", append("accounts", "7,100.0,1.0,1.0,0.5").encode() + b"\xff\xfe,1,2,3,0.5\n", "NotCsv", 9)
case("loans_file_missing", "-loans", "", "MissingFile")
case("accounts_given_twice", "+", "\n".join(read("accounts")) + "\n", "DuplicateTable")

os.makedirs(BAD, exist_ok=True)
for f in os.listdir(BAD):
    os.remove(os.path.join(BAD, f))
with open(os.path.join(BAD, "cases.tsv"), "w") as m:
    m.write("case\ttable\tkind\trow\tcolumn\n")
    for name, table, content, kind, row, column in C:
        if not table.startswith("-"):
            data = content if isinstance(content, bytes) else content.encode()
            with open(os.path.join(BAD, name + ".csv"), "wb") as f:
                f.write(data)
        m.write(f"{name}\t{table}\t{kind}\t{row}\t{column}\n")
print(f"wrote {len(C)} cases to {BAD}")
