//! The six tables' columns, and recognising a file's table from its header.

use super::errors::{ErrorKind, ImportError};

/// One of the six tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TableKind {
    Customers,
    Accounts,
    CreditCards,
    Loans,
    Investments,
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

/// Normalises a header cell: BOM and surrounding whitespace removed, lower case, inner
/// whitespace runs turned into `_`.
pub fn normalize_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

/// The header cells of a file (first record), normalised. Rejects empty and binary files.
pub(super) fn header_of(file: &str, bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    let text = strip_bom(bytes);
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::file(
            ErrorKind::EmptyFile,
            file,
            "the file has no content",
        ));
    }
    let probe = &text[..text.len().min(64 * 1024)];
    if probe.contains(&0) {
        return Err(ImportError::file(
            ErrorKind::NotCsv,
            file,
            "the file contains binary data",
        ));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => Ok(rec.iter().map(normalize_header).collect()),
        Ok(false) => Err(ImportError::file(
            ErrorKind::EmptyFile,
            file,
            "the file has no header row",
        )),
        Err(e) => Err(ImportError::new(
            ErrorKind::NotCsv,
            Some(file),
            Some(1),
            None,
            format!("the header row cannot be read as UTF-8 CSV ({e})"),
        )),
    }
}

/// Drops a leading UTF-8 byte-order mark.
pub(super) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Which table a file holds, from its header: the table sharing the most columns
/// (besides customer_id) with it. A best match that lacks a column is a `MissingColumn` error.
pub fn detect_table(file: &str, bytes: &[u8]) -> Result<TableKind, ImportError> {
    let header = header_of(file, bytes)?;
    let overlap = |k: TableKind| {
        k.columns()[1..]
            .iter()
            .filter(|c| header.iter().any(|h| h == *c))
            .count()
    };
    let best = TableKind::ALL
        .into_iter()
        .map(|k| (overlap(k), k))
        .max_by_key(|(n, k)| (*n, std::cmp::Reverse(k.index())))
        .filter(|(n, _)| *n > 0);
    let Some((_, kind)) = best else {
        let shown: Vec<&str> = header.iter().take(6).map(String::as_str).collect();
        let fields = header.iter().filter(|h| !h.is_empty()).count();
        let detail = if fields <= 1 {
            "the first row has a single field; this does not look like a comma-separated file"
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
    if let Some(missing) = kind
        .columns()
        .iter()
        .find(|c| !header.iter().any(|h| h == *c))
    {
        return Err(ImportError::new(
            ErrorKind::MissingColumn,
            Some(file),
            Some(1),
            Some(missing),
            format!("the {} table needs the column {missing}", kind.name()),
        ));
    }
    Ok(kind)
}
