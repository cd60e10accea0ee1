//! Incremental, validating parsing of one table.

use std::borrow::Cow;
use std::io::Cursor;

use rustc_hash::FxHashMap;

use super::ImportOptions;
use super::errors::{ErrorKind, ImportError, ImportProblems};
use super::schema::{Header, TableKind, check_columns, is_invisible, spreadsheet_column};
use super::text::{decode, locate};
use crate::core::data::*;

/// The largest money amount (or count) accepted: beyond it a value is a typo or a unit error,
/// and would swamp the model's variances.
pub const MAX_AMOUNT: f64 = 1e12;
/// The longest tenure accepted, in years.
pub const MAX_TENURE_YEARS: f64 = 80.0;

/// The rows of one parsed table.
#[derive(Debug, Clone, PartialEq)]
enum Rows {
    Customers(Vec<Customer>),
    Accounts(Vec<Account>),
    CreditCards(Vec<CreditCard>),
    Loans(Vec<Loan>),
    Investments(Vec<Investment>),
    Transactions(Vec<Transaction>),
}

impl Rows {
    /// No rows yet, room for `n`.
    fn with_capacity(kind: TableKind, n: usize) -> Self {
        match kind {
            TableKind::Customers => Rows::Customers(Vec::with_capacity(n)),
            TableKind::Accounts => Rows::Accounts(Vec::with_capacity(n)),
            TableKind::CreditCards => Rows::CreditCards(Vec::with_capacity(n)),
            TableKind::Loans => Rows::Loans(Vec::with_capacity(n)),
            TableKind::Investments => Rows::Investments(Vec::with_capacity(n)),
            TableKind::Transactions => Rows::Transactions(Vec::with_capacity(n)),
        }
    }

    /// Moves the rows into their place in a dataset.
    fn into_dataset(self, ds: &mut Dataset) {
        match self {
            Rows::Customers(v) => ds.customers = v,
            Rows::Accounts(v) => ds.accounts = v,
            Rows::CreditCards(v) => ds.credit_cards = v,
            Rows::Loans(v) => ds.loans = v,
            Rows::Investments(v) => ds.investments = v,
            Rows::Transactions(v) => ds.transactions = v,
        }
    }

    /// Moves the rows of `other` (of the same table) after these.
    fn append(&mut self, other: Rows) {
        match (self, other) {
            (Rows::Customers(a), Rows::Customers(b)) => a.extend(b),
            (Rows::Accounts(a), Rows::Accounts(b)) => a.extend(b),
            (Rows::CreditCards(a), Rows::CreditCards(b)) => a.extend(b),
            (Rows::Loans(a), Rows::Loans(b)) => a.extend(b),
            (Rows::Investments(a), Rows::Investments(b)) => a.extend(b),
            (Rows::Transactions(a), Rows::Transactions(b)) => a.extend(b),
            _ => unreachable!("the parts of one table hold rows of that table"),
        }
    }

    fn len(&self) -> usize {
        match self {
            Rows::Customers(v) => v.len(),
            Rows::Accounts(v) => v.len(),
            Rows::CreditCards(v) => v.len(),
            Rows::Loans(v) => v.len(),
            Rows::Investments(v) => v.len(),
            Rows::Transactions(v) => v.len(),
        }
    }
}

/// A fully parsed and validated table.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedTable {
    kind: TableKind,
    file: String,
    rows: Rows,
    /// Rows handed over while reading ([`TableReader::take_rows`]).
    taken: usize,
    ignored: Vec<String>,
    notices: Vec<String>,
    skipped: Vec<ImportError>,
    skipped_ids: Vec<String>,
}

impl ParsedTable {
    /// Which table.
    pub fn kind(&self) -> TableKind {
        self.kind
    }
    /// The file it came from.
    pub fn file(&self) -> &str {
        &self.file
    }
    /// Number of data rows (held or handed over while reading).
    pub fn rows(&self) -> usize {
        self.rows.len() + self.taken
    }
    /// Header columns outside the contract (ignored).
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignored
    }
    /// How the file was read, when it was not plain comma-separated UTF-8.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }
    /// The rows left out (skip mode), one problem each.
    pub fn skipped_rows(&self) -> &[ImportError] {
        &self.skipped
    }
    /// The customer ids of the rows left out, where they could be read (skip mode).
    pub fn skipped_ids(&self) -> &[String] {
        &self.skipped_ids
    }
    /// Moves the rows into their place in a dataset.
    pub fn into_dataset(self, ds: &mut Dataset) {
        self.rows.into_dataset(ds);
    }
}

