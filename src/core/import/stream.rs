//! One table read from a stream a block of whole rows at a time, its rows handed over block by
//! block, so that a reader of the six files (`c360 score`, the nightly batch) holds a few blocks
//! and what it keeps of the rows, not the files.
//!
//! Only plain text streams: the whole-file reader decides some things on the whole file (the
//! encoding, CR-only line ends, NUL bytes), so a file is first passed over once
//! ([`is_streamable`]: UTF-8, no NUL, every CR followed by an LF) and read whole when it is
//! anything else. A block ends where the csv reader ends a row: the bytes run through csv-core's
//! state machine (the one the csv crate reads with) with the file's delimiter, so a quote inside
//! an unquoted cell, a line break inside quotes and runs of blank lines are taken as the whole
//! reader takes them. Row numbers, duplicate ids and the cap on problems carry over from block
//! to block ([`TableReader::next_block`], [`TableReader::fork`] / [`TableReader::absorb`]). The
//! result is the whole-file reader's, row for row and problem for problem (tested in
//! `tests/score_stream.rs`, including the files a cold review found that an earlier version,
//! cutting at line breaks by counting quotes, read differently).

use std::io::{self, Read};

use super::errors::ImportProblems;
use super::reader::{ParsedTable, TableReader};
use super::schema::TableKind;
use super::{ImportOptions, ImportSummary, left_out_ids, left_out_notice};
use crate::core::c360::{Customer360, Join, JoinReport};
use crate::core::data::Dataset;

/// Bytes of rows read per block by `c360 score`.
pub const BLOCK_BYTES: usize = 8 << 20;

/// Bytes of the start of a file that decide which table it holds
/// ([`super::assign_files_with`] reads no further).
pub const HEAD_BYTES: usize = super::text::PROBE_BYTES + 1;

/// Blocks of a table with no uniqueness check read at once (natively on the cores).
const BATCH: usize = 4;

/// Bytes asked of the stream per read.
const READ_BYTES: usize = 1 << 20;

/// Whether a file can be read a block at a time with the same result as whole: valid UTF-8
/// (a byte-order mark allowed), no NUL byte, and every CR followed by an LF (LF or CRLF line
/// ends; a lone CR ends a row without starting a line, which the row numbers of a block could
/// not follow). Reads `src` to its end.
pub fn is_streamable(mut src: impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; READ_BYTES];
    // Bytes of a character cut by the previous read, carried into this one.
    let mut carry = 0;
    // The previous read ended with a CR.
    let mut pending_cr = false;
    loop {
        let n = src.read(&mut buf[carry..])?;
        if n == 0 {
            return Ok(carry == 0 && !pending_cr);
        }
        let filled = carry + n;
        let valid = match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => filled,
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Ok(false),
        };
        // (The carried bytes of a cut character are not ASCII: nothing to look for in them.)
        let chunk = &buf[..valid];
        if chunk.contains(&0) {
            return Ok(false);
        }
        if pending_cr && chunk.first().is_some_and(|&b| b != b'\n') {
            return Ok(false);
        }
        if !chunk.is_empty() {
            pending_cr = false;
        }
        let mut rest = chunk;
        while let Some(i) = rest.iter().position(|&b| b == b'\r') {
            match rest.get(i + 1) {
                Some(b'\n') => {}
                Some(_) => return Ok(false),
                None => pending_cr = true,
            }
            rest = &rest[i + 1..];
        }
        buf.copy_within(valid..filled, 0);
        carry = filled - valid;
    }
}

/// The blocks of whole rows of a stream, with the lines before each. Rows end where the csv
/// reader ends them: the stream is run through csv-core's state machine (the one the csv crate
/// reads with), with the file's delimiter, so quotes are quotes exactly where the reader takes
/// them as such.
struct Blocks<R> {
    src: R,
    buf: Vec<u8>,
    eof: bool,
    lines: u64,
    csv: csv_core::Reader,
    /// Bytes of `buf` the state machine has read.
    scanned: usize,
    /// Offsets in `buf` just after each row found, in order.
    ends: std::collections::VecDeque<usize>,
    /// The state machine's field output (not used) and field ends.
    out: Vec<u8>,
    field_ends: Vec<usize>,
}

