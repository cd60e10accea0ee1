//! ZIP archives for "Export data" (the six CSV files in one download) and for importing that
//! download, or a ZIP made by any common tool, back. Plain Rust, free of Leptos.
//!
//! Only what those need of the format (PKWARE APPNOTE 6.3): stored and deflated entries (deflate
//! by `miniz_oxide`, CRC-32 by `crc32fast`), UTF-8 names, data descriptors when reading; no
//! ZIP64, encryption or multi-disk archives (a browser could not hold a 4 GiB file anyway).
//! A full ZIP crate cost more than half the app's download again.

use thiserror::Error;

/// Deflate level of "Export data" (1 fastest … 9 smallest): 1 keeps a CSV to about a third,
/// several times faster than zlib's default 6 (which saves another sixth), so the page pauses
/// less while it compresses.
pub const DEFLATE_LEVEL: u8 = 1;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIR: u32 = 0x0605_4b50;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// General-purpose flags: bit 0 encrypted, bit 3 sizes in a data descriptor, bit 11 UTF-8 name.
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_UTF8: u16 = 1 << 11;
/// Version 2.0: deflate.
const VERSION: u16 = 20;
/// 1980-01-01 00:00 in MS-DOS form: entries carry no real time, so the same files always give
/// the same archive.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

/// Why an archive could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArchiveError {
    /// Not a ZIP archive, or cut short.
    #[error("it is not a complete ZIP archive ({0})")]
    Malformed(&'static str),
    /// A feature this reader leaves out.
    #[error("{0} is not supported")]
    Unsupported(String),
    /// An entry's data does not inflate, or does not match its checksum.
    #[error("{name} is damaged ({why})")]
    Damaged {
        /// The entry's file name inside the archive.
        name: String,
        /// What is wrong with its data.
        why: String,
    },
    /// A file above 4 GiB, or more than 65,535 of them.
    #[error("the archive would be too large for a plain ZIP")]
    TooLarge,
}

/// The first bytes of a ZIP archive ("PK\x03\x04", or "PK\x05\x06" when empty).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Packs `(file name, bytes)` into a ZIP archive, each file deflated at [`DEFLATE_LEVEL`] (or
/// stored, when that is not smaller).
pub fn pack(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, ArchiveError> {
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut out = Vec::with_capacity(total / 4 + 1024);
    let mut central = Vec::new();
    let count = u16::try_from(files.len()).map_err(|_| ArchiveError::TooLarge)?;
    for (name, data) in files {
        let deflated = miniz_oxide::deflate::compress_to_vec(data, DEFLATE_LEVEL);
        let (method, body) = if deflated.len() < data.len() {
            (DEFLATED, deflated.as_slice())
        } else {
            (STORED, data.as_slice())
        };
        let entry = Entry {
            name: name.as_bytes(),
            method,
            crc: crc32fast::hash(data),
            compressed: u32_of(body.len())?,
            size: u32_of(data.len())?,
            offset: u32_of(out.len())?,
        };
        entry.write_local(&mut out)?;
        out.extend_from_slice(body);
        entry.write_central(&mut central)?;
    }
    let cd_offset = u32_of(out.len())?;
    let cd_size = u32_of(central.len())?;
    out.extend_from_slice(&central);
    put32(&mut out, END_OF_CENTRAL_DIR);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk of the central directory
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, cd_size);
    put32(&mut out, cd_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// The `.csv` files in an archive, `(path inside the archive, bytes)` in archive order.
/// Folders, other files and macOS metadata (`__MACOSX/`, `._*`) are skipped.
pub fn unpack_csv(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ArchiveError> {
    csv_entries(bytes)?
        .into_iter()
        .map(|e| Ok((e.name(), e.extract(bytes)?)))
        .collect()
}

/// The `.csv` entries of an archive, not yet unpacked (see [`unpack_csv`]).
pub fn csv_entries(bytes: &[u8]) -> Result<Vec<Entry<'_>>, ArchiveError> {
    let mut entries = central_directory(bytes)?;
    entries.retain(|e| is_csv_entry(&e.name()));
    Ok(entries)
}

/// A `.csv` path that is not macOS metadata.
fn is_csv_entry(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    path.to_ascii_lowercase().ends_with(".csv")
        && !path.starts_with("__MACOSX/")
        && !base.starts_with("._")
}

/// One file of an archive, as its central directory describes it.
pub struct Entry<'a> {
    name: &'a [u8],
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    /// Where its local header starts.
    offset: u32,
}

impl Entry<'_> {
    /// Its path inside the archive.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(self.name).into_owned()
    }

    /// The fields local and central headers share, from "version needed" to the name length.
    fn write_common(&self, out: &mut Vec<u8>) -> Result<(), ArchiveError> {
        put16(out, VERSION);
        put16(out, FLAG_UTF8);
        put16(out, self.method);
        put16(out, DOS_TIME);
        put16(out, DOS_DATE);
        put32(out, self.crc);
        put32(out, self.compressed);
        put32(out, self.size);
        put16(
            out,
            u16::try_from(self.name.len()).map_err(|_| ArchiveError::TooLarge)?,
        );
        put16(out, 0); // extra field length
        Ok(())
    }

    fn write_local(&self, out: &mut Vec<u8>) -> Result<(), ArchiveError> {
        put32(out, LOCAL_HEADER);
        self.write_common(out)?;
        out.extend_from_slice(self.name);
        Ok(())
    }

    fn write_central(&self, out: &mut Vec<u8>) -> Result<(), ArchiveError> {
        put32(out, CENTRAL_HEADER);
        put16(out, VERSION); // version made by (MS-DOS attributes)
        self.write_common(out)?;
        put16(out, 0); // comment length
        put16(out, 0); // disk number start
        put16(out, 0); // internal attributes
        put32(out, 0); // external attributes
        put32(out, self.offset);
        out.extend_from_slice(self.name);
        Ok(())
    }

    /// The entry's contents (from `zip`, the archive it was listed from), inflated and checked
    /// against its CRC-32.
    pub fn extract(&self, zip: &[u8]) -> Result<Vec<u8>, ArchiveError> {
        let at = self.offset as usize;
        if read32(zip, at)? != LOCAL_HEADER {
            return Err(ArchiveError::Malformed("a file header is missing"));
        }
        let start =
            at.saturating_add(30 + read16(zip, at + 26)? as usize + read16(zip, at + 28)? as usize);
        let body = slice(zip, start, self.compressed as usize)?;
        let damaged = |why: String| ArchiveError::Damaged {
            name: self.name(),
            why,
        };
        let data = match self.method {
            STORED => body.to_vec(),
            DEFLATED => {
                miniz_oxide::inflate::decompress_to_vec_with_limit(body, self.size as usize)
                    .map_err(|e| damaged(e.to_string()))?
            }
            m => {
                return Err(ArchiveError::Unsupported(format!(
                    "compression method {m} (save the ZIP with standard “deflate” compression)"
                )));
            }
        };
        if data.len() != self.size as usize || crc32fast::hash(&data) != self.crc {
            return Err(damaged("its checksum does not match".to_string()));
        }
        Ok(data)
    }
}

