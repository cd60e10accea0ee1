//! Import of the six CSV files (the data contract of docs/product.md) with validation.
//!
//! Each file is recognised by its header (file names may differ). Headers match case- and
//! whitespace-insensitively (invisible characters such as a zero-width space are dropped), and a
//! header the user's [`ColumnMapping`]s name is read as one of our columns. The text may be UTF-8
//! (with or without a BOM), UTF-16 or Windows-1252, comma-, semicolon-, tab- or pipe-separated,
//! with LF, CRLF or CR line ends (`text`: how a file is read is listed in
//! [`ImportSummary::notices`]). A stray file (an Excel lock file `~$…`, a hidden `.…` file, a
//! README) that looks like no table is skipped with a notice.
//!
//! Problems name the file, row (the header is row 1) and column and say what to do
//! ([`ImportError`]). An import collects them all, up to [`MAX_PROBLEMS_PER_FILE`] per file
//! ([`ImportProblems`]); with [`ImportOptions::skip_bad_rows`] the rows in error are left out and
//! listed instead ([`ImportSummary::skipped_rows`], [`skipped_rows_csv`]). Problems that do not
//! stop an import end up in the join-quality report ([`crate::core::c360::JoinReport`]).
//! Parsing is incremental ([`TableReader::step`]) so a browser can yield between chunks and
//! show progress on a large file.

mod errors;
mod reader;
mod schema;
pub mod stream;
mod text;

pub use errors::{ErrorKind, ImportError, ImportProblems};
pub(crate) use reader::Check;
pub use reader::{MAX_AMOUNT, MAX_TENURE_YEARS, ParsedTable, TableReader, unescape_cell};
pub use schema::{
    ColumnMapping, TableKind, detect_table, detect_table_with, normalize_header, parse_mappings,
};

/// At most this many problems are listed per file; the rest are counted.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// How to import: strict by default (any problem stops the import).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Leave out the data rows in error (listed in [`ImportSummary::skipped_rows`]) and go on.
    pub skip_bad_rows: bool,
    /// The user's headers read as our columns.
    pub mappings: Vec<ColumnMapping>,
    /// Problems listed per file (the rest are counted).
    pub max_problems_per_file: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            skip_bad_rows: false,
            mappings: Vec::new(),
            max_problems_per_file: MAX_PROBLEMS_PER_FILE,
        }
    }
}

use super::data::Dataset;

/// One file handed to the importer.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    /// The file's name, used in messages (its table is recognised by its header, not its name).
    pub name: &'a str,
    /// The file's raw contents.
    pub bytes: &'a [u8],
}

/// What an import read, table by table.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportSummary {
    /// (table, file name, data rows), in table order.
    pub files: Vec<(TableKind, String, usize)>,
    /// Header columns that are not part of the contract and were ignored, as "file: column".
    pub ignored_columns: Vec<String>,
    /// How files were read when not plain comma-separated UTF-8 (encoding, delimiter, line
    /// ends, mapped columns), and stray files skipped, as "file: what".
    pub notices: Vec<String>,
    /// The rows left out when skipping bad rows: file, row, column and the problem, in table
    /// order.
    pub skipped_rows: Vec<ImportError>,
}

impl ImportSummary {
    /// Adds what reading `table` found: its file and rows, ignored columns, notices and rows
    /// left out.
    pub fn add(&mut self, table: &ParsedTable) {
        self.files
            .push((table.kind(), table.file().to_string(), table.rows()));
        self.ignored_columns.extend(
            table
                .ignored_columns()
                .iter()
                .map(|c| format!("{}: {c}", table.file())),
        );
        self.notices.extend(table.notices().iter().cloned());
        self.skipped_rows
            .extend(table.skipped_rows().iter().cloned());
    }
}

/// True for a file name that is obviously not a data table: an Excel or LibreOffice lock file
/// (`~$…`, `.~lock…`), a hidden file (`.DS_Store`, `._…`), or an extension other than .csv and
/// .tsv (README.md, notes.txt, a .docx, …). Such a file is skipped, with a notice, when its
/// header matches no table.
pub fn is_stray_name(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let ext = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    base.starts_with("~$")
        || base.starts_with('.')
        || base.eq_ignore_ascii_case("readme")
        || ext.is_some_and(|e| !matches!(e.as_str(), "csv" | "tsv"))
}

/// The files assigned to the six tables, and the stray files skipped.
#[derive(Debug, Clone)]
pub struct Assigned<'a> {
    /// Each table found, with its file, in table order.
    pub tables: Vec<(TableKind, InputFile<'a>)>,
    /// "file: skipped: why", one per stray file.
    pub notices: Vec<String>,
}