impl<R: Read> Blocks<R> {
    /// Blocks of `src`, whose first bytes `head` are read (`eof`: all of it), and whose fields
    /// are separated by `delimiter`.
    fn new(src: R, head: Vec<u8>, eof: bool, delimiter: u8) -> Self {
        Blocks {
            src,
            buf: head,
            eof,
            lines: 0,
            csv: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            scanned: 0,
            ends: Default::default(),
            out: vec![0; 64 * 1024],
            field_ends: vec![0; 1024],
        }
    }

    /// Reads `src` until `buf` holds at least `want` bytes or the stream ends.
    fn fill(src: &mut R, buf: &mut Vec<u8>, eof: &mut bool, want: usize) -> io::Result<()> {
        while !*eof && buf.len() < want {
            let at = buf.len();
            buf.resize(at + READ_BYTES, 0);
            let n = src.read(&mut buf[at..])?;
            buf.truncate(at + n);
            *eof = n == 0;
        }
        Ok(())
    }

    /// Runs the state machine over the bytes read since last time, noting where rows end.
    fn scan(&mut self) {
        loop {
            let input = &self.buf[self.scanned..];
            if input.is_empty() && !self.eof {
                return;
            }
            let (res, nin, _, _) = self
                .csv
                .read_record(input, &mut self.out, &mut self.field_ends);
            self.scanned += nin;
            match res {
                // A row ended by CRLF ends after its CR, as for the csv reader, whose next
                // row starts at the LF: a block starting there is read as the whole file is.
                csv_core::ReadRecordResult::Record => self.ends.push_back(self.scanned),
                csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull => {}
                csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {
                    return;
                }
            }
        }
    }

    /// Moves an LF at the start of what is left to the end of the block just taken (the
    /// header's, so that the header is a line of its own).
    fn take_lf(&mut self, block: &mut Vec<u8>) -> io::Result<()> {
        Self::fill(&mut self.src, &mut self.buf, &mut self.eof, 1)?;
        if self.buf.first() == Some(&b'\n') {
            self.buf.remove(0);
            block.push(b'\n');
            self.lines += 1;
            self.scanned = self.scanned.saturating_sub(1);
            for e in &mut self.ends {
                *e = e.saturating_sub(1);
            }
        }
        Ok(())
    }

    /// The next block: the rows ending within `size` bytes (at least one row; at the end of
    /// the stream, the rest), and the lines of the stream before it; `None` at the end.
    fn next(&mut self, size: usize) -> io::Result<Option<(Vec<u8>, u64)>> {
        let size = size.max(1);
        let mut want = size;
        loop {
            Self::fill(&mut self.src, &mut self.buf, &mut self.eof, want)?;
            self.scan();
            if self.buf.is_empty() {
                return Ok(None);
            }
            // The last row end within `size` bytes, else the first one after; at the end of
            // the stream with no row end left, the rest.
            let within = self.ends.iter().take_while(|&&e| e <= size).last().copied();
            let cut = within
                .or_else(|| self.ends.front().copied())
                .filter(|&e| e <= self.buf.len())
                .or_else(|| self.eof.then_some(self.buf.len()));
            match cut {
                Some(cut) => {
                    let rest = self.buf.split_off(cut);
                    let block = std::mem::replace(&mut self.buf, rest);
                    self.scanned = self.scanned.saturating_sub(cut);
                    while self.ends.front().is_some_and(|&e| e <= cut) {
                        self.ends.pop_front();
                    }
                    for e in &mut self.ends {
                        *e -= cut;
                    }
                    let before = self.lines;
                    self.lines += block.iter().filter(|&&b| b == b'\n').count() as u64;
                    return Ok(Some((block, before)));
                }
                // One row longer than the block: read on.
                None => want = self.buf.len() + size,
            }
        }
    }
}