/// The entries listed in the archive's central directory.
fn central_directory(zip: &[u8]) -> Result<Vec<Entry<'_>>, ArchiveError> {
    let end = find_end_of_central_dir(zip)?;
    let count = read16(zip, end + 10)? as usize;
    let mut at = read32(zip, end + 16)? as usize;
    if read16(zip, end + 4)? != 0 || read16(zip, end + 6)? != 0 {
        return Err(ArchiveError::Unsupported("a multi-part ZIP".to_string()));
    }
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        if read32(zip, at)? != CENTRAL_HEADER {
            return Err(ArchiveError::Malformed("the file list is damaged"));
        }
        let flags = read16(zip, at + 8)?;
        let name_len = read16(zip, at + 28)? as usize;
        let extra_len = read16(zip, at + 30)? as usize;
        let comment_len = read16(zip, at + 32)? as usize;
        let name = slice(zip, at + 46, name_len)?;
        let entry = Entry {
            name,
            method: read16(zip, at + 10)?,
            crc: read32(zip, at + 16)?,
            compressed: read32(zip, at + 20)?,
            size: read32(zip, at + 24)?,
            offset: read32(zip, at + 42)?,
        };
        if flags & FLAG_ENCRYPTED != 0 {
            return Err(ArchiveError::Unsupported(
                "an encrypted ZIP (save it without a password)".to_string(),
            ));
        }
        if [entry.compressed, entry.size, entry.offset].contains(&u32::MAX) {
            return Err(ArchiveError::Unsupported(
                "a ZIP64 archive (files above 4 GiB)".to_string(),
            ));
        }
        entries.push(entry);
        at = at.saturating_add(46 + name_len + extra_len + comment_len);
    }
    Ok(entries)
}

/// Where the end-of-central-directory record starts: searched backwards, past a comment of up
/// to 65,535 bytes.
fn find_end_of_central_dir(zip: &[u8]) -> Result<usize, ArchiveError> {
    let last = zip
        .len()
        .checked_sub(22)
        .ok_or(ArchiveError::Malformed("too short"))?;
    let first = last.saturating_sub(u16::MAX as usize);
    (first..=last)
        .rev()
        .find(|&i| zip[i..i + 4] == END_OF_CENTRAL_DIR.to_le_bytes())
        .ok_or(ArchiveError::Malformed("no file list at its end"))
}

fn u32_of(n: usize) -> Result<u32, ArchiveError> {
    u32::try_from(n)
        .ok()
        .filter(|&n| n != u32::MAX)
        .ok_or(ArchiveError::TooLarge)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// `len` bytes from `at`, or an error when the archive ends sooner.
fn slice(zip: &[u8], at: usize, len: usize) -> Result<&[u8], ArchiveError> {
    at.checked_add(len)
        .and_then(|end| zip.get(at..end))
        .ok_or(ArchiveError::Malformed("cut short"))
}

fn read16(zip: &[u8], at: usize) -> Result<u16, ArchiveError> {
    slice(zip, at, 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn read32(zip: &[u8], at: usize) -> Result<u32, ArchiveError> {
    slice(zip, at, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}
