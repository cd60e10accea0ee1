//! Incremental, validating parsing of one table.

use rustc_hash::FxHashMap;

use super::errors::{ErrorKind, ImportError};
use super::schema::{TableKind, header_of, strip_bom};
use crate::core::data::*;

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
    fn new(kind: TableKind) -> Self {
        match kind {
            TableKind::Customers => Rows::Customers(Vec::new()),
            TableKind::Accounts => Rows::Accounts(Vec::new()),
            TableKind::CreditCards => Rows::CreditCards(Vec::new()),
            TableKind::Loans => Rows::Loans(Vec::new()),
            TableKind::Investments => Rows::Investments(Vec::new()),
            TableKind::Transactions => Rows::Transactions(Vec::new()),
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
    ignored: Vec<String>,
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
    /// Number of data rows.
    pub fn rows(&self) -> usize {
        self.rows.len()
    }
    /// Header columns outside the contract (ignored).
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignored
    }
    /// Moves the rows into their place in a dataset.
    pub fn into_dataset(self, ds: &mut Dataset) {
        match self.rows {
            Rows::Customers(v) => ds.customers = v,
            Rows::Accounts(v) => ds.accounts = v,
            Rows::CreditCards(v) => ds.credit_cards = v,
            Rows::Loans(v) => ds.loans = v,
            Rows::Investments(v) => ds.investments = v,
            Rows::Transactions(v) => ds.transactions = v,
        }
    }
}

/// Parses one table a chunk of rows at a time.
pub struct TableReader<'a> {
    kind: TableKind,
    file: String,
    rdr: csv::Reader<&'a [u8]>,
    /// Header position of each contract column, in contract order.
    cols: Vec<usize>,
    header_len: usize,
    ignored: Vec<String>,
    total_bytes: usize,
    rows: Rows,
    record: csv::StringRecord,
    /// First row of each id, for one-row-per-customer tables.
    first_row: FxHashMap<String, u64>,
    done: bool,
}

impl<'a> TableReader<'a> {
    /// Reads the header of `bytes` as table `kind`.
    pub fn new(kind: TableKind, file: &str, bytes: &'a [u8]) -> Result<Self, ImportError> {
        let header = header_of(file, bytes)?;
        let mut cols = Vec::with_capacity(kind.columns().len());
        for c in kind.columns() {
            match header.iter().position(|h| h == c) {
                Some(i) => cols.push(i),
                None => {
                    return Err(ImportError::new(
                        ErrorKind::MissingColumn,
                        Some(file),
                        Some(1),
                        Some(c),
                        format!("the {} table needs the column {c}", kind.name()),
                    ));
                }
            }
        }
        let ignored = header
            .iter()
            .filter(|h| !h.is_empty() && !kind.columns().contains(&h.as_str()))
            .cloned()
            .collect();
        let text = strip_bom(bytes);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text);
        // Consume the header now so positions of data rows are right.
        let _ = rdr.headers();
        Ok(Self {
            kind,
            file: file.to_string(),
            rdr,
            cols,
            header_len: header.len(),
            ignored,
            total_bytes: text.len().max(1),
            rows: Rows::new(kind),
            record: csv::StringRecord::new(),
            first_row: FxHashMap::default(),
            done: false,
        })
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