/// Parses one table a chunk of rows at a time. A problem in a data row does not stop the reading:
/// it is collected (up to [`super::MAX_PROBLEMS_PER_FILE`], the rest counted) or, when skipping bad
/// rows, the row is left out and listed; [`TableReader::finish`] reports them.
pub struct TableReader<'a> {
    kind: TableKind,
    file: String,
    rdr: csv::Reader<Cursor<Cow<'a, [u8]>>>,
    /// Header position of each contract column, in contract order.
    cols: Vec<usize>,
    header_len: usize,
    /// The header's names (normalised, mapped), by position.
    names: Vec<String>,
    ignored: Vec<String>,
    notices: Vec<String>,
    total_bytes: usize,
    rows: Rows,
    record: csv::StringRecord,
    /// First row of each id, for one-row-per-customer tables.
    first_row: FxHashMap<CustomerId, u64>,
    done: bool,
    /// Check cells for U+FFFD (bytes that could not be decoded) and NUL.
    check_invalid: bool,
    check_nul: bool,
    /// Semicolon-separated: numbers may have a decimal comma.
    decimal_comma: bool,
    delimiter: u8,
    skip_bad_rows: bool,
    cap: usize,
    problems: Vec<ImportError>,
    unlisted: usize,
    skipped: Vec<ImportError>,
    skipped_ids: Vec<String>,
    /// Rows handed over so far ([`TableReader::take_rows`]).
    taken: usize,
    /// A row could not be read: the file stops there.
    stopped: bool,
    /// Lines of the file before this reader's text (a block of the file:
    /// [`TableReader::next_block`]).
    line_offset: u64,
}

impl<'a> TableReader<'a> {
    /// Reads the header of `bytes` as table `kind` (strict, no mappings).
    pub fn new(kind: TableKind, file: &str, bytes: &'a [u8]) -> Result<Self, ImportError> {
        Self::with_options(kind, file, bytes, &ImportOptions::default())
    }

    /// Reads the header of `bytes` as table `kind`, with the user's mappings and choices.
    pub fn with_options(
        kind: TableKind,
        file: &str,
        bytes: &'a [u8],
        options: &ImportOptions,
    ) -> Result<Self, ImportError> {
        let text = decode(file, bytes, false)?;
        let header = Header::read(file, &text)?;
        let names = check_columns(file, kind, &text, &header, &options.mappings)?;
        let cols: Vec<usize> = kind
            .columns()
            .iter()
            .map(|c| names.iter().position(|h| h == c).unwrap_or(0))
            .collect();
        let ignored = names
            .iter()
            .zip(&header.raw)
            .filter(|(h, _)| !h.is_empty() && !kind.columns().contains(&h.as_str()))
            .map(|(h, _)| h.clone())
            .collect();
        let mut notices = text.notices.clone();
        if let Some(at) = text.first_cp1252 {
            let (row, field) = locate(&text.bytes, at, text.delimiter);
            let column = names
                .get(field)
                .cloned()
                .unwrap_or_else(|| spreadsheet_column(field));
            notices.push(format!(
                "{file}: not UTF-8; read as Windows-1252 (first such character in row {row}, column {column}); save it as CSV UTF-8 if accented letters look wrong"
            ));
        }
        for m in &options.mappings {
            if m.table == kind
                && header
                    .names
                    .iter()
                    .any(|h| *h == super::normalize_header(&m.header))
            {
                notices.push(format!(
                    "{file}: column \"{}\" read as {}",
                    m.header, m.column
                ));
            }
        }
        let total_bytes = text.bytes.len().max(1);
        // At most one row per line: room for them all at once, instead of growing by doubling
        // (which copies the rows and, at 60,00,000 transactions, leaves a third unused).
        let lines = text.bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let (check_invalid, check_nul, delimiter) = (text.invalid, text.has_nul, text.delimiter);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            // Cells are trimmed where they are read (`Fields::text`): csv's own trimming
            // copies every record into a new allocation (10 % of a 10,00,000-customer import).
            .trim(csv::Trim::None)
            .delimiter(text.delimiter)
            .from_reader(Cursor::new(text.bytes));
        // Consume the header now so positions of data rows are right.
        let _ = rdr.headers();
        Ok(Self {
            kind,
            file: file.to_string(),
            rdr,
            cols,
            header_len: header.raw.len(),
            names,
            ignored,
            notices,
            total_bytes,
            rows: Rows::with_capacity(kind, lines),
            record: csv::StringRecord::new(),
            // (Not sized ahead: a table sized for every id is a cache miss per insert; grown,
            // it is twice as fast at 10,00,000 ids.)
            first_row: FxHashMap::default(),
            done: false,
            check_invalid,
            check_nul,
            decimal_comma: delimiter == b';',
            delimiter,
            skip_bad_rows: options.skip_bad_rows,
            cap: options.max_problems_per_file.max(1),
            problems: Vec::new(),
            unlisted: 0,
            skipped: Vec::new(),
            skipped_ids: Vec::new(),
            taken: 0,
            stopped: false,
            line_offset: 0,
        })
    }

