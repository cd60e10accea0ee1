//! The six tables' columns, and recognising a file's table from its header.

use super::errors::{ErrorKind, ImportError};
use super::text::{Text, decode};

/// One of the six tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// `customers`: one row per customer (age, gender, income, occupation, city, tenure).
    Customers,
    /// `accounts`: one row per customer (balance, deposits, withdrawals, digital ratio).
    Accounts,
    /// `credit_cards`: one row per card holder (limit, utilisation, delinquency).
    CreditCards,
    /// `loans`: one row per loan holder (type, EMI, overdue flag).
    Loans,
    /// `investments`: one row per investor (mutual funds, fixed deposit, insurance).
    Investments,
    /// `transactions`: one row per customer and month (four spend categories).
    Transactions,
}

impl TableKind {
    /// All six, in contract order.
    pub const ALL: [TableKind; 6] = [
        TableKind::Customers,
        TableKind::Accounts,
        TableKind::CreditCards,
        TableKind::Loans,
        TableKind::Investments,
        TableKind::Transactions,
    ];

    /// Position in [`TableKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The table's name (and the export's file stem).
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Customers => "customers",
            TableKind::Accounts => "accounts",
            TableKind::CreditCards => "credit_cards",
            TableKind::Loans => "loans",
            TableKind::Investments => "investments",
            TableKind::Transactions => "transactions",
        }
    }

    /// The table named `name` (as [`TableKind::name`], case-insensitive; `cards` too).
    pub fn from_name(name: &str) -> Option<TableKind> {
        let n = normalize_header(name);
        let n = n.trim_end_matches(".csv");
        TableKind::ALL
            .into_iter()
            .find(|k| k.name() == n)
            .or((n == "cards").then_some(TableKind::CreditCards))
    }

    /// The file name the export writes.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.name())
    }

    /// The contract's columns, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            TableKind::Customers => &[
                "customer_id",
                "age",
                "gender",
                "income",
                "occupation",
                "city",
                "tenure_years",
            ],
            TableKind::Accounts => &[
                "customer_id",
                "avg_balance",
                "monthly_deposits",
                "monthly_withdrawals",
                "digital_txn_ratio",
            ],
            TableKind::CreditCards => &[
                "customer_id",
                "card_limit",
                "utilization_ratio",
                "delinquency_12m",
            ],
            TableKind::Loans => &["customer_id", "loan_type", "monthly_emi", "overdue_flag"],
            TableKind::Investments => &[
                "customer_id",
                "mf_investment",
                "fd_amount",
                "insurance_policy",
            ],
            TableKind::Transactions => &[
                "customer_id",
                "month",
                "shopping_spend",
                "travel_spend",
                "utility_spend",
                "wallet_spend",
            ],
        }
    }
}

/// True for characters that are invisible in a spreadsheet and never meant: zero-width space,
/// joiners, word joiner, soft hyphen, byte-order mark.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Normalises a header cell: invisible characters (zero-width space, BOM, soft hyphen) removed,
/// surrounding whitespace (no-break spaces included) removed, lower case, inner whitespace runs
/// turned into `_`.
pub fn normalize_header(h: &str) -> String {
    let visible: String = h.chars().filter(|c| !is_invisible(*c)).collect();
    visible
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

/// "Their header → our column" for one table: lets a file whose header says `Annual_Income` be
/// read as the customers table's `income`. Serialisable so that the app can remember it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ColumnMapping {
    /// The table the mapping applies to.
    pub table: TableKind,
    /// The header as the file has it (matched like our own names: case, spaces and invisible
    /// characters do not matter).
    pub header: String,
    /// One of the table's own columns.
    pub column: String,
}

impl ColumnMapping {
    /// A mapping, checked: `column` must be one of the table's columns.
    pub fn new(table: TableKind, header: &str, column: &str) -> Result<Self, ImportError> {
        let m = Self {
            table,
            header: header.trim().to_string(),
            column: normalize_header(column),
        };
        m.check()?;
        Ok(m)
    }

    /// Reads `table.Their_Header=column` (the CLI's `--map`).
    pub fn parse(s: &str) -> Result<Self, ImportError> {
        let bad =
            |detail: String| ImportError::new(ErrorKind::BadMapping, None, None, None, detail);
        let (left, column) = s.split_once('=').ok_or_else(|| {
            bad(format!(
                "\"{s}\" is not of the form table.Their_Header=column"
            ))
        })?;
        let (table, header) = left.split_once('.').ok_or_else(|| {
            bad(format!(
                "\"{s}\" is not of the form table.Their_Header=column"
            ))
        })?;
        let kind = TableKind::from_name(table).ok_or_else(|| {
            bad(format!(
                "\"{table}\" is not a table (customers, accounts, credit_cards, loans, investments, transactions)"
            ))
        })?;
        if header.trim().is_empty() {
            return Err(bad(format!("\"{s}\" names no header")));
        }
        Self::new(kind, header, column)
    }