/// Reads table `kind` of `file` from `src` (a stream [`is_streamable`] said yes to) a block of
/// about `block_bytes` at a time, handing each block's rows to `rows` (in their table of an
/// otherwise empty dataset) as soon as they are read. The table's summary (rows counted, no
/// rows held) or its problems, as the whole-file reader gives them; `Ok(None)` when the header
/// itself has a problem (the caller reads the file whole for the full message).
pub fn read_streamed(
    kind: TableKind,
    file: &str,
    src: impl Read,
    options: &ImportOptions,
    block_bytes: usize,
    mut rows: impl FnMut(Dataset),
) -> io::Result<Option<Result<ParsedTable, ImportProblems>>> {
    // The file's delimiter, from its start, as the whole reader sniffs it.
    let (mut src, mut head, mut eof) = (src, Vec::new(), false);
    Blocks::fill(&mut src, &mut head, &mut eof, HEAD_BYTES)?;
    let Ok(text) = super::text::decode(file, &head, true) else {
        return Ok(None); // not text: read whole, for its message
    };
    let delimiter = text.delimiter;
    let mut blocks = Blocks::new(src, head, eof, delimiter);
    // The header is the first row.
    let Some((mut first, _)) = blocks.next(1)? else {
        return Ok(None); // an empty file: read whole, for its message
    };
    blocks.take_lf(&mut first)?;
    let Ok(header) = TableReader::with_options(kind, file, &first, options) else {
        return Ok(None);
    };
    let header_lines = first.iter().filter(|&&b| b == b'\n').count() as u64;
    let mut reader = header.next_block(Vec::new(), header_lines);
    if !reader.checks_unique_ids() {
        // No id is compared across rows: blocks are read a batch at a time at once (natively
        // on the cores), then taken over in file order.
        loop {
            while !reader.step(usize::MAX).unwrap_or(true) {}
            hand_over(&mut reader, &mut rows);
            if reader.stopped() {
                break;
            }
            let mut batch = Vec::with_capacity(BATCH);
            while batch.len() < BATCH {
                match blocks.next(block_bytes)? {
                    Some((block, before)) => batch.push(reader.fork(block, before)),
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            let parts = crate::core::parallel::map_owned(batch, |mut part| {
                while !part.step(usize::MAX).unwrap_or(true) {}
                part
            });
            for part in parts {
                if reader.stopped() {
                    break;
                }
                reader.absorb(part);
                hand_over(&mut reader, &mut rows);
            }
            if reader.stopped() {
                break;
            }
        }
        return Ok(Some(reader.finish_all()));
    }
    loop {
        while !reader.step(usize::MAX).unwrap_or(true) {}
        hand_over(&mut reader, &mut rows);
        if reader.stopped() {
            break;
        }
        match blocks.next(block_bytes)? {
            Some((block, before)) => reader = reader.next_block(block, before),
            None => break,
        }
    }
    Ok(Some(reader.finish_all()))
}

/// Hands the rows `reader` holds over to `rows`.
fn hand_over(reader: &mut TableReader<'_>, rows: &mut impl FnMut(Dataset)) {
    let mut piece = Dataset::default();
    reader.take_rows(&mut piece);
    rows(piece);
}

/// The Customer 360 of six tables read a block at a time, with the import's summary: what
/// [`super::import_files_with`] then [`crate::core::c360::join_customer_360`] give, holding the
/// customers and the join's rows but never a whole file. `tables` are the files of the six
/// tables (their names, as [`super::assign_files_with`] found them), `open` opens one by name.
pub struct Streamed {
    /// One row per customer, in the customers table's order.
    pub rows: Vec<Customer360>,
    /// What the join noticed.
    pub report: JoinReport,
    /// Records of accounts, credit_cards, loans, investments and transactions joined (for
    /// [`crate::core::c360::check_rows`]).
    pub sizes: [usize; 5],
    /// The import's summary, as the whole-file import writes it.
    pub summary: ImportSummary,
}

/// Reads the six tables of `tables` (in table order, customers first) a block of about
/// `block_bytes` at a time into one Customer 360 (see [`Streamed`]); `notices` are the file
/// assignment's. `Ok(None)` when a file cannot be read this way ([`is_streamable`], or a problem
/// in its header): the caller reads the files whole, for the same result or message.
pub fn join_streamed<R: Read>(
    tables: &[(TableKind, String)],
    notices: Vec<String>,
    open: impl Fn(&str) -> io::Result<R> + Sync + Send,
    options: &ImportOptions,
    block_bytes: usize,
) -> io::Result<Option<Result<Streamed, ImportProblems>>> {
    // The first pass over every file at once (natively on the cores).
    // An I/O error names its file.
    let named = |name: &str, e: io::Error| io::Error::new(e.kind(), format!("{name}: {e}"));
    let open = |name: &str| open(name).map_err(|e| named(name, e));
    let plain = crate::core::parallel::map(tables, |(_, name)| {
        is_streamable(open(name)?).map_err(|e| named(name, e))
    });
    for p in plain {
        if !p? {
            return Ok(None);
        }
    }
    let mut summary = ImportSummary {
        notices,
        ..Default::default()
    };
    let mut problems = ImportProblems {
        errors: Vec::new(),
        unlisted: Vec::new(),
    };
    let mut join: Option<Join> = None;
    let mut gone = rustc_hash::FxHashSet::default();
    let mut dropped = [0usize; 5];
    for (kind, name) in tables {
        let read = if *kind == TableKind::Customers {
            let mut customers = Dataset::default();
            let read = read_streamed(*kind, name, open(name)?, options, block_bytes, |p| {
                customers.customers.extend(p.customers)
            })
            .map_err(|e| named(name, e))?;
            if let Some(Ok(table)) = &read {
                gone = left_out_ids(&customers.customers, table.skipped_ids().to_vec());
            }
            let mut j = Join::of_customers(customers.customers.len());
            j.feed(&customers);
            j.next_table();
            join = Some(j);
            read
        } else {
            let Some(j) = join.as_mut() else {
                return Ok(None); // no customers first: not the six tables in order
            };
            let d = &mut dropped[kind.index().saturating_sub(1).min(4)];
            let read = read_streamed(*kind, name, open(name)?, options, block_bytes, |mut p| {
                if !gone.is_empty() {
                    *d += drop_rows_of(&mut p, &gone);
                }
                j.feed(&p)
            })
            .map_err(|e| named(name, e))?;
            j.next_table();
            read
        };
        let Some(read) = read else {
            return Ok(None);
        };
        match read {
            Ok(table) => summary.add(&table),
            Err(p) => {
                problems.errors.extend(p.errors);
                problems.unlisted.extend(p.unlisted);
            }
        }
    }
    if !problems.errors.is_empty() {
        problems.errors.sort_by_key(|e| e.file.is_none());
        return Ok(Some(Err(problems)));
    }
    let Some(join) = join else {
        return Ok(None);
    };
    if let Some(notice) = left_out_notice(&dropped, gone.len()) {
        summary.notices.push(notice);
    }
    let sizes = join.table_sizes();
    let (rows, report) = join.finish();
    Ok(Some(Ok(Streamed {
        rows,
        report,
        sizes,
        summary,
    })))
}

/// Leaves the rows of the customers `gone` out of every table of `piece`; how many.
fn drop_rows_of(piece: &mut Dataset, gone: &rustc_hash::FxHashSet<String>) -> usize {
    let before = piece.records();
    let keep = |id: &str| !gone.contains(id);
    piece.accounts.retain(|r| keep(&r.customer_id));
    piece.credit_cards.retain(|r| keep(&r.customer_id));
    piece.loans.retain(|r| keep(&r.customer_id));
    piece.investments.retain(|r| keep(&r.customer_id));
    piece.transactions.retain(|r| keep(&r.customer_id));
    before - piece.records()
}