    /// This reader, its header and everything it found so far, going on with `block`: the
    /// next rows of the same file (whole rows, no header), which begin after `line_offset`
    /// lines of the file. For a file read a block at a time (`core::import::stream`): row
    /// numbers, duplicate ids and the cap on problems carry over from block to block.
    pub fn next_block(self, block: Vec<u8>, line_offset: u64) -> TableReader<'static> {
        let total_bytes = block.len().max(1);
        TableReader {
            kind: self.kind,
            file: self.file,
            rdr: block_reader(self.delimiter, block),
            cols: self.cols,
            header_len: self.header_len,
            names: self.names,
            ignored: self.ignored,
            notices: self.notices,
            total_bytes,
            rows: self.rows,
            record: self.record,
            first_row: self.first_row,
            done: false,
            check_invalid: self.check_invalid,
            check_nul: self.check_nul,
            decimal_comma: self.decimal_comma,
            delimiter: self.delimiter,
            skip_bad_rows: self.skip_bad_rows,
            cap: self.cap,
            problems: self.problems,
            unlisted: self.unlisted,
            skipped: self.skipped,
            skipped_ids: self.skipped_ids,
            taken: self.taken,
            stopped: self.stopped,
            line_offset,
        }
    }

    /// A reader of `block` (whole rows of the same file after `line_offset` lines) with this
    /// reader's header and settings and nothing found yet: for a table that checks no id for
    /// uniqueness, blocks are read at once and then [`TableReader::absorb`]ed in file order.
    pub fn fork(&self, block: Vec<u8>, line_offset: u64) -> TableReader<'static> {
        TableReader {
            kind: self.kind,
            file: self.file.clone(),
            rdr: block_reader(self.delimiter, block),
            cols: self.cols.clone(),
            header_len: self.header_len,
            names: self.names.clone(),
            ignored: Vec::new(),
            notices: Vec::new(),
            total_bytes: 1,
            rows: Rows::with_capacity(self.kind, 0),
            record: csv::StringRecord::new(),
            first_row: FxHashMap::default(),
            done: false,
            check_invalid: self.check_invalid,
            check_nul: self.check_nul,
            decimal_comma: self.decimal_comma,
            delimiter: self.delimiter,
            skip_bad_rows: self.skip_bad_rows,
            cap: self.cap,
            problems: Vec::new(),
            unlisted: 0,
            skipped: Vec::new(),
            skipped_ids: Vec::new(),
            taken: 0,
            stopped: false,
            line_offset,
        }
    }

    /// Takes over what `part` found (a [`TableReader::fork`] of the block after everything
    /// read so far, read to its end): its rows, its problems (listed up to the cap, the rest
    /// counted), rows skipped, and whether the file stops there. What reading on would have
    /// found; for a table with no uniqueness check (ids are not compared across parts).
    pub fn absorb(&mut self, part: TableReader<'_>) {
        debug_assert!(part.first_row.is_empty() && part.taken == 0);
        self.rows.append(part.rows);
        for e in part.problems {
            if self.problems.len() < self.cap {
                self.problems.push(e);
            } else {
                self.unlisted += 1;
            }
        }
        self.unlisted += part.unlisted;
        self.skipped.extend(part.skipped);
        self.skipped_ids.extend(part.skipped_ids);
        self.stopped |= part.stopped;
    }

    /// Whether this table checks each id is given once (customers, accounts): such a table is
    /// read one block after the other, never in [`TableReader::fork`]s.
    pub fn checks_unique_ids(&self) -> bool {
        matches!(self.kind, TableKind::Customers | TableKind::Accounts)
    }

    /// Hands the rows read so far over to their table in `piece` (replacing what it held
    /// there); [`TableReader::rows`] still counts them.
    pub fn take_rows(&mut self, piece: &mut Dataset) {
        let rows = std::mem::replace(&mut self.rows, Rows::with_capacity(self.kind, 0));
        self.taken += rows.len();
        rows.into_dataset(piece);
    }

    /// True when a row could not be read and the file stops there.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Which table this reads.
    pub fn kind(&self) -> TableKind {
        self.kind
    }

    /// Share of the file read so far, 0–1.
    pub fn progress(&self) -> f64 {
        if self.done {
            1.0
        } else {
            self.rdr.position().byte() as f64 / self.total_bytes as f64
        }
    }

    /// Data rows read so far (held or handed over).
    pub fn rows(&self) -> usize {
        self.rows.len() + self.taken
    }

    /// The problems found so far (at most the cap).
    pub fn problems(&self) -> &[ImportError] {
        &self.problems
    }

    /// Reads up to `max_rows` rows. Returns true when the file is finished. Problems in rows are
    /// collected, not returned: see [`TableReader::finish`].
    pub fn step(&mut self, max_rows: usize) -> Result<bool, ImportError> {
        let mut n = 0;
        while n < max_rows {
            match self.rdr.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return Ok(true);
                }
                Err(e) => {
                    // The text is valid UTF-8, so this is an I/O-like failure: stop here.
                    let line = e.position().map(|p| self.line_of(p));
                    self.done = true;
                    self.stopped = true;
                    self.problem(ImportError::new(
                        ErrorKind::MalformedRow,
                        Some(&self.file),
                        line,
                        None,
                        format!("this row cannot be read: {e}"),
                    ));
                    return Ok(true);
                }
            }
            n += 1;
            let line = self.record.position().map_or(0, |p| self.line_of(p));
            if self.record.len() == 1 && self.record[0].trim().is_empty() {
                continue; // a blank line
            }
            if (self.check_nul || self.check_invalid)
                && let Some(e) = self.bad_characters(line)
            {
                self.problem(e);
                continue;
            }
            if self.record.len() != self.header_len {
                let e = ImportError::new(
                    ErrorKind::MalformedRow,
                    Some(&self.file),
                    Some(line),
                    None,
                    format!(
                        "the row has {} fields but the header has {} ({}-separated)",
                        self.record.len(),
                        self.header_len,
                        super::text::delimiter_name(self.delimiter)
                    ),
                );
                self.problem(e);
                continue;
            }
            if let Err(e) = self.parse_row(line) {
                if self.skip_bad_rows && e.kind.is_row_level() {
                    let id = self.row_id(line);
                    self.skipped_ids.extend(id.map(String::from));
                }
                self.problem(e);
            }
        }
        Ok(false)
    }

    /// The 1-based line a record starts on. After a CRLF the csv reader starts the next record
    /// at the LF, before counting it: such a record is on the next line.
    fn line_of(&self, p: &csv::Position) -> u64 {
        let text: &[u8] = self.rdr.get_ref().get_ref();
        let at_lf = usize::try_from(p.byte())
            .ok()
            .and_then(|i| text.get(i))
            .is_some_and(|&b| b == b'\n');
        self.line_offset + p.line() + u64::from(at_lf)
    }

    /// A NUL character or undecodable bytes in the record's cells, named by the header.
    fn bad_characters(&self, line: u64) -> Option<ImportError> {
        self.record.iter().enumerate().find_map(|(i, t)| {
            let (kind, detail) = if self.check_nul && t.contains('\0') {
                (
                    ErrorKind::NulByte,
                    format!(
                        "the value holds {} NUL byte{} (\"{}\")",
                        t.matches('\0').count(),
                        if t.matches('\0').count() == 1 { "" } else { "s" },
                        shown(&t.replace('\0', "\\0"))
                    ),
                )
            } else if self.check_invalid && t.contains(char::REPLACEMENT_CHARACTER) {
                (
                    ErrorKind::InvalidEncoding,
                    format!(
                        "the value holds bytes that are neither UTF-8 nor Windows-1252 (shown as �: \"{}\")",
                        shown(t)
                    ),
                )
            } else {
                return None;
            };
            let column = self
                .names
                .get(i)
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("{} (no header)", spreadsheet_column(i)));
            Some(ImportError::new(
                kind,
                Some(&self.file),
                Some(line),
                Some(&column),
                detail,
            ))
        })
    }

    /// Records a problem in a row: listed (up to the cap), or the row listed as skipped.
    fn problem(&mut self, e: ImportError) {
        if self.skip_bad_rows && e.kind.is_row_level() {
            self.skipped.push(e);
        } else if self.problems.len() < self.cap {
            self.problems.push(e);
        } else {
            self.unlisted += 1;
        }
    }

    /// The parsed table, or the first problem (the customers table must have at least one row).
    pub fn finish(self) -> Result<ParsedTable, ImportError> {
        self.finish_all().map_err(ImportProblems::into_first)
    }

    /// The parsed table, or every problem found (up to the cap, the rest counted).
    pub fn finish_all(self) -> Result<ParsedTable, ImportProblems> {
        if self.problems.is_empty() && self.kind == TableKind::Customers && self.rows() == 0 {
            let detail = if self.skipped.is_empty() {
                "the customers table has a header but no rows".to_string()
            } else {
                format!(
                    "every one of its {} rows has a problem and was skipped",
                    self.skipped.len()
                )
            };
            return Err(ImportError::file(ErrorKind::NoCustomers, &self.file, detail).into());
        }
        if !self.problems.is_empty() {
            let unlisted = if self.unlisted > 0 {
                vec![(self.file.clone(), self.unlisted)]
            } else {
                Vec::new()
            };
            return Err(ImportProblems {
                errors: self.problems,
                unlisted,
            });
        }
        Ok(ParsedTable {
            kind: self.kind,
            file: self.file,
            rows: self.rows,
            taken: self.taken,
            ignored: self.ignored,
            notices: self.notices,
            skipped: self.skipped,
            skipped_ids: self.skipped_ids,
        })
    }

    /// The customer id of the current record, if it can be read.
    fn row_id(&self, line: u64) -> Option<CustomerId> {
        Fields {
            rec: &self.record,
            cols: &self.cols,
            kind: self.kind,
            file: &self.file,
            line,
            decimal_comma: self.decimal_comma,
        }
        .id()
        .ok()
    }

    fn parse_row(&mut self, line: u64) -> Result<(), ImportError> {
        let f = Fields {
            rec: &self.record,
            cols: &self.cols,
            kind: self.kind,
            file: &self.file,
            line,
            decimal_comma: self.decimal_comma,
        };
        let id = f.id()?;
        match &mut self.rows {
            Rows::Customers(v) => {
                let age = f.num(1, Check::Age)?;
                let gender = f.gender(2)?;
                let income = f.num(3, Check::Money)?;
                let occupation = f.occupation(4)?;
                let city = f.text(5).to_string();
                let tenure_years = f.num(6, Check::Tenure)?;
                if tenure_years > age {
                    return Err(f.error(
                        6,
                        ErrorKind::OutOfRange,
                        format!(
                            "a tenure of {} years is longer than the customer's age ({})",
                            f.text(6),
                            f.text(1)
                        ),
                    ));
                }
                check_unique(&mut self.first_row, &id, &f)?;
                v.push(Customer {
                    age,
                    gender,
                    income,
                    occupation,
                    city,
                    tenure_years,
                    customer_id: id,
                })
            }
            Rows::Accounts(v) => {
                let a = Account {
                    avg_balance: f.num(1, Check::Money)?,
                    monthly_deposits: f.num(2, Check::Money)?,
                    monthly_withdrawals: f.num(3, Check::Money)?,
                    digital_txn_ratio: f.num(4, Check::Ratio)?,
                    customer_id: id,
                };
                check_unique(&mut self.first_row, &a.customer_id, &f)?;
                v.push(a)
            }
            Rows::CreditCards(v) => v.push(CreditCard {
                card_limit: f.num(1, Check::Money)?,
                utilization_ratio: f.num(2, Check::Ratio)?,
                delinquency_12m: f.num(3, Check::Flag)? as u8,
                customer_id: id,
            }),
            Rows::Loans(v) => v.push(Loan {
                loan_type: f.loan_type(1)?,
                monthly_emi: f.num(2, Check::Money)?,
                overdue_flag: f.num(3, Check::Flag)? as u8,
                customer_id: id,
            }),
            Rows::Investments(v) => v.push(Investment {
                mf_investment: f.num(1, Check::Money)?,
                fd_amount: f.num(2, Check::Money)?,
                insurance_policy: f.num(3, Check::Flag)? as u8,
                customer_id: id,
            }),
            Rows::Transactions(v) => v.push(Transaction {
                month: f.num(1, Check::Month)? as u8,
                shopping_spend: f.num(2, Check::Money)?,
                travel_spend: f.num(3, Check::Money)?,
                utility_spend: f.num(4, Check::Money)?,
                wallet_spend: f.num(5, Check::Money)?,
                customer_id: id,
            }),
        }
        Ok(())
    }
}

