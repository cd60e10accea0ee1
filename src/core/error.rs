//! The core's error type: one enum composed from the modules' errors.

use std::fmt;

use super::import::ImportSummary;
use super::kmeans::KMeansError;

/// Anything that stops an analysis.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoreError {
    /// K-Means refused its parameters or the data (see [`KMeansError`]).
    #[error(transparent)]
    KMeans(#[from] KMeansError),
    /// An analysis parameter out of range (K, the K range or restarts), with what was given.
    #[error("invalid parameter: {0}")]
    InvalidParam(String),
    /// The dataset has no customers, so there is nothing to analyse.
    #[error("the dataset has no customers")]
    NoCustomers,
    /// The data itself cannot be analysed (found after parsing: the join, the model inputs, too
    /// few customers), with where and what to do.
    #[error(transparent)]
    Data(Box<DataError>),
}

impl From<DataError> for CoreError {
    fn from(e: DataError) -> Self {
        CoreError::Data(Box::new(e))
    }
}

impl From<Box<DataError>> for CoreError {
    fn from(e: Box<DataError>) -> Self {
        CoreError::Data(e)
    }
}

impl CoreError {
    /// For a [`CoreError::Data`], the same error located in the files an import read (see
    /// [`DataError::locate`]); anything else unchanged.
    pub fn locate(self, summary: &ImportSummary) -> Self {
        match self {
            CoreError::Data(e) => CoreError::Data(Box::new((*e).locate(summary))),
            e => e,
        }
    }
}

/// A problem with the data found after parsing: the table (and file), the row and the column
/// when one value is at fault, what is wrong and what to do.
///
/// Displays as `customers.csv, row 8, column income: <problem>. <hint>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataError {
    /// The table, by its contract name ("customers", "accounts", …).
    pub table: String,
    /// The file the table came from, once known ([`DataError::locate`]).
    pub file: Option<String>,
    /// The 0-based index of the record at fault in the table, if one is.
    pub record: Option<usize>,
    /// The 1-based row in the file (the header is row 1) of `record`: `record + 2` until
    /// [`DataError::locate`] accounts for rows an import left out.
    pub row: Option<u64>,
    /// The column at fault, by name.
    pub column: Option<String>,
    /// What is wrong.
    pub problem: String,
    /// What to do about it.
    pub hint: String,
}

impl DataError {
    /// A problem with a whole table.
    pub fn table(table: &str, problem: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            table: table.to_string(),
            file: None,
            record: None,
            row: None,
            column: None,
            problem: problem.into(),
            hint: hint.into(),
        }
    }

    /// A problem with one value: record `record` (0-based) of `table`, column `column`.
    pub fn at(
        table: &str,
        record: usize,
        column: &str,
        problem: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            record: Some(record),
            row: Some(record as u64 + 2),
            column: Some(column.to_string()),
            ..Self::table(table, problem, hint)
        }
    }

    /// The file name shown: the imported file's, else `<table>.csv`.
    pub fn file_name(&self) -> String {
        self.file
            .clone()
            .unwrap_or_else(|| format!("{}.csv", self.table))
    }

    /// `customers.csv, row 8, column income` (the parts that are known).
    pub fn location(&self) -> String {
        let mut s = self.file_name();
        if let Some(r) = self.row {
            s.push_str(&format!(", row {r}"));
        }
        if let Some(c) = &self.column {
            s.push_str(&format!(", column {c}"));
        }
        s
    }

    /// Names the file the table was imported from, and counts the rows that import left out
    /// (skipped rows in error) before the record, so `row` is the row in that file. (A quoted
    /// value spanning lines is not counted: the row is then an estimate.)
    pub fn locate(mut self, summary: &ImportSummary) -> Self {
        let Some((_, file, _)) = summary
            .files
            .iter()
            .find(|(kind, _, _)| kind.name() == self.table)
        else {
            return self;
        };
        if let Some(record) = self.record {
            let mut skipped: Vec<u64> = summary
                .skipped_rows
                .iter()
                .filter(|e| e.file.as_deref() == Some(file.as_str()))
                .filter_map(|e| e.row)
                .collect();
            skipped.sort_unstable();
            skipped.dedup();
            let mut row = record as u64 + 2;
            for s in skipped {
                if s <= row {
                    row += 1;
                }
            }
            self.row = Some(row);
        }
        self.file = Some(file.clone());
        self
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}. {}", self.location(), self.problem, self.hint)
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, CoreError>;
