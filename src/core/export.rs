//! CSV export of the segmented customers: customer_id, segment, offer, reason, expected revenue
//! and the features.

use super::c360::Customer360;
use super::features::Features;
use super::offers::Offer;
use super::personas::Segment;

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

/// Writes the customers at `indices` as CSV (header first) into a byte buffer.
pub fn customers_csv(
    rows: &[Customer360],
    features: &[Features],
    labels: &[usize],
    segments: &[Segment],
    offers: &[Offer],
    indices: &[usize],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(indices.len() * 256 + 512));
    w.write_record(CUSTOMER_COLUMNS)?;
    let b = |v: bool| if v { "1" } else { "0" };
    for &i in indices {
        let (c, f, o) = (&rows[i], &features[i], &offers[i]);
        w.write_record([
            c.customer_id.as_str(),
            &segments[labels[i]].name,
            o.kind.label(),
            o.reason.as_str(),
            &o.expected_revenue.to_string(),
            b(o.guarded),
            &c.age.to_string(),
            &c.income.to_string(),
            &c.tenure_years.to_string(),
            &c.avg_balance.to_string(),
            b(c.has_credit_card),
            b(c.has_loan),
            b(c.has_investments),
            &c.utilization_ratio.to_string(),
            &f.spend_to_income.to_string(),
            &f.emi_to_income.to_string(),
            &f.high_credit_util.to_string(),
            &f.digital_engagement_score.to_string(),
            &f.txn_activity_score.to_string(),
            &f.total_investments.to_string(),
            f.wealth_tier.label(),
            b(f.risk_flag),
            &f.risk_score.to_string(),
            &f.product_count.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Writes the six tables of a dataset as CSV files, `(file name, bytes)` in contract order.
/// Importing them gives back the same dataset (without the hidden planted persona).
pub fn tables_csv(ds: &super::data::Dataset) -> Result<Vec<(String, Vec<u8>)>, csv::Error> {
    use super::import::TableKind;
    fn write<T: serde::Serialize>(rows: &[T], columns: &[&str]) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::with_capacity(rows.len() * 64 + 128));
        // The header is written explicitly so an empty table still has one.
        w.write_record(columns)?;
        for r in rows {
            w.serialize(r)?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
    Ok(vec![
        (
            TableKind::Customers.file_name(),
            write(&ds.customers, TableKind::Customers.columns())?,
        ),
        (
            TableKind::Accounts.file_name(),
            write(&ds.accounts, TableKind::Accounts.columns())?,
        ),
        (
            TableKind::CreditCards.file_name(),
            write(&ds.credit_cards, TableKind::CreditCards.columns())?,
        ),
        (
            TableKind::Loans.file_name(),
            write(&ds.loans, TableKind::Loans.columns())?,
        ),
        (
            TableKind::Investments.file_name(),
            write(&ds.investments, TableKind::Investments.columns())?,
        ),
        (
            TableKind::Transactions.file_name(),
            write(&ds.transactions, TableKind::Transactions.columns())?,
        ),
    ])
}