    /// Checks that the column is one of the table's.
    pub fn check(&self) -> Result<(), ImportError> {
        if self.table.columns().contains(&self.column.as_str()) {
            Ok(())
        } else {
            Err(ImportError::new(
                ErrorKind::BadMapping,
                None,
                None,
                Some(&self.column),
                format!(
                    "{} has no column \"{}\" (its columns: {})",
                    self.table.name(),
                    self.column,
                    self.table.columns().join(", ")
                ),
            ))
        }
    }
}

/// Reads a mapping file: one `table.Their_Header=column` per line (blank lines and `#` comments
/// skipped), or the JSON list the app stores.
pub fn parse_mappings(text: &str) -> Result<Vec<ColumnMapping>, ImportError> {
    if text.trim_start().starts_with('[') {
        let v: Vec<ColumnMapping> = serde_json::from_str(text).map_err(|e| {
            ImportError::new(
                ErrorKind::BadMapping,
                None,
                None,
                None,
                format!("the mapping list cannot be read: {e}"),
            )
        })?;
        for m in &v {
            m.check()?;
        }
        return Ok(v);
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(ColumnMapping::parse)
        .collect()
}

/// A file's header: the cells as written and as matched against `kind`'s columns (normalised,
/// then mapped).
pub(super) struct Header {
    pub raw: Vec<String>,
    pub names: Vec<String>,
}

impl Header {
    /// The header cells of `text`, normalised. Rejects empty files.
    pub fn read(file: &str, text: &Text<'_>) -> Result<Self, ImportError> {
        let t = text.bytes.as_ref();
        if t.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(ImportError::file(
                ErrorKind::EmptyFile,
                file,
                "the file has no content",
            ));
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(text.delimiter)
            .from_reader(t);
        let mut rec = csv::StringRecord::new();
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => {
                return Err(ImportError::file(
                    ErrorKind::EmptyFile,
                    file,
                    "the file has no header row",
                ));
            }
            Err(e) => {
                return Err(ImportError::new(
                    ErrorKind::NotCsv,
                    Some(file),
                    Some(1),
                    None,
                    format!("the header row cannot be read as CSV ({e})"),
                ));
            }
        }
        let raw: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        for (i, c) in raw.iter().enumerate() {
            let (kind, what) = if c.contains('\0') {
                (ErrorKind::NulByte, "a NUL byte")
            } else if c.contains(char::REPLACEMENT_CHARACTER) {
                (ErrorKind::InvalidEncoding, "bytes that are not text")
            } else {
                continue;
            };
            let shown = c.replace('\0', "");
            return Err(ImportError::new(
                kind,
                Some(file),
                Some(1),
                Some(&shown),
                format!(
                    "header cell {} ({}) holds {what}",
                    i + 1,
                    spreadsheet_column(i)
                ),
            ));
        }
        let names = raw.iter().map(|c| normalize_header(c)).collect();
        Ok(Self { raw, names })
    }

    /// The names with `kind`'s mappings applied.
    pub fn mapped(&self, kind: TableKind, mappings: &[ColumnMapping]) -> Vec<String> {
        self.names
            .iter()
            .map(|h| {
                mappings
                    .iter()
                    .find(|m| m.table == kind && normalize_header(&m.header) == *h)
                    .map_or_else(|| h.clone(), |m| m.column.clone())
            })
            .collect()
    }
}

