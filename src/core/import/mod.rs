//! Import of the six CSV files (SPEC §1 data contract) with validation.
//!
//! Each file is recognised by its header (file names may differ). Headers match case- and
//! whitespace-insensitively; a UTF-8 BOM, CRLF line ends and quoted fields are handled.
//! Errors that stop an import name the file, row and column and say what to do
//! ([`ImportError`]); problems that do not stop it end up in the join-quality report
//! ([`crate::core::c360::JoinReport`]). Parsing is incremental ([`TableReader::step`]) so a
//! browser can yield between chunks and show progress on a large file.

mod errors;
mod reader;
mod schema;

pub use errors::{ErrorKind, ImportError};
pub use reader::{ParsedTable, TableReader};
pub use schema::{TableKind, detect_table, normalize_header};

use super::data::Dataset;

/// One file handed to the importer.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What an import read, table by table.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportSummary {
    /// (table, file name, data rows), in table order.
    pub files: Vec<(TableKind, String, usize)>,
    /// Header columns that are not part of the contract and were ignored, as "file: column".
    pub ignored_columns: Vec<String>,
}

/// Assigns each file to its table, checking that every table comes exactly once.
pub fn assign_files<'a>(
    files: &[InputFile<'a>],
) -> Result<Vec<(TableKind, InputFile<'a>)>, ImportError> {
    let mut slots: [Option<InputFile<'a>>; 6] = [None; 6];
    for f in files {
        let kind = detect_table(f.name, f.bytes)?;
        let slot = &mut slots[kind.index()];
        if let Some(prev) = slot {
            return Err(ImportError::file(
                ErrorKind::DuplicateTable,
                f.name,
                format!(
                    "both {} and {} look like the {} table",
                    prev.name,
                    f.name,
                    kind.name()
                ),
            ));
        }
        *slot = Some(*f);
    }
    let mut out = Vec::with_capacity(6);
    for kind in TableKind::ALL {
        match slots[kind.index()] {
            Some(f) => out.push((kind, f)),
            None => {
                return Err(ImportError::new(
                    ErrorKind::MissingFile,
                    None,
                    None,
                    None,
                    format!("no file with the {} table's columns was given", kind.name()),
                ));
            }
        }
    }
    Ok(out)
}

/// Parses and validates all six files at once (the CLI and tests; the browser drives
/// [`TableReader`] itself to show progress).
pub fn import_files(files: &[InputFile<'_>]) -> Result<(Dataset, ImportSummary), ImportError> {
    let assigned = assign_files(files)?;
    let mut tables = Vec::with_capacity(6);
    for (kind, f) in assigned {
        let mut r = TableReader::new(kind, f.name, f.bytes)?;
        while !r.step(usize::MAX)? {}
        tables.push(r.finish()?);
    }
    Ok(assemble(tables))
}

/// Builds the dataset from the six parsed tables (any order).
pub fn assemble(tables: Vec<ParsedTable>) -> (Dataset, ImportSummary) {
    let mut ds = Dataset::default();
    let mut summary = ImportSummary::default();
    let mut tables = tables;
    tables.sort_by_key(|t| t.kind().index());
    for t in tables {
        summary
            .files
            .push((t.kind(), t.file().to_string(), t.rows()));
        summary.ignored_columns.extend(
            t.ignored_columns()
                .iter()
                .map(|c| format!("{}: {c}", t.file())),
        );
        t.into_dataset(&mut ds);
    }
    (ds, summary)
}
