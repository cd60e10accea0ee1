//! Where the analysed data comes from: synthesized from the settings, or imported by the user.
//! Plain data, free of Leptos.

use std::sync::Arc;

use crate::core::data::Dataset;
use crate::core::import::ImportSummary;
use crate::core::pipeline::Prepared;
use crate::core::synth::SynthParams;

use super::shared::Shared;

/// A successful import: the six tables, joined and prepared, and what the import read.
#[derive(Debug)]
pub struct ImportedData {
    /// The tables as read (kept for "Export data").
    pub dataset: Arc<Dataset>,
    /// Joined, engineered and scaled; its `join_report` is shown after the import.
    pub prepared: Arc<Prepared>,
    /// Rows per file and ignored columns.
    pub summary: ImportSummary,
    /// What to call the data, e.g. "6 files, 3,000 customers".
    pub name: String,
    /// Counts the imports of a page (1 for the first), so each import is analysed afresh.
    pub generation: u64,
    /// Time to read, parse, join and prepare, in milliseconds.
    pub import_ms: f64,
    /// The join-and-prepare part of `import_ms`.
    pub prepare_ms: f64,
}

impl ImportedData {
    /// Number of customers.
    pub fn customers(&self) -> usize {
        self.prepared.rows.len()
    }

    /// The problems the join met that did not stop the import, one sentence each (empty when
    /// there were none): [`crate::core::c360::JoinReport::warnings`].
    pub fn join_problems(&self) -> Vec<String> {
        self.prepared.join_report.warnings()
    }
}

/// The data one analysis runs on.
#[derive(Debug, Clone, PartialEq)]
pub enum RunData {
    /// Generated from these parameters.
    Synthetic(SynthParams),
    /// Imported by the user (equal when it is the same import).
    Imported(Shared<ImportedData>),
}

/// What identifies prepared data in the runner's cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKey {
    Synthetic(SynthParams),
    /// An import's generation.
    Imported(u64),
}

impl RunData {
    /// The cache key of this data.
    pub fn key(&self) -> DataKey {
        match self {
            RunData::Synthetic(p) => DataKey::Synthetic(*p),
            RunData::Imported(d) => DataKey::Imported(d.generation),
        }
    }

    /// Number of customers.
    pub fn customers(&self) -> usize {
        match self {
            RunData::Synthetic(p) => p.customers,
            RunData::Imported(d) => d.customers(),
        }
    }
}

/// What a `?data=` link names: one file (the ZIP from "Export data", or any file the import
/// reads), or a folder holding the six CSV files (a URL ending in `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataLink {
    File { url: String, name: String },
    Folder { url: String },
}

/// Checks a `?data=` link: `resolved` is the browser's reading of it against the page (absolute
/// URL, its origin, its path), `None` when it is not a URL at all; `page_origin` is the page's.
/// Only this page's own site (origin) is accepted: an extract is customer data, and the page may
/// only talk to where it came from.
pub fn data_link(
    given: &str,
    resolved: Option<(&str, &str, &str)>,
    page_origin: &str,
) -> Result<DataLink, crate::app::error::AppError> {
    use crate::app::error::AppError;
    let Some((href, origin, path)) = resolved else {
        return Err(AppError::new(
            format!("The link's data address “{given}” is not a web address."),
            "Give ?data= the address of the ZIP from “Export data”, or of a folder (ending in /) with the six CSV files, on this site.",
        ));
    };
    let hint = "Put the extract on the same web server as this page and link to it there, or download it and choose it under “Load your data”.";
    if !page_origin.starts_with("http://") && !page_origin.starts_with("https://") {
        return Err(AppError::new(
            format!(
                "The extract at {href} was not loaded: this page was opened from a file, and such a page cannot download extracts."
            ),
            "Choose the extract under “Load your data” instead.",
        ));
    }
    if !(href.starts_with("http://") || href.starts_with("https://")) {
        return Err(AppError::new(
            format!(
                "The link's data address “{given}” was not loaded: it is not a web (http or https) address."
            ),
            hint,
        ));
    }
    if origin != page_origin {
        return Err(AppError::new(
            format!(
                "The extract at {href} was not loaded: it is on another site ({origin}), and this page loads extracts from its own site ({page_origin}) only."
            ),
            hint,
        ));
    }
    let href = href.split('#').next().unwrap_or(href).to_string();
    if path.ends_with('/') {
        return Ok(DataLink::Folder { url: href });
    }
    let name = path.rsplit('/').next().unwrap_or("extract").to_string();
    let name = form_urlencoded::parse(format!("n={name}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "extract".to_string());
    Ok(DataLink::File { url: href, name })
}

/// What to do when a file of a `?data=` link cannot be downloaded.
pub fn data_link_hint(link: &DataLink) -> &'static str {
    match link {
        DataLink::File { .. } => {
            "Check the address in the link (?data=…): it must name the ZIP from “Export data” (or a folder ending in / that holds the six CSV files) on this site."
        }
        DataLink::Folder { .. } => {
            "The folder must hold customers.csv, accounts.csv, credit_cards.csv, loans.csv, investments.csv and transactions.csv; check the address in the link (?data=…)."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://intranet.example";

    #[test]
    fn a_zip_on_the_same_site_is_one_file_named_after_its_last_segment() {
        let link = data_link(
            "exports/night%20run.zip",
            Some((
                "https://intranet.example/c360/exports/night%20run.zip#x",
                ORIGIN,
                "/c360/exports/night%20run.zip",
            )),
            ORIGIN,
        )
        .unwrap();
        assert_eq!(
            link,
            DataLink::File {
                url: "https://intranet.example/c360/exports/night%20run.zip".into(),
                name: "night run.zip".into()
            }
        );
    }

    #[test]
    fn a_path_ending_in_a_slash_is_a_folder_of_six_files() {
        let link = data_link(
            "/data/",
            Some(("https://intranet.example/data/", ORIGIN, "/data/")),
            ORIGIN,
        )
        .unwrap();
        assert_eq!(
            link,
            DataLink::Folder {
                url: "https://intranet.example/data/".into()
            }
        );
    }

    #[test]
    fn another_site_or_scheme_is_refused_naming_both_sites() {
        let e = data_link(
            "https://evil.example/x.zip",
            Some((
                "https://evil.example/x.zip",
                "https://evil.example",
                "/x.zip",
            )),
            ORIGIN,
        )
        .unwrap_err();
        assert!(e.summary.contains("https://evil.example"), "{}", e.summary);
        assert!(e.summary.contains(ORIGIN), "{}", e.summary);
        for scheme in ["data:text/csv,a", "javascript:alert(1)"] {
            let e = data_link(scheme, Some((scheme, "null", "x")), ORIGIN).unwrap_err();
            assert!(
                e.summary.contains("not a web (http or https) address"),
                "{}",
                e.summary
            );
        }
        // A page opened from a file has no site to load from (Chromium says "file://", others "null").
        for page in ["null", "file://"] {
            let e = data_link(
                "x.zip",
                Some(("file:///tmp/x.zip", page, "/tmp/x.zip")),
                page,
            )
            .unwrap_err();
            assert!(e.summary.contains("opened from a file"), "{}", e.summary);
            assert!(!e.summary.contains("another site"), "{}", e.summary);
        }
        assert!(
            data_link("::", None, ORIGIN)
                .unwrap_err()
                .summary
                .contains("not a web address")
        );
    }
}