/// Assigns each file to its table, checking that every table comes exactly once.
pub fn assign_files<'a>(
    files: &[InputFile<'a>],
) -> Result<Vec<(TableKind, InputFile<'a>)>, ImportError> {
    assign_files_with(files, &ImportOptions::default())
        .map(|a| a.tables)
        .map_err(ImportProblems::into_first)
}

/// Assigns each file to its table with the user's mappings, skipping stray files; collects
/// every problem (unrecognised files, tables given twice, missing tables).
pub fn assign_files_with<'a>(
    files: &[InputFile<'a>],
    options: &ImportOptions,
) -> Result<Assigned<'a>, ImportProblems> {
    let (assigned, mut errors) = assign_collect(files, options);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.file.is_none());
        return Err(ImportProblems {
            errors,
            unlisted: Vec::new(),
        });
    }
    Ok(assigned)
}

fn assign_collect<'a>(
    files: &[InputFile<'a>],
    options: &ImportOptions,
) -> (Assigned<'a>, Vec<ImportError>) {
    let mut errors = Vec::new();
    for m in &options.mappings {
        if let Err(e) = m.check() {
            errors.push(e);
        }
    }
    let mut notices = Vec::new();
    let mut slots: [Option<InputFile<'a>>; 6] = [None; 6];
    for f in files {
        let kind = match detect_table_with(f.name, f.bytes, &options.mappings) {
            Ok(kind) => kind,
            Err(e) if is_stray_name(f.name) => {
                notices.push(format!(
                    "{}: skipped, it is not one of the six tables ({})",
                    f.name,
                    e.kind.title()
                ));
                continue;
            }
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let slot = &mut slots[kind.index()];
        if let Some(prev) = slot {
            errors.push(ImportError::file(
                ErrorKind::DuplicateTable,
                f.name,
                format!(
                    "both {} and {} look like the {} table",
                    prev.name,
                    f.name,
                    kind.name()
                ),
            ));
            continue;
        }
        *slot = Some(*f);
    }
    let mut tables = Vec::with_capacity(6);
    for kind in TableKind::ALL {
        match slots[kind.index()] {
            Some(f) => tables.push((kind, f)),
            // A file that failed recognition may well be this table: say it is missing only
            // when every file was recognised.
            None if errors.iter().any(|e| e.file.is_some()) => {}
            None => errors.push(ImportError::new(
                ErrorKind::MissingFile,
                None,
                None,
                None,
                format!("no file with the {} table's columns was given", kind.name()),
            )),
        }
    }
    (Assigned { tables, notices }, errors)
}

/// Parses and validates all six files at once, stopping at the first problem found (the CLI's
/// strict mode and tests; the browser drives [`TableReader`] itself to show progress).
pub fn import_files(files: &[InputFile<'_>]) -> Result<(Dataset, ImportSummary), ImportError> {
    import_files_with(files, &ImportOptions::default()).map_err(ImportProblems::into_first)
}

/// Parses and validates all six files, collecting every problem (up to
/// [`ImportOptions::max_problems_per_file`] per file); with `skip_bad_rows`, rows in error are
/// left out and listed in the summary instead.
pub fn import_files_with(
    files: &[InputFile<'_>],
    options: &ImportOptions,
) -> Result<(Dataset, ImportSummary), ImportProblems> {
    let (assigned, mut problems) = assign_collect(files, options);
    let mut problems = ImportProblems {
        errors: std::mem::take(&mut problems),
        unlisted: Vec::new(),
    };
    let mut tables = Vec::with_capacity(6);
    for read in read_tables(&assigned.tables, options) {
        match read {
            Ok(t) => tables.push(t),
            Err(p) => {
                problems.errors.extend(p.errors);
                problems.unlisted.extend(p.unlisted);
            }
        }
    }
    if !problems.errors.is_empty() {
        // File-less problems (a missing table) after those in files.
        problems.errors.sort_by_key(|e| e.file.is_none());
        return Err(problems);
    }
    Ok(assemble_with(tables, assigned.notices))
}

/// Parses one assigned file whole.
fn read_table(
    kind: TableKind,
    f: &InputFile<'_>,
    options: &ImportOptions,
) -> Result<ParsedTable, ImportProblems> {
    let mut r =
        TableReader::with_options(kind, f.name, f.bytes, options).map_err(|e| ImportProblems {
            errors: vec![e],
            unlisted: Vec::new(),
        })?;
    while !r.step(usize::MAX).unwrap_or(true) {}
    r.finish_all()
}

/// Parses every assigned file, in their order; natively each on its own thread (the tables are
/// independent until they are assembled), in WebAssembly one after the other.
fn read_tables(
    tables: &[(TableKind, InputFile<'_>)],
    options: &ImportOptions,
) -> Vec<Result<ParsedTable, ImportProblems>> {
    crate::core::parallel::map(tables, |(kind, f)| read_table(*kind, f, options))
}

/// Builds the dataset from the six parsed tables (any order).
pub fn assemble(tables: Vec<ParsedTable>) -> (Dataset, ImportSummary) {
    assemble_with(tables, Vec::new())
}

/// [`assemble`], with the notices of the file assignment (stray files skipped) first.
pub fn assemble_with(tables: Vec<ParsedTable>, notices: Vec<String>) -> (Dataset, ImportSummary) {
    let mut ds = Dataset::default();
    let mut summary = ImportSummary {
        notices,
        ..Default::default()
    };
    let mut skipped_customers = Vec::new();
    let mut tables = tables;
    tables.sort_by_key(|t| t.kind().index());
    for t in tables {
        summary.add(&t);
        if t.kind() == TableKind::Customers {
            skipped_customers.extend(t.skipped_ids().iter().cloned());
        }
        t.into_dataset(&mut ds);
    }
    if let Some(notice) = leave_out_rows_of(&mut ds, skipped_customers) {
        summary.notices.push(notice);
    }
    (ds, summary)
}

/// Leaves out the other tables' rows of the customers whose own row was left out (skip mode),
/// so that they are not reported as rows of unknown customers; says how many, per table.
fn leave_out_rows_of(ds: &mut Dataset, ids: Vec<String>) -> Option<String> {
    let gone = left_out_ids(&ds.customers, ids);
    if gone.is_empty() {
        return None;
    }
    fn drop_rows<T>(
        rows: &mut Vec<T>,
        id: impl Fn(&T) -> &str,
        gone: &rustc_hash::FxHashSet<String>,
    ) -> usize {
        let before = rows.len();
        rows.retain(|r| !gone.contains(id(r)));
        before - rows.len()
    }
    let counts = [
        drop_rows(&mut ds.accounts, |r| &r.customer_id, &gone),
        drop_rows(&mut ds.credit_cards, |r| &r.customer_id, &gone),
        drop_rows(&mut ds.loans, |r| &r.customer_id, &gone),
        drop_rows(&mut ds.investments, |r| &r.customer_id, &gone),
        drop_rows(&mut ds.transactions, |r| &r.customer_id, &gone),
    ];
    left_out_notice(&counts, gone.len())
}

/// The ids of customers left out (skip mode) that are not among the `customers` kept (an id
/// whose row was given twice keeps its rows).
pub(crate) fn left_out_ids(
    customers: &[super::data::Customer],
    mut ids: Vec<String>,
) -> rustc_hash::FxHashSet<String> {
    if ids.is_empty() {
        return Default::default();
    }
    let kept: rustc_hash::FxHashSet<&str> =
        customers.iter().map(|c| c.customer_id.as_str()).collect();
    ids.retain(|id| !kept.contains(id.as_str()));
    ids.into_iter().collect()
}

/// What [`leave_out_rows_of`] says for `counts` rows left out of accounts, credit_cards, loans,
/// investments and transactions, of `customers` customers left out.
pub(crate) fn left_out_notice(counts: &[usize; 5], customers: usize) -> Option<String> {
    const TABLES: [&str; 5] = [
        "accounts",
        "credit_cards",
        "loans",
        "investments",
        "transactions",
    ];
    let total: usize = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let per_table: Vec<String> = TABLES
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    let whose = if customers == 1 {
        "the customer".to_string()
    } else {
        format!("the {customers} customers")
    };
    Some(format!(
        "{total} rows of other tables belonged to {whose} left out, and were left out with them ({})",
        per_table.join(", ")
    ))
}

/// The rows left out (or any list of problems) as a CSV the user can download: file, row,
/// column, problem, what to do. Cells that a spreadsheet would run as a formula are written
/// with a leading single quote (OWASP), as every CSV the app writes.
pub fn skipped_rows_csv(rows: &[ImportError]) -> String {
    fn cell(s: &str) -> String {
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }
    let mut out = String::from("file,row,column,problem,detail,what_to_do\n");
    for e in rows {
        let fields = [
            cell(e.file.as_deref().unwrap_or("")),
            e.row.map_or(String::new(), |r| r.to_string()),
            cell(e.column.as_deref().unwrap_or("")),
            cell(e.kind.title()),
            cell(&e.detail),
            cell(e.hint()),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}
