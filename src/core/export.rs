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
    if !v.is_finite() {
        return String::new();
    }
    // Most values (0.494, 350000) have a shortest form with no more decimals than `places`:
    // that form is then the rounded one, trimmed (below 1e9 the grid of `places` ≤ 6 decimals
    // is far coarser than the value's rounding, so rounding cannot cross a step), and is found
    // faster than the exact rounding, which for some values takes the big-number path.
    if v.abs() < 1e9 && places <= DECIMAL_PLACES {
        let s = v.to_string();
        if s.split_once('.').is_none_or(|(_, d)| d.len() <= places) {
            return if s == "-0" { "0".to_string() } else { s };
        }
    }
    let mut s = format!("{v:.places$}");
    if s.contains('.') {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
    if s == "-0" { "0".to_string() } else { s }
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
    for &i in indices {
        let (c, f, o) = (&rows[i], &features[i], &offers[i]);
        w.write_record([
            &*csv_text(&c.customer_id),
            &*csv_text(&segments[labels[i]].name),
            &*csv_text(view.offer_name(i)),
            &*csv_text(&o.reason),
            &money(o.expected_revenue),
            b(o.guarded()),
            &decimal(c.age),
            &money(c.income),
            &decimal(c.tenure_years),
            &money(c.avg_balance),
            b(c.has_credit_card),
            b(c.has_loan),
            b(c.has_investments),
            &decimal(c.utilization_ratio),
            &decimal(f.spend_to_income),
            &decimal(f.emi_to_income),
            &decimal(f.high_credit_util),
            &decimal(f.digital_engagement_score),
            &decimal(f.txn_activity_score),
            &money(f.total_investments),
            &*csv_text(f.wealth_tier.label()),
            b(f.risk_flag),
            &decimal(f.risk_score),
            &decimal(f.product_count),
        ])?;
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
    for c in &plan.chosen {
        let i = c.customer;
        w.write_record([
            &*csv_text(&view.segmented.rows[i].customer_id),
            &*csv_text(&view.policy.offers[c.offer].name),
            &if c.priority.is_finite() {
                decimal(c.priority)
            } else {
                String::new()
            },
            &decimal(c.take_up),
            &money(c.net),
            &*csv_text(&view.offers[i].reason),
            if c.holdout { "1" } else { "0" },
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
