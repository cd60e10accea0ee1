//! The customer table: the filtered customers searched by id and sorted by any column.

use std::cmp::Ordering;

use super::view::AnalysedView;

/// A column of the customer table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Customer id: numbers in numeric order, then other ids in text order.
    Id,
    /// Segment (persona) name.
    Segment,
    /// Age, years.
    Age,
    /// Annual income.
    Income,
    /// Average balance.
    Balance,
    /// Products held (0–3).
    Products,
    /// Risk score.
    Risk,
    /// Offer name ("" when none).
    Offer,
    /// Expected revenue of the offer.
    Expected,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Column; 9] = [
        Column::Id,
        Column::Segment,
        Column::Age,
        Column::Income,
        Column::Balance,
        Column::Products,
        Column::Risk,
        Column::Offer,
        Column::Expected,
    ];

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            Column::Id => "Customer ID",
            Column::Segment => "Segment",
            Column::Age => "Age",
            Column::Income => "Income",
            Column::Balance => "Avg balance",
            Column::Products => "Products",
            Column::Risk => "Risk score",
            Column::Offer => "Offer",
            Column::Expected => "Expected revenue",
        }
    }

    /// True for the columns of numbers (sorted largest first on the first click).
    pub fn numeric(self) -> bool {
        !matches!(self, Column::Id | Column::Segment | Column::Offer)
    }
}

/// How an id sorts: whole numbers first, by value, then the rest as text.
fn id_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// The customers at `indices` whose id contains `search` (ignoring case and surrounding
/// spaces; all when it is empty), sorted by `column` (ascending, or descending), ties kept in
/// the order of `indices`.
pub fn table_rows(
    view: &AnalysedView<'_>,
    indices: &[usize],
    search: &str,
    column: Column,
    descending: bool,
) -> Vec<usize> {
    let s = &view.segmented;
    let needle = search.trim().to_lowercase();
    let mut rows: Vec<usize> = if needle.is_empty() {
        indices.to_vec()
    } else {
        indices
            .iter()
            .copied()
            .filter(|&i| s.rows[i].customer_id.to_lowercase().contains(&needle))
            .collect()
    };
    let number = |i: usize| -> f64 {
        let c = &s.rows[i];
        match column {
            Column::Age => c.age,
            Column::Income => c.income,
            Column::Balance => c.avg_balance,
            Column::Products => s.features[i].product_count,
            Column::Risk => s.features[i].risk_score,
            Column::Expected => view.offers[i].expected_revenue,
            Column::Id | Column::Segment | Column::Offer => 0.0,
        }
    };
    let order = |a: &usize, b: &usize| -> Ordering {
        match column {
            Column::Id => id_order(&s.rows[*a].customer_id, &s.rows[*b].customer_id),
            Column::Segment => s.segments[s.labels[*a]]
                .name
                .cmp(&s.segments[s.labels[*b]].name),
            Column::Offer => view.offer_name(*a).cmp(view.offer_name(*b)),
            _ => number(*a).total_cmp(&number(*b)),
        }
    };
    if descending {
        rows.sort_by(|a, b| order(b, a));
    } else {
        rows.sort_by(order);
    }
    rows
}
