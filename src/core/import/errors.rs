//! Import errors: what is wrong, where (file, row, column), and what to do about it.

use std::fmt;

/// The kinds of problem that stop an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ErrorKind {
    /// One of the six tables was not among the files.
    MissingFile,
    /// Two files look like the same table.
    DuplicateTable,
    /// A file's header matches none of the six tables.
    UnrecognisedFile,
    /// The file is empty.
    EmptyFile,
    /// The file is not text CSV (binary, or not UTF-8).
    NotCsv,
    /// A required column is missing from the header.
    MissingColumn,
    /// A row has a different number of fields than the header.
    MalformedRow,
    /// A required value is empty.
    EmptyValue,
    /// A value is not of the column's type (not a number, an unknown category, …).
    WrongType,
    /// A value is outside the column's range (ratio outside 0–1, flag not 0/1, …).
    OutOfRange,
    /// A customer_id appears twice in a one-row-per-customer table.
    DuplicateId,
    /// The customers table has no rows.
    NoCustomers,
}

impl ErrorKind {
    /// What to do about it.
    pub fn hint(self) -> &'static str {
        match self {
            ErrorKind::MissingFile => {
                "select all six files: customers, accounts, credit_cards, loans, investments, transactions (use \"Export data\" to see the format)"
            }
            ErrorKind::DuplicateTable => "give each of the six tables exactly once",
            ErrorKind::UnrecognisedFile => {
                "check the header row: the column names must be those of one of the six tables"
            }
            ErrorKind::EmptyFile => "export the table again; it needs at least a header row",
            ErrorKind::NotCsv => "save the table as CSV (comma-separated, UTF-8) and try again",
            ErrorKind::MissingColumn => {
                "add the column to the header row (names are case-insensitive)"
            }
            ErrorKind::MalformedRow => {
                "check for a missing or extra comma, or an unclosed quote, in that row"
            }
            ErrorKind::EmptyValue => "fill in the value, or remove the row",
            ErrorKind::WrongType => "correct the value to the expected type",
            ErrorKind::OutOfRange => "correct the value to lie within the allowed range",
            ErrorKind::DuplicateId => "keep one row per customer in this table",
            ErrorKind::NoCustomers => "the customers file needs at least one data row",
        }
    }

    /// A short title.
    pub fn title(self) -> &'static str {
        match self {
            ErrorKind::MissingFile => "missing file",
            ErrorKind::DuplicateTable => "table given twice",
            ErrorKind::UnrecognisedFile => "unrecognised file",
            ErrorKind::EmptyFile => "empty file",
            ErrorKind::NotCsv => "not a CSV file",
            ErrorKind::MissingColumn => "missing column",
            ErrorKind::MalformedRow => "malformed row",
            ErrorKind::EmptyValue => "empty value",
            ErrorKind::WrongType => "wrong type",
            ErrorKind::OutOfRange => "value out of range",
            ErrorKind::DuplicateId => "duplicate customer_id",
            ErrorKind::NoCustomers => "no customers",
        }
    }
}

/// An import error with its location. Displays as `file:row:column: title: detail`, then the hint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportError {
    pub kind: ErrorKind,
    pub file: Option<String>,
    /// 1-based line number in the file (the header is row 1).
    pub row: Option<u64>,
    pub column: Option<String>,
    /// What exactly is wrong.
    pub detail: String,
}

impl ImportError {
    /// An error with every location field given.
    pub fn new(
        kind: ErrorKind,
        file: Option<&str>,
        row: Option<u64>,
        column: Option<&str>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            file: file.map(String::from),
            row,
            column: column.map(String::from),
            detail: detail.into(),
        }
    }

    /// An error about a whole file.
    pub fn file(kind: ErrorKind, file: &str, detail: impl Into<String>) -> Self {
        Self::new(kind, Some(file), None, None, detail)
    }

    /// `file:row:column` (the parts that are known).
    pub fn location(&self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.file {
            parts.push(f.clone());
        }
        if let Some(r) = self.row {
            parts.push(format!("row {r}"));
        }
        if let Some(c) = &self.column {
            parts.push(format!("column {c}"));
        }
        parts.join(", ")
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        self.kind.hint()
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut loc = String::new();
        if let Some(file) = &self.file {
            loc.push_str(file);
            if let Some(r) = self.row {
                loc.push_str(&format!(":{r}"));
            }
            if let Some(c) = &self.column {
                loc.push_str(&format!(":{c}"));
            }
            loc.push_str(": ");
        }
        write!(
            f,
            "{loc}{}: {}. Hint: {}",
            self.kind.title(),
            self.detail,
            self.hint()
        )
    }
}

impl std::error::Error for ImportError {}
