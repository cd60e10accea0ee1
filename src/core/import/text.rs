//! From a file's bytes to UTF-8 CSV text: the encoding (UTF-8 with or without a BOM, UTF-16 LE/BE,
//! Windows-1252), binary files, CR-only line ends, NUL bytes and the delimiter.
//!
//! Decisions (see README, "Bring your own data"):
//! - UTF-16 (with a BOM, or without one when every other byte of the start is 0) is decoded.
//! - A file that is not UTF-8 and holds no UTF-8 multi-byte character at all is read as
//!   Windows-1252 (what Excel's "CSV" writes on Windows), with a notice naming the row and column
//!   of its first such character. A file that mixes the two, or holds bytes Windows-1252 leaves
//!   undefined, has those characters reported as `InvalidEncoding` at their row and column.
//! - Line ends may be LF, CRLF or CR alone (old Mac exports; turned into LF, with a notice).
//! - The delimiter is sniffed from the header line: comma, semicolon, tab or `|`. With a
//!   semicolon, numbers may use a decimal comma (`1234,5`), as European spreadsheets write them.
//!
//! No crate is used for the two decodings: the standard library decodes UTF-16, and
//! Windows-1252 is Latin-1 plus a 32-entry table; that keeps the wasm small.

use std::borrow::Cow;

use super::errors::{ErrorKind, ImportError};

/// How much of a file is decoded to recognise its table.
pub(super) const PROBE_BYTES: usize = 64 * 1024;

/// A file's contents as UTF-8 CSV text.
pub(super) struct Text<'a> {
    /// Valid UTF-8, no BOM, LF or CRLF line ends.
    pub bytes: Cow<'a, [u8]>,
    pub delimiter: u8,
    /// Some bytes could not be decoded and were replaced by U+FFFD (reported per cell).
    pub invalid: bool,
    /// The text holds a NUL character (reported per cell).
    pub has_nul: bool,
    /// Byte offset (in `bytes`) of the first character read as Windows-1252, if the file was.
    pub first_cp1252: Option<usize>,
    /// How the file was read, when it was not plain comma-separated UTF-8 ("read as UTF-16 …").
    pub notices: Vec<String>,
    /// The whole file was decoded (not only its first [`PROBE_BYTES`]).
    pub complete: bool,
}

impl Text<'_> {
    /// True when the text has no line break (besides trailing ones).
    pub fn one_line(&self) -> bool {
        let t = self.bytes.as_ref();
        let end = t
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        !t[..end].contains(&b'\n')
    }
}

/// A name for a delimiter, for messages.
pub(super) fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe (|)",
        _ => "comma",
    }
}

