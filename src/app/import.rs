//! Importing the user's six files (read by the host, e.g. `crate::web::files`): unpack a ZIP, recognise each
//! table by its header, parse every table a chunk of rows at a time (pausing between chunks so
//! the page paints its progress and stays responsive), then join and prepare. Free of Leptos:
//! the page passes an [`ImportHost`] that reports progress and pauses.
//!
//! A failed import returns an [`ImportFailure`] and changes nothing; the caller keeps the data
//! it had.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::core::import::{
    ImportError, ImportOptions, ImportProblems, InputFile, ParsedTable, TableReader, assemble_with,
    assign_files_with,
};

use super::error::AppError;
use super::format;
use super::source::ImportedData;
use crate::core::archive;

/// Rows parsed between two checks for a pause.
pub const CHUNK_ROWS: usize = 20_000;

/// Shares of the progress bar: reading the files, parsing them, then joining.
pub const READ_SHARE: f64 = 0.1;
const PARSE_SHARE: f64 = 0.8;

/// One file's name and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl LoadedFile {
    /// A file from its name and bytes.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// Where an import is: "Reading transactions.csv — 45 %", and the share of the whole, 0–1.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportProgress {
    pub label: String,
    pub fraction: f64,
}

/// Why an import stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportFailure {
    /// A file's contents: which file, row and column, what is wrong, and what to do.
    #[error(transparent)]
    Invalid(#[from] ImportError),
    /// Anything else (a file that cannot be read, an archive that cannot be unpacked, …).
    #[error(transparent)]
    Failed(#[from] AppError),
    /// More than one problem: every one found (up to 50 per file, the rest counted); the
    /// first is shown like [`ImportFailure::Invalid`], the others listed after it.
    #[error("{0}")]
    Many(ImportProblems),
}

impl From<ImportProblems> for ImportFailure {
    fn from(p: ImportProblems) -> Self {
        match (p.errors.len(), p.unlisted.is_empty()) {
            (1, true) => ImportFailure::Invalid(p.into_first()),
            _ => ImportFailure::Many(p),
        }
    }
}

impl ImportFailure {
    /// One line: what is wrong, e.g. "Value out of range: 1.2 is not a ratio between 0 and 1."
    pub fn summary(&self) -> String {
        match self.first() {
            Some(e) => format!("{}: {}.", capitalize(e.kind.title()), e.detail),
            None => match self {
                ImportFailure::Failed(e) => e.summary.clone(),
                _ => String::new(),
            },
        }
    }

    /// The first located problem, if the failure is about the files' contents.
    pub fn first(&self) -> Option<&ImportError> {
        match self {
            ImportFailure::Invalid(e) => Some(e),
            ImportFailure::Many(p) => p.first(),
            ImportFailure::Failed(_) => None,
        }
    }

    /// Every problem after the first, and how many more were not listed.
    pub fn others(&self) -> (&[ImportError], usize) {
        match self {
            ImportFailure::Many(p) => (
                p.errors.get(1..).unwrap_or(&[]),
                p.unlisted.iter().map(|(_, n)| n).sum(),
            ),
            _ => (&[], 0),
        }
    }

    /// Where: "accounts.csv, row 3, column digital_txn_ratio" (the parts that are known).
    pub fn location(&self) -> Option<String> {
        self.first()
            .map(ImportError::location)
            .filter(|l| !l.is_empty())
    }

    /// What to do about it, as a sentence.
    pub fn hint(&self) -> String {
        match (self.first(), self) {
            (Some(e), _) => format!("{}.", capitalize(e.hint())),
            (None, ImportFailure::Failed(e)) => e.hint.clone(),
            (None, _) => String::new(),
        }
    }
}

/// `s` with its first letter in upper case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What an import needs from its surroundings.
pub trait ImportHost {
    /// Shows where the import is.
    fn report(&self, progress: ImportProgress);
    /// Called between chunks: lets the page paint and handle input (or returns at once).
    fn pause(&self) -> impl Future<Output = ()>;
    /// Lets the page paint now (the label of the step that starts).
    fn paint(&self) -> impl Future<Output = ()>;
    /// A clock in milliseconds.
    fn now(&self) -> f64;
}

/// Replaces each ZIP archive by the CSV files inside it, unpacking one file per pause.
pub async fn expand_archives(
    files: Vec<LoadedFile>,
    host: &impl ImportHost,
) -> Result<Vec<LoadedFile>, ImportFailure> {
    let mut out = Vec::with_capacity(files.len().max(6));
    for f in files {
        if !archive::is_zip(&f.bytes) {
            if f.name.to_ascii_lowercase().ends_with(".zip") {
                return Err(AppError::new(
                    format!(
                        "{} is not a ZIP archive: its contents do not start like one.",
                        f.name
                    ),
                    "Choose the ZIP saved by “Export data”, or the six CSV files themselves.",
                )
                .into());
            }
            out.push(f);
            continue;
        }
        let failed = |e: archive::ArchiveError| {
            AppError::new(
                format!("{} could not be unpacked: {e}.", f.name),
                "Choose the ZIP saved by “Export data”, or the six CSV files themselves.",
            )
        };
        let entries = archive::csv_entries(&f.bytes).map_err(failed)?;
        if entries.is_empty() {
            return Err(AppError::new(
                format!("{} holds no CSV file.", f.name),
                "Choose a ZIP of the six CSV files, or the files themselves.",
            )
            .into());
        }
        for e in entries {
            host.report(ImportProgress {
                label: format!("Unpacking {} from {}…", e.name(), f.name),
                fraction: READ_SHARE,
            });
            host.pause().await;
            out.push(LoadedFile::new(
                e.name(),
                e.extract(&f.bytes).map_err(failed)?,
            ));
        }
    }
    Ok(out)
}

/// What to call the imported data: "6 files, 3,000 customers", or the archive's name when one
/// ZIP was given.
pub fn data_name(given: &[LoadedFile], customers: usize) -> String {
    let origin = match given {
        [one] if archive::is_zip(&one.bytes) => one.name.clone(),
        _ => format!("{} files", given.len()),
    };
    format!("{origin}, {} customers", format::count(customers))
}

/// Parses, validates, joins and prepares `files` (CSV files and ZIPs of them, any names, any
/// order). The returned data's `import_ms` covers this call only; the caller adds reading.
pub async fn import_loaded(
    files: Vec<LoadedFile>,
    host: &impl ImportHost,
) -> Result<ImportedData, ImportFailure> {
    import_loaded_with(files, host, &ImportOptions::default()).await
}

/// True when the import stopped at a problem confined to a data row, so that it can be run
/// again leaving such rows out ([`ImportOptions::skip_bad_rows`]).
pub fn can_skip_rows(failure: &ImportFailure) -> bool {
    match failure {
        ImportFailure::Invalid(e) => e.kind.is_row_level(),
        ImportFailure::Many(p) => p.all_row_level(),
        ImportFailure::Failed(_) => false,
    }
}

/// [`import_loaded`] with options: with `skip_bad_rows`, rows in error are left out and listed
/// in the summary ([`crate::core::import::ImportSummary::skipped_rows`]).
pub async fn import_loaded_with(
    files: Vec<LoadedFile>,
    host: &impl ImportHost,
    options: &ImportOptions,
) -> Result<ImportedData, ImportFailure> {
    let t0 = host.now();
    let given: Vec<LoadedFile> = files
        .iter()
        .map(|f| LoadedFile::new(f.name.clone(), head(&f.bytes)))
        .collect();
    let files = expand_archives(files, host).await?;
    let (tables, notices) = parse_tables(&files, host, options).await?;
    drop(files);

    host.report(ImportProgress {
        label: "Joining the six tables…".to_string(),
        fraction: READ_SHARE + PARSE_SHARE,
    });
    host.paint().await;
    let t1 = host.now();
    let (dataset, summary) = assemble_with(tables, notices);
    // A data problem (ids that do not join, a value too large to analyse, too few customers)
    // names its file and row and says what to do; anything else gets the generic hint.
    // Joined in pieces, the page taking a turn between them (10,00,000 customers are ~95,00,000
    // records). The time reported is the work's, not the turns' (as a run counts its stages).
    let mut join = crate::core::c360::Join::new(&dataset);
    let mut prepare_ms = host.now() - t1;
    loop {
        let t = host.now();
        let done = join.step(&dataset, crate::core::stages::JOIN_PIECE);
        prepare_ms += host.now() - t;
        if done {
            break;
        }
        host.pause().await;
    }
    // Then the features, the model matrix and its scaling, a part at a time.
    let located = |e: crate::core::error::CoreError| match e.locate(&summary) {
        e @ crate::core::error::CoreError::Data(_) => AppError::from(e),
        e => AppError::new(
            AppError::from(e).summary,
            "Check the values in your files (use “Export data” to see the expected format).",
        ),
    };
    let t = host.now();
    let mut preparing =
        crate::core::pipeline::Preparing::new(&dataset, join.finish()).map_err(located)?;
    prepare_ms += host.now() - t;
    let prepared = loop {
        host.pause().await;
        let t = host.now();
        let part = preparing.step(Some(&dataset)).map_err(located)?;
        prepare_ms += host.now() - t;
        if let Some(prepared) = part {
            break prepared;
        }
    };
    let t2 = host.now();
    let customers = prepared.rows.len();
    Ok(ImportedData {
        dataset: Arc::new(dataset),
        prepared: Arc::new(prepared),
        summary,
        name: data_name(&given, customers),
        generation: next_generation(),
        import_ms: t2 - t0,
        prepare_ms,
    })
}

/// Assigns the files to the six tables (stray files such as an Excel lock file are skipped,
/// with a notice) and parses each in chunks of [`CHUNK_ROWS`] rows. A table with problems does
/// not stop the others: every problem is collected and returned together.
async fn parse_tables(
    files: &[LoadedFile],
    host: &impl ImportHost,
    options: &ImportOptions,
) -> Result<(Vec<ParsedTable>, Vec<String>), ImportFailure> {
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|f| InputFile {
            name: &f.name,
            bytes: &f.bytes,
        })
        .collect();
    let assigned = assign_files_with(&inputs, options)?;
    let notices = assigned.notices;
    let assigned = assigned.tables;
    let total = assigned
        .iter()
        .map(|(_, f)| f.bytes.len())
        .sum::<usize>()
        .max(1) as f64;
    let mut done = 0.0;
    let mut tables = Vec::with_capacity(assigned.len());
    let mut problems = ImportProblems::default();
    for (kind, f) in assigned {
        let mut reader = match TableReader::with_options(kind, f.name, f.bytes, options) {
            Ok(r) => r,
            Err(e) => {
                problems.errors.push(e);
                done += f.bytes.len() as f64;
                continue;
            }
        };
        let size = f.bytes.len() as f64;
        loop {
            let share = reader.progress();
            host.report(ImportProgress {
                label: format!("Reading {} — {:.0} %", f.name, 100.0 * share),
                fraction: READ_SHARE + PARSE_SHARE * (done + share * size) / total,
            });
            host.pause().await;
            if reader.step(CHUNK_ROWS)? {
                break;
            }
        }
        match reader.finish_all() {
            Ok(t) => tables.push(t),
            Err(p) => {
                problems.errors.extend(p.errors);
                problems.unlisted.extend(p.unlisted);
            }
        }
        done += size;
    }
    if !problems.errors.is_empty() {
        return Err(problems.into());
    }
    Ok((tables, notices))
}

/// The first bytes of a file (enough to tell a ZIP), so the name can be worked out after the
/// contents have been handed on.
fn head(bytes: &[u8]) -> Vec<u8> {
    bytes[..bytes.len().min(4)].to_vec()
}

/// 1 for a page's first import, then 2, 3, …
fn next_generation() -> u64 {
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    GENERATION.fetch_add(1, Ordering::Relaxed) + 1
}