    /// Data rows read so far.
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    /// Reads up to `max_rows` rows. Returns true when the file is finished.
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
                    let line = e.position().map(|p| p.line());
                    let kind = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => ErrorKind::NotCsv,
                        _ => ErrorKind::MalformedRow,
                    };
                    return Err(ImportError::new(
                        kind,
                        Some(&self.file),
                        line,
                        None,
                        format!("this row cannot be read: {e}"),
                    ));
                }
            }
            let line = self.record.position().map_or(0, |p| p.line());
            if self.record.len() == 1 && self.record[0].is_empty() {
                continue; // a blank line
            }
            if self.record.len() != self.header_len {
                return Err(ImportError::new(
                    ErrorKind::MalformedRow,
                    Some(&self.file),
                    Some(line),
                    None,
                    format!(
                        "the row has {} fields but the header has {}",
                        self.record.len(),
                        self.header_len
                    ),
                ));
            }
            self.parse_row(line)?;
            n += 1;
        }
        Ok(false)
    }

    /// The parsed table. The customers table must have at least one row.
    pub fn finish(self) -> Result<ParsedTable, ImportError> {
        if self.kind == TableKind::Customers && self.rows.len() == 0 {
            return Err(ImportError::file(
                ErrorKind::NoCustomers,
                &self.file,
                "the customers table has a header but no rows",
            ));
        }
        Ok(ParsedTable {
            kind: self.kind,
            file: self.file,
            rows: self.rows,
            ignored: self.ignored,
        })
    }

    fn parse_row(&mut self, line: u64) -> Result<(), ImportError> {
        let f = Fields {
            rec: &self.record,
            cols: &self.cols,
            kind: self.kind,
            file: &self.file,
            line,
        };
        let id = f.id()?;
        match &mut self.rows {
            Rows::Customers(v) => {
                check_unique(&mut self.first_row, &id, &f)?;
                v.push(Customer {
                    age: f.num(1, Check::Age)?,
                    gender: f.gender(2)?,
                    income: f.num(3, Check::NonNegative)?,
                    occupation: f.occupation(4)?,
                    city: f.text(5).to_string(),
                    tenure_years: f.num(6, Check::NonNegative)?,
                    customer_id: id,
                })
            }
            Rows::Accounts(v) => {
                check_unique(&mut self.first_row, &id, &f)?;
                v.push(Account {
                    avg_balance: f.num(1, Check::NonNegative)?,
                    monthly_deposits: f.num(2, Check::NonNegative)?,
                    monthly_withdrawals: f.num(3, Check::NonNegative)?,
                    digital_txn_ratio: f.num(4, Check::Ratio)?,
                    customer_id: id,
                })
            }
            Rows::CreditCards(v) => v.push(CreditCard {
                card_limit: f.num(1, Check::NonNegative)?,
                utilization_ratio: f.num(2, Check::Ratio)?,
                delinquency_12m: f.num(3, Check::Flag)? as u8,
                customer_id: id,
            }),
            Rows::Loans(v) => v.push(Loan {
                loan_type: f.loan_type(1)?,
                monthly_emi: f.num(2, Check::NonNegative)?,
                overdue_flag: f.num(3, Check::Flag)? as u8,
                customer_id: id,
            }),
            Rows::Investments(v) => v.push(Investment {
                mf_investment: f.num(1, Check::NonNegative)?,
                fd_amount: f.num(2, Check::NonNegative)?,
                insurance_policy: f.num(3, Check::Flag)? as u8,
                customer_id: id,
            }),
            Rows::Transactions(v) => v.push(Transaction {
                month: f.num(1, Check::Month)? as u8,
                shopping_spend: f.num(2, Check::NonNegative)?,
                travel_spend: f.num(3, Check::NonNegative)?,
                utility_spend: f.num(4, Check::NonNegative)?,
                wallet_spend: f.num(5, Check::NonNegative)?,
                customer_id: id,
            }),
        }
        Ok(())
    }
}

fn check_unique(
    first: &mut FxHashMap<String, u64>,
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
    first.insert(id.to_string(), f.line);
    Ok(())
}

/// What a numeric column accepts.
#[derive(Debug, Clone, Copy)]
enum Check {
    NonNegative,
    /// 0–1 inclusive.
    Ratio,
    /// 0 or 1.
    Flag,
    /// Whole number 1–6.
    Month,
    /// Above 0, at most 120.
    Age,
}

/// The fields of one record, addressed by contract column index.
struct Fields<'r> {
    rec: &'r csv::StringRecord,
    cols: &'r [usize],
    kind: TableKind,
    file: &'r str,
    line: u64,
}

impl Fields<'_> {
    fn text(&self, i: usize) -> &str {
        self.rec.get(self.cols[i]).unwrap_or("")
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

    fn id(&self) -> Result<String, ImportError> {
        self.required(0).map(String::from)
    }

    fn num(&self, i: usize, check: Check) -> Result<f64, ImportError> {
        let t = self.required(i)?;
        let v: f64 = match t.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                return Err(self.error(
                    i,
                    ErrorKind::WrongType,
                    format!("expected a number, found \"{t}\""),
                ));
            }
        };
        let range =
            |what: &str| Err(self.error(i, ErrorKind::OutOfRange, format!("{t} is not {what}")));
        match check {
            Check::NonNegative if v < 0.0 => {
                range("allowed: amounts and counts cannot be negative")
            }
            Check::Ratio if !(0.0..=1.0).contains(&v) => range("a ratio between 0 and 1"),
            Check::Flag if v != 0.0 && v != 1.0 => range("a flag (0 or 1)"),
            Check::Month if v.fract() != 0.0 || !(1.0..=6.0).contains(&v) => {
                range("a month from 1 to 6")
            }
            Check::Age if !(v > 0.0 && v <= 120.0) => range("an age (above 0, at most 120)"),
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
                    format!("\"{t}\" is not one of {allowed}"),
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
