//! CSV export of the segmented customers: customer_id, segment, offer, reason, expected revenue
//! and the features; and of the six tables.
//!
//! Every text cell we write goes through [`csv_text`]: a text beginning with `=`, `+`, `-`, `@`,
//! tab or carriage return gets a single quote in front, so a spreadsheet shows it as text instead
//! of running it as a formula (OWASP, "CSV Injection"). Numbers are never quoted (a negative number
//! stays a number). Numbers carry the precision a reader expects ([`money`]: to the paisa;
//! [`decimal`]: ratios and scores to six places), not the last bits of a float
//! (`840.0000000000001`); the six tables keep the shortest form that reads back exactly, so an
//! export imports to the same values. The importer drops that one quote again
//! ([`crate::core::import::unescape_cell`]), so export → import gives back the same values.

use std::borrow::Cow;

pub use super::numbers::round_to;
use super::view::{AnalysedView, SegmentedView};

/// Columns of the customers CSV, in order.
pub const CUSTOMER_COLUMNS: [&str; 24] = [
    "customer_id",
    "segment",
    "offer",
    "reason",
    "expected_revenue",
    "guardrail_applied",
    "age",
    "income",
    "tenure_years",
    "avg_balance",
    "has_credit_card",
    "has_loan",
    "has_investments",
    "utilization_ratio",
    "spend_to_income",
    "emi_to_income",
    "high_credit_util",
    "digital_engagement_score",
    "txn_activity_score",
    "total_investments",
    "wealth_tier",
    "risk_flag",
    "risk_score",
    "product_count",
];

/// The characters that make a spreadsheet read a cell as a formula (or that hide one).
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a text cell is written with a quote in front: it begins with one of
/// [`FORMULA_TRIGGERS`] once any quotes of its own are passed over (so that a text that itself
/// begins with `'=` keeps its quote through export → import).
pub fn needs_quote(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS)
}