/// Decodes `bytes` (only the first [`PROBE_BYTES`] when `probe`).
pub(super) fn decode<'a>(
    file: &str,
    bytes: &'a [u8],
    probe: bool,
) -> Result<Text<'a>, ImportError> {
    let limit = if probe { PROBE_BYTES } else { usize::MAX };
    let complete = bytes.len() <= limit;
    let mut notices = Vec::new();
    let mut invalid = false;
    let mut first_cp1252 = None;

    let (mut text, utf16): (Cow<'a, [u8]>, Option<bool>) = match utf16_order(bytes) {
        Some((little, bom)) => {
            let body = &bytes[bom..];
            let body = &body[..body.len().min(limit) & !1];
            let (s, bad) = decode_utf16(body, little);
            invalid |= bad || (complete && (bytes.len() - bom) % 2 == 1);
            (Cow::Owned(s.into_bytes()), Some(little))
        }
        None => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let body = &body[..body.len().min(limit)];
            if let Some(what) = binary_kind(body) {
                return Err(ImportError::file(
                    ErrorKind::NotCsv,
                    file,
                    format!("the file is {what}, not text"),
                ));
            }
            (Cow::Borrowed(body), None)
        }
    };
    if let Some(little) = utf16 {
        notices.push(format!(
            "{file}: read as UTF-16 ({}); saving it as CSV UTF-8 makes it smaller",
            if little {
                "little-endian"
            } else {
                "big-endian"
            }
        ));
    } else if let Err(e) = std::str::from_utf8(&text) {
        // A probe may cut a character in two at its end: that is not an error.
        let cut_at_end = e.error_len().is_none();
        if cut_at_end {
            let keep = e.valid_up_to();
            text = match text {
                Cow::Borrowed(b) => Cow::Borrowed(&b[..keep]),
                Cow::Owned(mut v) => {
                    v.truncate(keep);
                    Cow::Owned(v)
                }
            };
        } else if looks_cp1252(&text) {
            let (s, first) = decode_cp1252(&text);
            first_cp1252 = first;
            text = Cow::Owned(s.into_bytes());
        } else {
            invalid = true;
            text = Cow::Owned(String::from_utf8_lossy(&text).into_owned().into_bytes());
        }
    }

    // CR-only line ends: the csv reader would take them as record ends, but count every row as
    // line 1; turn them into LF so that rows are numbered right.
    if text.contains(&b'\r') && !text.contains(&b'\n') {
        let mut v = text.into_owned();
        for b in v.iter_mut() {
            if *b == b'\r' {
                *b = b'\n';
            }
        }
        text = Cow::Owned(v);
        notices.push(format!(
            "{file}: its lines end with CR alone (old Mac line ends); read as separate rows"
        ));
    }
    let has_nul = text.contains(&0);
    let delimiter = sniff_delimiter(&text);
    if delimiter != b',' {
        notices.push(format!(
            "{file}: read as {}-separated",
            delimiter_name(delimiter)
        ));
    }
    Ok(Text {
        bytes: text,
        delimiter,
        invalid,
        has_nul,
        first_cp1252,
        notices,
        complete,
    })
}

/// `Some((little_endian, bom_length))` for UTF-16 text: with a BOM, or without one when the
/// start is ASCII with every other byte 0.
fn utf16_order(bytes: &[u8]) -> Option<(bool, usize)> {
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        return None; // UTF-32 LE: left to the binary check
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Some((true, 2));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some((false, 2));
    }
    let pairs: Vec<&[u8]> = bytes[..bytes.len().min(512)].chunks_exact(2).collect();
    if pairs.len() < 4 {
        return None;
    }
    let ascii = |b: u8| b.is_ascii() && b != 0;
    let le = pairs.iter().filter(|p| ascii(p[0]) && p[1] == 0).count();
    let be = pairs.iter().filter(|p| p[0] == 0 && ascii(p[1])).count();
    let most = pairs.len() * 9 / 10;
    if le >= most {
        Some((true, 0))
    } else if be >= most {
        Some((false, 0))
    } else {
        None
    }
}

fn decode_utf16(body: &[u8], little: bool) -> (String, bool) {
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut bad = false;
    let s: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    let s = s.strip_prefix('\u{feff}').map(String::from).unwrap_or(s);
    (s, bad)
}

/// What kind of binary file this is, if it is one: a known signature, or many control bytes.
fn binary_kind(body: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (
            b"PK\x03\x04",
            "a ZIP archive or an Excel workbook (.xlsx): save the sheet as CSV",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Excel workbook (.xls): save the sheet as CSV",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\xFF\xFE\x00\x00", "UTF-32 text (save it as CSV UTF-8)"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(s, _)| body.starts_with(s)) {
        return Some(what);
    }
    // Trailing NUL padding (a damaged or pre-allocated file) is reported at its row instead.
    let probe = &body[..body.len().min(8 * 1024)];
    let end = probe.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let probe = &probe[..end];
    let nul = probe.iter().filter(|&&b| b == 0).count();
    let control = probe
        .iter()
        .filter(|&&b| b != 0 && b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    // A stray NUL in a text file is reported at its cell; a file with many NUL or control
    // bytes (an Excel lock file, an image, …) is not text at all.
    let many = |n: usize| n >= 4 && n * 10 > probe.len();
    (many(nul) || many(control)).then_some("binary data")
}

/// The Windows-1252 characters of bytes 0x80–0x9F (None: undefined there).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn cp1252(b: u8) -> Option<char> {
    match b {
        0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
        _ => Some(b as char),
    }
}