/// A spreadsheet's name for the 0-based column `i`: A, B, …, Z, AA, …
pub(super) fn spreadsheet_column(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The error for a file whose line breaks were lost, if it looks like one: a single line with
/// many fields, or long, or cut by the probe, or (`unrecognised`) whose header does not match.
pub(super) fn no_line_breaks(
    file: &str,
    text: &Text<'_>,
    header: &Header,
    unrecognised: bool,
) -> Option<ImportError> {
    let fields = header.raw.len();
    let suspicious = fields > 40 || text.bytes.len() > 4096 || !text.complete || unrecognised;
    (text.one_line() && fields > 1 && suspicious).then(|| {
        ImportError::new(
            ErrorKind::NoLineBreaks,
            Some(file),
            Some(1),
            None,
            format!(
                "the whole file is one line ({} fields{}): its rows are not on lines of their own",
                fields,
                if text.complete {
                    format!(", {} bytes", text.bytes.len())
                } else {
                    String::new()
                }
            ),
        )
    })
}

/// The first contract column of `kind` given twice in `names`, as an error naming both places.
pub(super) fn duplicate_column(
    file: &str,
    kind: TableKind,
    header: &Header,
    names: &[String],
) -> Option<ImportError> {
    kind.columns().iter().find_map(|c| {
        let at: Vec<usize> = (0..names.len()).filter(|&i| names[i] == *c).collect();
        (at.len() > 1).then(|| {
            let places: Vec<String> = at
                .iter()
                .map(|&i| {
                    format!(
                        "position {} (column {}, \"{}\")",
                        i + 1,
                        spreadsheet_column(i),
                        header.raw[i]
                    )
                })
                .collect();
            ImportError::new(
                ErrorKind::DuplicateColumn,
                Some(file),
                Some(1),
                Some(c),
                format!(
                    "the header names {c} {} times: at {}",
                    at.len(),
                    places.join(" and ")
                ),
            )
        })
    })
}

/// Which table a file holds, from its header: the table sharing the most columns
/// (besides customer_id) with it. A best match that lacks a column is a `MissingColumn` error.
pub fn detect_table(file: &str, bytes: &[u8]) -> Result<TableKind, ImportError> {
    detect_table_with(file, bytes, &[])
}

/// [`detect_table`] with the user's column mappings applied.
pub fn detect_table_with(
    file: &str,
    bytes: &[u8],
    mappings: &[ColumnMapping],
) -> Result<TableKind, ImportError> {
    let text = decode(file, bytes, true)?;
    let header = Header::read(file, &text)?;
    if let Some(e) = no_line_breaks(file, &text, &header, false) {
        return Err(e);
    }
    let overlap = |k: TableKind| {
        let names = header.mapped(k, mappings);
        k.columns()[1..]
            .iter()
            .filter(|c| names.iter().any(|h| h == *c))
            .count()
    };
    let best = TableKind::ALL
        .into_iter()
        .map(|k| (overlap(k), k))
        .max_by_key(|(n, k)| (*n, std::cmp::Reverse(k.index())))
        .filter(|(n, _)| *n > 0);
    let Some((_, kind)) = best else {
        if let Some(e) = no_line_breaks(file, &text, &header, true) {
            return Err(e);
        }
        let shown: Vec<&str> = header.raw.iter().take(6).map(String::as_str).collect();
        let fields = header.names.iter().filter(|h| !h.is_empty()).count();
        let detail = if fields <= 1 {
            "the first row has a single field; this does not look like a comma-, semicolon- or tab-separated file"
                .to_string()
        } else {
            format!(
                "its header ({}) matches none of the six tables",
                shown.join(", ")
            )
        };
        let kind = if fields <= 1 {
            ErrorKind::NotCsv
        } else {
            ErrorKind::UnrecognisedFile
        };
        return Err(ImportError::new(kind, Some(file), Some(1), None, detail));
    };
    check_columns(file, kind, &text, &header, mappings)?;
    Ok(kind)
}

/// Checks that `header` has each of `kind`'s columns exactly once (after mapping); returns the
/// mapped names.
pub(super) fn check_columns(
    file: &str,
    kind: TableKind,
    text: &Text<'_>,
    header: &Header,
    mappings: &[ColumnMapping],
) -> Result<Vec<String>, ImportError> {
    let names = header.mapped(kind, mappings);
    if let Some(e) = duplicate_column(file, kind, header, &names) {
        return Err(e);
    }
    if let Some(missing) = kind
        .columns()
        .iter()
        .find(|c| !names.iter().any(|h| h == *c))
    {
        if let Some(e) = no_line_breaks(file, text, header, true) {
            return Err(e);
        }
        let unknown: Vec<&str> = names
            .iter()
            .zip(&header.raw)
            .filter(|(n, _)| !n.is_empty() && !kind.columns().contains(&n.as_str()))
            .map(|(_, r)| r.as_str())
            .collect();
        let others = if unknown.is_empty() {
            String::new()
        } else {
            format!(
                "; the header's other columns are {} (map one of them to {missing} if it holds it)",
                unknown.join(", ")
            )
        };
        let mut e = ImportError::new(
            ErrorKind::MissingColumn,
            Some(file),
            Some(1),
            Some(missing),
            format!(
                "the {} table needs the column {missing}{others}",
                kind.name()
            ),
        );
        e.unmatched = Some(Box::new((
            kind,
            unknown.iter().map(|s| s.to_string()).collect(),
        )));
        return Err(e);
    }
    Ok(names)
}
