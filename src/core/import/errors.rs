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
    /// Bytes that are neither UTF-8 nor Windows-1252 (a file mixing encodings), at a cell.
    InvalidEncoding,
    /// A NUL character inside a cell (a damaged or padded export).
    NulByte,
    /// The whole file is one line: its line breaks were lost.
    NoLineBreaks,
    /// Two header cells name the same column of the table.
    DuplicateColumn,
    /// A column mapping names a table or column that does not exist.
    BadMapping,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 17] = [
        ErrorKind::MissingFile,
        ErrorKind::DuplicateTable,
        ErrorKind::UnrecognisedFile,
        ErrorKind::EmptyFile,
        ErrorKind::NotCsv,
        ErrorKind::MissingColumn,
        ErrorKind::MalformedRow,
        ErrorKind::EmptyValue,
        ErrorKind::WrongType,
        ErrorKind::OutOfRange,
        ErrorKind::DuplicateId,
        ErrorKind::NoCustomers,
        ErrorKind::InvalidEncoding,
        ErrorKind::NulByte,
        ErrorKind::NoLineBreaks,
        ErrorKind::DuplicateColumn,
        ErrorKind::BadMapping,
    ];

    /// True for a problem confined to one data row: `--skip-bad-rows` can leave such a row out.
    pub fn is_row_level(self) -> bool {
        matches!(
            self,
            ErrorKind::MalformedRow
                | ErrorKind::EmptyValue
                | ErrorKind::WrongType
                | ErrorKind::OutOfRange
                | ErrorKind::DuplicateId
                | ErrorKind::InvalidEncoding
                | ErrorKind::NulByte
        )
    }
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
            ErrorKind::NotCsv => {
                "save the table as CSV (comma-, semicolon- or tab-separated, UTF-8) and try again"
            }
            ErrorKind::MissingColumn => {
                "add the column to the header row (names are case-insensitive), or, on the command line, map your own header to it (c360 analyze or c360 score --map table.Your_Header=column)"
            }
            ErrorKind::MalformedRow => {
                "check for a missing or extra comma, or an unclosed quote, in that row"
            }
            ErrorKind::EmptyValue => "fill in the value, or remove the row",
            ErrorKind::WrongType => "correct the value to the expected type",
            ErrorKind::OutOfRange => "correct the value to lie within the allowed range",
            ErrorKind::DuplicateId => "keep one row per customer in this table",
            ErrorKind::NoCustomers => "the customers file needs at least one data row",
            ErrorKind::InvalidEncoding => {
                "the file mixes text encodings: open it in a spreadsheet or editor and save it again as CSV UTF-8"
            }
            ErrorKind::NulByte => {
                "the file is damaged or padded with NUL bytes: export the table again, or delete that character"
            }
            ErrorKind::NoLineBreaks => {
                "the line breaks were lost (one line for the whole table): export the table again with one row per line"
            }
            ErrorKind::DuplicateColumn => {
                "keep one column of that name: delete or rename the other one"
            }
            ErrorKind::BadMapping => {
                "map a header to one of the table's own columns, e.g. customers.Annual_Income=income"
            }
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
            ErrorKind::InvalidEncoding => "unreadable characters",
            ErrorKind::NulByte => "NUL byte",
            ErrorKind::NoLineBreaks => "no line breaks",
            ErrorKind::DuplicateColumn => "column given twice",
            ErrorKind::BadMapping => "bad column mapping",
        }
    }
}

/// An import error with its location. Displays as `file:row:column: title: detail`, then the hint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportError {
    /// What kind of problem it is (its title and hint).
    pub kind: ErrorKind,
    /// The file it is in; `None` when no one file is at fault (a missing table, a bad mapping).
    pub file: Option<String>,
    /// 1-based line number in the file (the header is row 1).
    pub row: Option<u64>,
    /// The column it is in (our name or the file's header); `None` for a whole row or file.
    pub column: Option<String>,
    /// What exactly is wrong.
    pub detail: String,
    /// For a missing column: the table and the file's headers that match none of its columns,
    /// one of which the user may map to the missing column ([`super::ColumnMapping`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    /// (Boxed: an error stays small enough to return by value.)
    pub unmatched: Option<Box<(super::TableKind, Vec<String>)>>,
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
            unmatched: None,
        }
    }

    /// For a missing column, the mappings the user could choose from: (table, their header, our
    /// column), one per header of the file that matches none of the table's columns.
    pub fn mapping_choices(&self) -> Vec<super::ColumnMapping> {
        match (self.unmatched.as_deref(), &self.column) {
            (Some((table, headers)), Some(column)) if self.kind == ErrorKind::MissingColumn => {
                headers
                    .iter()
                    .filter_map(|h| super::ColumnMapping::new(*table, h, column).ok())
                    .collect()
            }
            _ => Vec::new(),
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

/// Every problem an import found, file by file (at most [`super::MAX_PROBLEMS_PER_FILE`] listed
/// per file; the rest counted in `unlisted`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImportProblems {
    /// The problems, in file order then row order.
    pub errors: Vec<ImportError>,
    /// (file, number of further problems not listed) for files past the cap.
    pub unlisted: Vec<(String, usize)>,
}

impl ImportProblems {
    /// All problems, listed or not.
    pub fn total(&self) -> usize {
        self.errors.len() + self.unlisted.iter().map(|(_, n)| n).sum::<usize>()
    }

    /// The first problem (there is always one in a failed import).
    pub fn first(&self) -> Option<&ImportError> {
        self.errors.first()
    }

    /// True when every problem is confined to a data row, so skipping the rows in error would
    /// let the import go on.
    pub fn all_row_level(&self) -> bool {
        self.errors.iter().all(|e| e.kind.is_row_level())
    }

    /// Turns the collection into its first error (the strict API's answer).
    pub fn into_first(self) -> ImportError {
        self.errors.into_iter().next().unwrap_or_else(|| {
            ImportError::new(
                ErrorKind::NotCsv,
                None,
                None,
                None,
                "the import failed for an unknown reason",
            )
        })
    }
}

impl From<ImportError> for ImportProblems {
    fn from(e: ImportError) -> Self {
        Self {
            errors: vec![e],
            unlisted: Vec::new(),
        }
    }
}

impl fmt::Display for ImportProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.total();
        if let [only] = self.errors.as_slice()
            && n == 1
        {
            write!(f, "{only}")?;
        } else {
            write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })?;
            for e in &self.errors {
                write!(f, "\n  {e}")?;
            }
        }
        for (file, more) in &self.unlisted {
            write!(f, "\n  {file}: and {more} more problems not listed")?;
        }
        if n > 0 && self.all_row_level() {
            write!(
                f,
                "\nEvery problem is in a data row: fix the rows, or skip them (--skip-bad-rows) to go on with the rest."
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportProblems {}