/// True when text that is not UTF-8 reads as Windows-1252: it holds no UTF-8 multi-byte
/// character at all, and no byte Windows-1252 leaves undefined.
fn looks_cp1252(bytes: &[u8]) -> bool {
    let mut any_utf8 = false;
    for chunk in bytes.utf8_chunks() {
        any_utf8 |= !chunk.valid().is_ascii();
    }
    !any_utf8 && bytes.iter().all(|&b| cp1252(b).is_some())
}

/// Decodes Windows-1252; also returns the offset (in the result) of the first non-ASCII char.
fn decode_cp1252(bytes: &[u8]) -> (String, Option<usize>) {
    let mut s = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut first = None;
    for &b in bytes {
        if !b.is_ascii() && first.is_none() {
            first = Some(s.len());
        }
        s.push(cp1252(b).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    (s, first)
}

/// The delimiter of the header line: the one of `, ; \t |` found most often outside quotes
/// (comma on a tie or when none is found).
fn sniff_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in text.iter().take(PROBE_BYTES) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = cands.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    cands[best]
}

/// The record (its 1-based starting line) and the 0-based field at byte `offset` of `text`.
pub(super) fn locate(text: &[u8], offset: usize, delimiter: u8) -> (u64, usize) {
    let (mut line, mut rec_line, mut field, mut quoted) = (1u64, 1u64, 0usize, false);
    for &b in &text[..offset.min(text.len())] {
        if b == b'\n' {
            line += 1;
        }
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                rec_line = line;
                field = 0;
            }
            _ if b == delimiter && !quoted => field += 1,
            _ => {}
        }
    }
    (rec_line, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(b: &[u8]) -> Text<'_> {
        decode("f.csv", b, false).unwrap()
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "a,b\n1,2\n";
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for (bytes, bom) in [
            (le.clone(), &b"\xFF\xFE"[..]),
            (be.clone(), &b"\xFE\xFF"[..]),
        ] {
            let with = [bom, &bytes].concat();
            assert_eq!(dec(&with).bytes.as_ref(), s.as_bytes());
            assert_eq!(dec(&bytes).bytes.as_ref(), s.as_bytes());
        }
    }

    #[test]
    fn cp1252_is_decoded_and_mixed_is_flagged() {
        let t = dec(b"id,city\n1,Bogot\xe1\n");
        assert_eq!(t.bytes.as_ref(), "id,city\n1,Bogotá\n".as_bytes());
        assert_eq!(locate(&t.bytes, t.first_cp1252.unwrap(), b','), (2, 1));
        let t = dec("id,city\n1,Bogotá\n2,S\u{e3}o\n".as_bytes());
        assert!(!t.invalid);
        let mixed = ["id,city\n1,Bogotá\n".as_bytes(), b"2,S\xe3o\n"].concat();
        let t = dec(&mixed);
        assert!(t.invalid);
    }

    #[test]
    fn delimiters_cr_and_probes() {
        assert_eq!(dec(b"a;b;c\n1,5;2;3\n").delimiter, b';');
        assert_eq!(dec(b"a\tb\n1\t2\n").delimiter, b'\t');
        assert_eq!(dec(b"\"a;b\",c\n").delimiter, b',');
        assert_eq!(dec(b"a,b\r1,2\r").bytes.as_ref(), b"a,b\n1,2\n");
        // A probe cutting a character in two keeps the whole characters.
        let mut big = vec![b'a'; PROBE_BYTES - 1];
        big.extend_from_slice("é".as_bytes());
        let t = decode("f", &big, true).unwrap();
        assert!(!t.invalid && !t.complete && t.bytes.len() == PROBE_BYTES - 1);
        assert!(decode("f", b"\x89PNG\r\n\x1a\n\0\0\0", false).is_err());
        assert!(dec(b"a,b\n1,\0\n").has_nul);
    }

    #[test]
    fn locate_counts_quoted_fields_and_lines() {
        let t = b"a,b,c\n\"x,\ny\",2,3\n";
        assert_eq!(locate(t, t.len() - 2, b','), (2, 2));
    }
}