/// A csv reader of `block`, rows with no header (a block of a file: [`TableReader::next_block`],
/// [`TableReader::fork`]).
fn block_reader(delimiter: u8, block: Vec<u8>) -> csv::Reader<Cursor<Cow<'static, [u8]>>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .delimiter(delimiter)
        .from_reader(Cursor::new(Cow::Owned(block)))
}

fn check_unique(
    first: &mut FxHashMap<CustomerId, u64>,
    id: &str,
    f: &Fields<'_>,
) -> Result<(), ImportError> {
    if let Some(prev) = first.get(id) {
        return Err(f.error(
            0,
            ErrorKind::DuplicateId,
            format!("customer_id {id} already appeared in row {prev}"),
        ));
    }
    first.insert(id.into(), f.line);
    Ok(())
}

/// What a numeric column accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Check {
    /// 0 to [`MAX_AMOUNT`].
    Money,
    /// 0–1 inclusive.
    Ratio,
    /// 0 or 1.
    Flag,
    /// Whole number 1–6.
    Month,
    /// Above 0, at most 120.
    Age,
    /// 0 to [`MAX_TENURE_YEARS`].
    Tenure,
}

/// A cell as our exporter wrote it, read back: the exporter puts a single quote before a text
/// that begins with `=`, `+`, `-`, `@`, tab or CR (OWASP's CSV-injection defence), and that one
/// quote is dropped here so that export → import gives the same value (the exporter also quotes
/// a text that itself begins with quotes before such a character: [`crate::core::export::needs_quote`]).
pub fn unescape_cell(t: &str) -> &str {
    match t.strip_prefix('\'') {
        Some(rest) if crate::core::export::needs_quote(rest) => rest,
        _ => t,
    }
}

