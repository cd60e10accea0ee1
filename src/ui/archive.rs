//! ZIP archives for "Export data" (the six CSV files in one download) and for importing that
//! download back. Plain Rust, free of Leptos.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The first bytes of a ZIP archive ("PK\x03\x04", or "PK\x05\x06" when empty).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Packs `(file name, bytes)` into a deflated ZIP archive. Entries carry no timestamp (the
/// ZIP epoch), so the same files always give the same archive.
pub fn pack(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 4 + 1024)));
    // Level 6 (zlib's default): a fifth of the CSV size.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The `.csv` files in an archive, `(path inside the archive, bytes)` in archive order.
/// Folders, other files and macOS metadata (`__MACOSX/`, `._*`) are skipped.
pub fn unpack_csv(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, zip::result::ZipError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        if entry.is_dir() || !is_csv_entry(&name) {
            continue;
        }
        let mut data = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry.read_to_end(&mut data)?;
        out.push((name, data));
    }
    Ok(out)
}

/// A `.csv` path that is not macOS metadata.
fn is_csv_entry(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    path.to_ascii_lowercase().ends_with(".csv")
        && !path.starts_with("__MACOSX/")
        && !base.starts_with("._")
}
