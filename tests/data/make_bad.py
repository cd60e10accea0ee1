#!/usr/bin/env python3
"""Writes the bad-file corpus under tests/data/bad/ from the good set in tests/data/good/.

Each case replaces one table's file (or adds/drops a file) and names the error the import must
report: kind, file row (the header is row 1) and column. `cases.tsv` is the manifest the Rust test
reads. Run again after changing the good set: python3 tests/data/make_bad.py

It also writes tests/data/messy/: files that are messy but must be accepted (UTF-16, BOM,
Windows-1252, semicolons with decimal commas, tabs, CR-only or CRLF line ends, invisible header
characters, quoted fields, stray files beside the six); tests/import.rs asserts that each gives
the same Dataset as the clean set. Its manifest has: case, table (replaced, or "+" added), file.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
GOOD = os.path.join(HERE, "good")
BAD = os.path.join(HERE, "bad")
MESSY = os.path.join(HERE, "messy")


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
# Not UTF-8 and not Windows-1252 either (0x81 is undefined there): the cell is named.
case("accounts_invalid_utf8", "accounts", append("accounts", "7,100.0,1.0,1.0,0.5").encode() + b"\x81\x8d,1,2,3,0.5\n", "InvalidEncoding", 9, "customer_id")
case("loans_file_missing", "-loans", "", "MissingFile")
case("accounts_given_twice", "+", "\n".join(read("accounts")) + "\n", "DuplicateTable")


def text(table):
    return "\n".join(read(table)) + "\n"


def utf16(s, order="le", bom=True):
    b = s.encode("utf-16-le" if order == "le" else "utf-16-be")
    return ((b"\xff\xfe" if order == "le" else b"\xfe\xff") if bom else b"") + b


def cp1252(s):
    return s.encode("cp1252")


def delimited(table, sep, decimal_comma=False, content=None):
    lines = (content or text(table)).splitlines()
    out = []
    for i, l in enumerate(lines):
        fields = l.split(",")
        if decimal_comma and i > 0:
            fields = [f.replace(".", ",") for f in fields]
        out.append(sep.join(fields))
    return "\n".join(out) + "\n"


def with_header(table, header):
    lines = read(table)
    return "\n".join([header] + lines[1:]) + "\n"


def add_column(table, name, value):
    lines = read(table)
    return "\n".join([lines[0] + "," + name] + [l + "," + value for l in lines[1:]]) + "\n"


# --- Encodings and structure ---
mixed = text("customers").replace("Chennai", "Bogotá", 1).encode()
mixed = mixed.replace(b"Hyderabad", b"S\xe3o Paulo")
case("customers_mixed_encoding", "customers", mixed, "InvalidEncoding", 5, "city")
case("customers_nul_in_city", "customers", edit("customers", 4, "city", "Hyder\0abad"), "NulByte", 4, "city")
case("accounts_nul_in_balance", "accounts", edit("accounts", 3, "avg_balance", "20\x0000.0"), "NulByte", 3, "avg_balance")
case("transactions_nul_padding", "transactions", text("transactions") + "\0" * 300, "NulByte", 38, "customer_id")
case("customers_nul_in_header", "customers", text("customers").replace("age", "age\0", 1), "NulByte", 1, "age")
case("customers_one_line", "customers", " ".join(read("customers")), "NoLineBreaks", 1)
case("accounts_one_line_glued", "accounts", "".join(read("accounts")), "NoLineBreaks", 1)
case("transactions_one_line_big", "transactions", ",".join(read("transactions") * 20), "NoLineBreaks", 1)
case("not_csv_xlsx", "customers", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "NotCsv")
case("not_csv_pdf", "customers", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "NotCsv")
case("not_csv_utf32", "customers", b"\xff\xfe\x00\x00" + text("customers").encode("utf-32-le"), "NotCsv")
case("not_csv_old_xls", "accounts", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "NotCsv")
case("customers_utf16_bad_age", "customers", utf16(edit("customers", 3, "age", "forty")), "WrongType", 3, "age")
case("accounts_utf16be_bad_ratio", "accounts", utf16(edit("accounts", 4, "digital_txn_ratio", "2"), "be"), "OutOfRange", 4, "digital_txn_ratio")
case("customers_cp1252_bad_age", "customers", cp1252(edit("customers", 4, "age", "quarante-cinq").replace("Chennai", "Chennaï")), "WrongType", 4, "age")
case("accounts_semicolon_bad_ratio", "accounts", delimited("accounts", ";", True, edit("accounts", 3, "digital_txn_ratio", "1.5")), "OutOfRange", 3, "digital_txn_ratio")
case("loans_tab_bad_type", "loans", delimited("loans", "\t", False, edit("loans", 2, "loan_type", "Boat")), "WrongType", 2, "loan_type")
case("customers_cr_only_bad_gender", "customers", edit("customers", 5, "gender", "X").replace("\n", "\r"), "WrongType", 5, "gender")
case("cards_semicolon_extra_field", "credit_cards", delimited("credit_cards", ";", True, append("credit_cards", "2,50000.0,0.5,0,9")), "MalformedRow", 6)
case("customers_pipe_missing_income", "customers", delimited("customers", "|", False, drop_column("customers", "income")), "MissingColumn", 1, "income")
case("transactions_crlf_bad_month", "transactions", edit("transactions", 20, "month", "8").replace("\n", "\r\n"), "OutOfRange", 20, "month")

# --- Headers ---
case("customers_duplicate_income", "customers", add_column("customers", "income", "1"), "DuplicateColumn", 1, "income")
case("accounts_duplicate_ratio_spelt_differently", "accounts", add_column("accounts", "Digital Txn Ratio", "0.5"), "DuplicateColumn", 1, "digital_txn_ratio")
case("transactions_duplicate_month_invisible", "transactions", add_column("transactions", "mon\u200bth", "1"), "DuplicateColumn", 1, "month")
case("loans_duplicate_id_column", "loans", add_column("loans", "Customer ID", "1"), "DuplicateColumn", 1, "customer_id")
case("customers_annual_income_unmapped", "customers", text("customers").replace(",income,", ",Annual_Income,", 1), "MissingColumn", 1, "income")
case("investments_typo_fd", "investments", text("investments").replace("fd_amount", "fd_amout", 1), "MissingColumn", 1, "fd_amount")
case("stray_csv_with_unknown_header", "+", "region,manager\nSouth,Asha\n", "UnrecognisedFile", 1)

# --- Values ---
for name, table, row, col, value, kind in [
    ("customers_age_121", "customers", 3, "age", "121", "OutOfRange"),
    ("customers_age_1000", "customers", 2, "age", "1000", "OutOfRange"),
    ("customers_age_nan", "customers", 4, "age", "NaN", "WrongType"),
    ("customers_tenure_81", "customers", 3, "tenure_years", "81", "OutOfRange"),
    ("customers_tenure_above_age", "customers", 7, "tenure_years", "27", "OutOfRange"),
    ("customers_tenure_million", "customers", 2, "tenure_years", "1000000", "OutOfRange"),
    ("customers_tenure_inf", "customers", 5, "tenure_years", "inf", "WrongType"),
    ("customers_income_1e13", "customers", 2, "income", "1e13", "OutOfRange"),
    ("customers_income_1e300", "customers", 6, "income", "1e300", "OutOfRange"),
    ("customers_income_inf", "customers", 3, "income", "inf", "WrongType"),
    ("customers_income_1e309", "customers", 4, "income", "1e309", "OutOfRange"),
    ("customers_income_thousands", "customers", 5, "income", '"1,200,000"', "WrongType"),
    ("customers_income_escaped_negative", "customers", 2, "income", "'-5000", "OutOfRange"),
    ("customers_id_invisible_only", "customers", 4, "customer_id", "\u200b", "EmptyValue"),
    ("accounts_balance_infinity", "accounts", 2, "avg_balance", "Infinity", "WrongType"),
    ("accounts_balance_1e13", "accounts", 6, "avg_balance", "1e13", "OutOfRange"),
    ("accounts_deposits_2e12", "accounts", 3, "monthly_deposits", "2e12", "OutOfRange"),
    ("accounts_withdrawals_minus_inf", "accounts", 4, "monthly_withdrawals", "-inf", "WrongType"),
    ("accounts_id_spaces_only", "accounts", 5, "customer_id", '"   "', "EmptyValue"),
    ("cards_limit_1e15", "credit_cards", 2, "card_limit", "1e15", "OutOfRange"),
    ("cards_utilization_nan", "credit_cards", 3, "utilization_ratio", "nan", "WrongType"),
    ("loans_emi_1e13", "loans", 2, "monthly_emi", "1e13", "OutOfRange"),
    ("investments_mf_1e13", "investments", 2, "mf_investment", "1e13", "OutOfRange"),
    ("investments_fd_inf", "investments", 3, "fd_amount", "+inf", "WrongType"),
    ("transactions_shopping_1e13", "transactions", 5, "shopping_spend", "1e13", "OutOfRange"),
    ("transactions_wallet_nan", "transactions", 9, "wallet_spend", "NaN", "WrongType"),
    ("transactions_utility_1e309", "transactions", 14, "utility_spend", "1e309", "OutOfRange"),
    ("transactions_month_nan", "transactions", 6, "month", "nan", "WrongType"),
]:
    case(name, table, edit(table, row, col, value), kind, row, col)

# --- Messy but accepted: each must give the same Dataset as the clean set ---
M = []


def messy(name, table, content, file_name=None):
    M.append((name, table, content, file_name or name + ".csv"))


lock = bytes([10]) + b"Asha Verma" + b" " * 44 + "Asha Verma".encode("utf-16-le") + b"\x00" * 90
messy("customers_utf16le_bom", "customers", utf16(text("customers")))
messy("customers_utf16be_bom", "customers", utf16(text("customers"), "be"))
messy("accounts_utf16le_no_bom", "accounts", utf16(text("accounts"), bom=False))
messy("transactions_utf16_crlf", "transactions", utf16(text("transactions").replace("\n", "\r\n")))
messy("customers_utf8_bom_crlf", "customers", b"\xef\xbb\xbf" + text("customers").replace("\n", "\r\n").encode())
messy("customers_cp1252_notes", "customers", cp1252(add_column("customers", "remarque", "café crème")))
messy("accounts_semicolon_decimal_comma", "accounts", delimited("accounts", ";", True))
messy("cards_semicolon", "credit_cards", delimited("credit_cards", ";"))
messy("loans_tab", "loans", delimited("loans", "\t"), "loans.tsv")
messy("investments_pipe", "investments", delimited("investments", "|"))
messy("transactions_cr_only", "transactions", text("transactions").replace("\n", "\r"))
messy("transactions_crlf", "transactions", text("transactions").replace("\n", "\r\n"))
messy("transactions_no_final_newline", "transactions", text("transactions").rstrip("\n"))
messy("customers_invisible_headers", "customers", with_header("customers", "\u200bcustomer_id,\ufeffage,gender\u00a0,In\u200bcome,occupation,\u00a0City,tenure\u00a0years"))
messy("customers_quoted_everything", "customers", "\n".join(",".join('"%s"' % f for f in l.split(",")) for l in read("customers")) + "\n")
messy("accounts_padded_values", "accounts", "\n".join(" , ".join(" %s " % f for f in l.split(",")) for l in read("accounts")) + "\n")
messy("loans_blank_lines", "loans", "\n\n".join(read("loans")) + "\n\n\n")
messy("excel_lock_file", "+", lock, "~$customers.csv")
messy("ds_store", "+", b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00\x00\x00\x08\x00" + b"\x00" * 40, ".DS_Store")
messy("readme", "+", "# Customer extract\nSix tables, exported on 2026-12-01, by the data team.\n", "README.md")
messy("notes_txt", "+", "remember: transactions are monthly, 1 to 6\n", "notes.txt")
messy("libreoffice_lock", "+", ",Asha Verma,laptop,04.12.2026 10:00,file:///home/asha/.config/libreoffice/4;\n", ".~lock.customers.csv#")

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

shutil.rmtree(MESSY, ignore_errors=True)
os.makedirs(MESSY)
with open(os.path.join(MESSY, "cases.tsv"), "w") as m:
    m.write("case\ttable\tfile\n")
    for name, table, content, file_name in M:
        os.makedirs(os.path.join(MESSY, name), exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode()
        with open(os.path.join(MESSY, name, file_name), "wb") as f:
            f.write(data)
        m.write(f"{name}\t{table}\t{file_name}\n")
print(f"wrote {len(M)} accepted messy cases to {MESSY}")