/// A value as quoted in a message: at most 40 characters, then "…".
fn shown(t: &str) -> Cow<'_, str> {
    match t.char_indices().nth(40) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &t[..cut])),
        None => Cow::Borrowed(t),
    }
}

/// The fields of one record, addressed by contract column index.
struct Fields<'r> {
    rec: &'r csv::StringRecord,
    cols: &'r [usize],
    kind: TableKind,
    file: &'r str,
    line: u64,
    decimal_comma: bool,
}

impl Fields<'_> {
    fn text(&self, i: usize) -> &str {
        // Spaces and tabs go cheaply; a cell with any other character at an edge (a no-break
        // space, an ideographic space, a zero-width space) is trimmed of Unicode whitespace and
        // invisible characters (every invisible character is outside ASCII).
        let t = self.rec.get(self.cols[i]).unwrap_or("").trim_ascii();
        let non_ascii_edge = |b: Option<&u8>| b.is_some_and(|b| !b.is_ascii());
        let t = if non_ascii_edge(t.as_bytes().first()) || non_ascii_edge(t.as_bytes().last()) {
            t.trim_matches(|c: char| is_invisible(c) || c.is_whitespace())
        } else {
            t
        };
        unescape_cell(t)
    }

    fn error(&self, i: usize, kind: ErrorKind, detail: String) -> ImportError {
        ImportError::new(
            kind,
            Some(self.file),
            Some(self.line),
            Some(self.kind.columns()[i]),
            detail,
        )
    }

    fn required(&self, i: usize) -> Result<&str, ImportError> {
        let t = self.text(i);
        if t.is_empty() {
            Err(self.error(i, ErrorKind::EmptyValue, "the value is empty".into()))
        } else {
            Ok(t)
        }
    }

    fn id(&self) -> Result<CustomerId, ImportError> {
        self.required(0).map(CustomerId::from)
    }

    fn num(&self, i: usize, check: Check) -> Result<f64, ImportError> {
        let t = self.required(i)?;
        let swapped;
        let s = if self.decimal_comma && t.contains(',') && !t.contains('.') {
            swapped = t.replacen(',', ".", 1);
            swapped.as_str()
        } else {
            t
        };
        let v: f64 = match s.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            Ok(v) if v.is_infinite() && s.bytes().any(|b| b.is_ascii_digit()) => {
                return Err(self.error(
                    i,
                    ErrorKind::OutOfRange,
                    format!("\"{}\" is too large to be a number", shown(t)),
                ));
            }
            Ok(_) => {
                return Err(self.error(
                    i,
                    ErrorKind::WrongType,
                    format!(
                        "expected a number, found \"{}\" (not a finite number)",
                        shown(t)
                    ),
                ));
            }
            Err(_) => {
                return Err(self.error(
                    i,
                    ErrorKind::WrongType,
                    format!("expected a number, found \"{}\"", shown(t)),
                ));
            }
        };
        let range = |what: &str| {
            Err(self.error(
                i,
                ErrorKind::OutOfRange,
                format!("{} is not {what}", shown(t)),
            ))
        };
        match check {
            Check::Money if v < 0.0 => range("allowed: amounts and counts cannot be negative"),
            Check::Money if v > MAX_AMOUNT => {
                range("plausible: amounts above 1e12 (a million million) are not accepted")
            }
            Check::Ratio if !(0.0..=1.0).contains(&v) => range("a ratio between 0 and 1"),
            Check::Flag if v != 0.0 && v != 1.0 => range("a flag (0 or 1)"),
            Check::Month if v.fract() != 0.0 || !(1.0..=6.0).contains(&v) => {
                range("a month from 1 to 6")
            }
            Check::Age if !(v > 0.0 && v <= 120.0) => range("an age (above 0, at most 120)"),
            Check::Tenure if !(0.0..=MAX_TENURE_YEARS).contains(&v) => {
                range("a tenure in years (0 to 80)")
            }
            _ => Ok(v),
        }
    }
    fn category<T: Copy>(
        &self,
        i: usize,
        options: &[(&str, T)],
        allowed: &str,
    ) -> Result<T, ImportError> {
        let t = self.required(i)?;
        let key: String = t
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        options
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                self.error(
                    i,
                    ErrorKind::WrongType,
                    format!("\"{}\" is not one of {allowed}", shown(t)),
                )
            })
    }

    fn gender(&self, i: usize) -> Result<Gender, ImportError> {
        self.category(
            i,
            &[
                ("male", Gender::Male),
                ("m", Gender::Male),
                ("female", Gender::Female),
                ("f", Gender::Female),
            ],
            "Male, Female",
        )
    }

    fn occupation(&self, i: usize) -> Result<Occupation, ImportError> {
        self.category(
            i,
            &[
                ("salaried", Occupation::Salaried),
                ("selfemployed", Occupation::SelfEmployed),
                ("student", Occupation::Student),
                ("retired", Occupation::Retired),
            ],
            "Salaried, Self-Employed, Student, Retired",
        )
    }

    fn loan_type(&self, i: usize) -> Result<LoanType, ImportError> {
        self.category(
            i,
            &[
                ("personal", LoanType::Personal),
                ("auto", LoanType::Auto),
                ("home", LoanType::Home),
            ],
            "Personal, Auto, Home",
        )
    }
}