/// A text cell as we write it: with a single quote in front when it [`needs_quote`], unchanged
/// otherwise. For text only, never for numbers.
pub fn csv_text(text: &str) -> Cow<'_, str> {
    if needs_quote(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A table of text (a chart's numbers as shown) as CSV bytes: a header row, then the rows, every
/// cell through [`csv_text`] so none opens as a formula.
pub fn text_table_csv(headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers.iter().map(|h| csv_text(h).into_owned()))?;
    for r in rows {
        w.write_record(r.iter().map(|c| csv_text(c).into_owned()))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Decimal places of money ([`money`]): to the paisa.
pub const MONEY_PLACES: usize = 2;
/// Decimal places of ratios, scores and other measures ([`decimal`]).
pub const DECIMAL_PLACES: usize = 6;

/// `v` with at most `places` decimals, trailing zeros (and a bare point) trimmed; `-0` is `0`.
/// A non-finite value (which the pipeline never lets through) is written as an empty cell.
pub fn fixed(v: f64, places: usize) -> String {
    Numbers::default().fixed(v, places).to_string()
}

/// Writes numbers as text into buffers of its own, without an allocation for most values: the
/// large exports write 14 numbers for each of 10,00,000 customers ([`fixed`], and the shortest
/// form that reads back exactly). The same text as `format!`.
#[derive(Default)]
pub struct Numbers {
    whole: itoa::Buffer,
    shortest: ryu::Buffer,
    long: String,
}

impl Numbers {
    /// [`fixed`]`(v, places)`, borrowed from this writer until its next use.
    pub fn fixed(&mut self, v: f64, places: usize) -> &str {
        if !v.is_finite() {
            return "";
        }
        if let Some(s) = whole(&mut self.whole, v) {
            return s;
        }
        // Most values (0.494, 350000) have a shortest form with no more decimals than `places`:
        // that form is then the rounded one, trimmed (below 1e9 the grid of `places` ≤ 6
        // decimals is far coarser than the value's rounding, so rounding cannot cross a step),
        // and is found faster than the exact rounding, which for some values takes the
        // big-number path.
        if v.abs() < 1e9
            && places <= DECIMAL_PLACES
            && let Some(s) = plain_shortest(&mut self.shortest, v)
            && s.split_once('.').is_none_or(|(_, d)| d.len() <= places)
        {
            return if s == "-0" { "0" } else { s };
        }
        use std::fmt::Write as _;
        self.long.clear();
        let _ = write!(self.long, "{v:.places$}");
        if self.long.contains('.') {
            let keep = self.long.trim_end_matches('0').trim_end_matches('.').len();
            self.long.truncate(keep);
        }
        if self.long == "-0" { "0" } else { &self.long }
    }

    /// The shortest text that reads back as `v`, as `format!("{v}")` writes it (`0.5`, `840`,
    /// `0.0000001`, never an exponent).
    pub fn shortest(&mut self, v: f64) -> &str {
        if v == 0.0 && v.is_sign_negative() {
            return "-0";
        }
        if let Some(s) = whole(&mut self.whole, v) {
            return s;
        }
        // Two forms can be equally near a value only when it needs all 17 digits and has an
        // exact decimal of 18: around 10¹⁵–10¹⁷ (1e15 + 0.25: `format!` writes …0.3, Ryū
        // …0.2). Below 10¹⁵ the shortest form is unique, and Ryū's is `format!`'s.
        if v.abs() < 1e15
            && let Some(s) = plain_shortest(&mut self.shortest, v)
        {
            return s;
        }
        use std::fmt::Write as _;
        self.long.clear();
        let _ = write!(self.long, "{v}");
        &self.long
    }
}

/// A whole number below 2⁵³ (ages, counts, most amounts) as an integer (`-0` as `0`): the same
/// digits as any other way, found fastest.
fn whole(buffer: &mut itoa::Buffer, v: f64) -> Option<&str> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    (v.fract() == 0.0 && v.abs() < EXACT).then(|| buffer.format(v as i64))
}

/// Ryū's shortest form of a finite `v` when it has no exponent, with a whole number's `.0`
/// dropped: below 10¹⁵ the digits `format!` writes (both write the shortest form that reads
/// back, the nearest when several are; see [`Numbers::shortest`] for the ties above), `None` for
/// an exponent (`1e-7`), which `format!` writes out.
fn plain_shortest(buffer: &mut ryu::Buffer, v: f64) -> Option<&str> {
    let s = buffer.format_finite(v);
    if s.contains(['e', 'E']) {
        return None;
    }
    Some(s.strip_suffix(".0").unwrap_or(s))
}

/// An amount of money to the paisa: `840`, `1234.5`, `0.07`.
pub fn money(v: f64) -> String {
    fixed(v, MONEY_PLACES)
}

/// A ratio, score or other measure to [`DECIMAL_PLACES`] places: `0.494`, `12`.
pub fn decimal(v: f64) -> String {
    fixed(v, DECIMAL_PLACES)
}

/// Rounds every non-integer number in `v` (recursively) with [`round_to`] to `places`, so a
/// JSON document shows `0.494`, not `0.49400000000000005`.
pub fn round_json(v: &mut serde_json::Value, places: i32) {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(x) = n.as_f64()
                && let Some(r) = serde_json::Number::from_f64(round_to(x, places))
            {
                *n = r;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| round_json(x, places)),
        Value::Object(map) => map.values_mut().for_each(|x| round_json(x, places)),
        _ => {}
    }
}

/// Rows written per piece when a large export is cut into pieces (natively written on every
/// core, [`crate::core::parallel`]).
const ROWS_PER_PIECE: usize = 50_000;

/// Writes the customers at `indices` as CSV (header first) into a byte buffer
/// ([`AnalysedView::to_csv`]); natively a piece of [`ROWS_PER_PIECE`] rows at a time on the cores.
pub(crate) fn write_customers_csv(
    view: &AnalysedView,
    indices: &[usize],
) -> Result<Vec<u8>, csv::Error> {
    if cfg!(target_arch = "wasm32") {
        // One thread: pieces would only add copies to the page's memory.
        return customer_rows_csv(view, indices, true);
    }
    let pieces: Vec<&[usize]> = indices.chunks(ROWS_PER_PIECE).collect();
    let pieces = super::parallel::map(&pieces, |rows| customer_rows_csv(view, rows, false));
    let mut out = customer_rows_csv(view, &[], true)?;
    out.reserve(pieces.iter().map(|p| p.as_ref().map_or(0, Vec::len)).sum());
    for piece in pieces {
        out.extend_from_slice(&piece?);
    }
    Ok(out)
}

/// The customers at `indices` as CSV rows, after the header when `header` is set.
fn customer_rows_csv(
    view: &AnalysedView,
    indices: &[usize],
    header: bool,
) -> Result<Vec<u8>, csv::Error> {
    let SegmentedView {
        rows,
        features,
        labels,
        segments,
    } = view.segmented;
    let offers = view.offers;
    let mut w = csv::Writer::from_writer(Vec::with_capacity(indices.len() * 256 + 512));
    if header {
        w.write_record(CUSTOMER_COLUMNS)?;
    }
    let b = |v: bool| if v { "1" } else { "0" };
    // Field by field through one number writer: no text allocated per cell.
    let mut n = Numbers::default();
    for &i in indices {
        let (c, f, o) = (&rows[i], &features[i], &offers[i]);
        w.write_field(&*csv_text(&c.customer_id))?;
        w.write_field(&*csv_text(&segments[labels[i]].name))?;
        w.write_field(&*csv_text(view.offer_name(i)))?;
        w.write_field(&*csv_text(&o.reason))?;
        w.write_field(n.fixed(o.expected_revenue, MONEY_PLACES))?;
        w.write_field(b(o.guarded()))?;
        w.write_field(n.fixed(c.age, DECIMAL_PLACES))?;
        w.write_field(n.fixed(c.income, MONEY_PLACES))?;
        w.write_field(n.fixed(c.tenure_years, DECIMAL_PLACES))?;
        w.write_field(n.fixed(c.avg_balance, MONEY_PLACES))?;
        w.write_field(b(c.has_credit_card))?;
        w.write_field(b(c.has_loan))?;
        w.write_field(b(c.has_investments))?;
        for v in [
            c.utilization_ratio,
            f.spend_to_income,
            f.emi_to_income,
            f.high_credit_util,
            f.digital_engagement_score,
            f.txn_activity_score,
        ] {
            w.write_field(n.fixed(v, DECIMAL_PLACES))?;
        }
        w.write_field(n.fixed(f.total_investments, MONEY_PLACES))?;
        w.write_field(&*csv_text(f.wealth_tier.label()))?;
        w.write_field(b(f.risk_flag))?;
        w.write_field(n.fixed(f.risk_score, DECIMAL_PLACES))?;
        w.write_field(n.fixed(f.product_count, DECIMAL_PLACES))?;
        w.write_record(None::<&[u8]>)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Writes the six tables of a dataset as CSV files, `(file name, bytes)` in contract order.
/// Importing them gives back the same dataset (without the hidden planted persona).
pub fn tables_csv(ds: &super::data::Dataset) -> Result<Vec<(String, Vec<u8>)>, csv::Error> {
    use super::data::{Customer, Dataset};
    use super::import::TableKind;
    /// `safe(row)` is the row with its text cells passed through [`csv_text`] (borrowed when
    /// none needed it).
    fn write<T: serde::Serialize + Clone>(
        rows: &[T],
        columns: &[&str],
        safe: impl Fn(&T) -> Cow<'_, T>,
    ) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::with_capacity(rows.len() * 64 + 128));
        // The header is written explicitly so an empty table still has one.
        w.write_record(columns)?;
        for r in rows {
            w.serialize(safe(r))?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
    /// A row whose only text cell is its customer id.
    macro_rules! id_only {
        () => {
            |r| match csv_text(&r.customer_id) {
                Cow::Borrowed(_) => Cow::Borrowed(r),
                Cow::Owned(id) => {
                    let mut r = r.clone();
                    r.customer_id = id.into();
                    Cow::Owned(r)
                }
            }
        };
    }
    fn customer(c: &Customer) -> Cow<'_, Customer> {
        match (csv_text(&c.customer_id), csv_text(&c.city)) {
            (Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(c),
            (id, city) => Cow::Owned(Customer {
                customer_id: id.into(),
                city: city.into_owned(),
                ..c.clone()
            }),
        }
    }
    let ds: &Dataset = ds;
    Ok(vec![
        (
            TableKind::Customers.file_name(),
            write(&ds.customers, TableKind::Customers.columns(), customer)?,
        ),
        (
            TableKind::Accounts.file_name(),
            write(&ds.accounts, TableKind::Accounts.columns(), id_only!())?,
        ),
        (
            TableKind::CreditCards.file_name(),
            write(
                &ds.credit_cards,
                TableKind::CreditCards.columns(),
                id_only!(),
            )?,
        ),
        (
            TableKind::Loans.file_name(),
            write(&ds.loans, TableKind::Loans.columns(), id_only!())?,
        ),
        (
            TableKind::Investments.file_name(),
            write(
                &ds.investments,
                TableKind::Investments.columns(),
                id_only!(),
            )?,
        ),
        (
            TableKind::Transactions.file_name(),
            write(
                &ds.transactions,
                TableKind::Transactions.columns(),
                id_only!(),
            )?,
        ),
    ])
}

/// The columns of `contacts.csv`.
pub const CONTACT_COLUMNS: [&str; 7] = [
    "customer_id",
    "offer",
    "priority",
    "propensity",
    "expected_value",
    "reason",
    "holdout",
];

/// The campaign's contact list as CSV bytes (header first): every chosen customer in ranking
/// order, the holdout group flagged. `priority` is net value per rupee of contact cost (empty for
/// a free contact), `propensity` the take-up probability, `expected_value` take-up × revenue −
/// cost.
pub fn write_contacts_csv(
    view: &AnalysedView,
    plan: &super::plan::Plan,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(plan.chosen.len() * 128 + 128));
    w.write_record(CONTACT_COLUMNS)?;
    let mut n = Numbers::default();
    for c in &plan.chosen {
        let i = c.customer;
        w.write_field(&*csv_text(&view.segmented.rows[i].customer_id))?;
        w.write_field(&*csv_text(&view.policy.offers[c.offer].name))?;
        // An infinite priority (a free contact) is an empty cell.
        w.write_field(n.fixed(c.priority, DECIMAL_PLACES))?;
        w.write_field(n.fixed(c.take_up, DECIMAL_PLACES))?;
        w.write_field(n.fixed(c.net, MONEY_PLACES))?;
        w.write_field(&*csv_text(&view.offers[i].reason))?;
        w.write_record([if c.holdout { "1" } else { "0" }])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
