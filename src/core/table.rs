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

/// How an id sorts: whole numbers first, by value (then by text, so "7" before "07"), then the
/// rest as text.
fn id_key(id: &str) -> (bool, u64, &str) {
    match id.parse::<u64>() {
        Ok(n) => (false, n, id),
        Err(_) => (true, 0, id),
    }
}

/// A number that orders totally (`f64::total_cmp`), for sorting by key.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Total(f64);

impl Eq for Total {}

impl PartialOrd for Total {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Total {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// `rows` sorted by `key` (computed once per row), stable, reversed when `descending` (ties
/// keep their order either way).
fn sort_keyed<K: Ord>(rows: &mut Vec<usize>, key: impl Fn(usize) -> K, descending: bool) {
    let mut keyed: Vec<(K, usize)> = rows.iter().map(|&i| (key(i), i)).collect();
    if descending {
        keyed.sort_by(|a, b| b.0.cmp(&a.0));
    } else {
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
    }
    *rows = keyed.into_iter().map(|(_, i)| i).collect();
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
            .filter(|&i| contains_ignoring_case(&s.rows[i].customer_id, &needle))
            .collect()
    };
    let number = |i: usize| -> Total {
        let c = &s.rows[i];
        Total(match column {
            Column::Age => c.age,
            Column::Income => c.income,
            Column::Balance => c.avg_balance,
            Column::Products => s.features[i].product_count,
            Column::Risk => s.features[i].risk_score,
            Column::Expected => view.offers[i].expected_revenue,
            Column::Id | Column::Segment | Column::Offer => 0.0,
        })
    };
    match column {
        Column::Id => sort_keyed(&mut rows, |i| id_key(&s.rows[i].customer_id), descending),
        Column::Segment => sort_keyed(
            &mut rows,
            |i| s.segments[s.labels[i]].name.as_str(),
            descending,
        ),
        Column::Offer => sort_keyed(&mut rows, |i| view.offer_name(i), descending),
        _ => sort_keyed(&mut rows, number, descending),
    }
    rows
}

/// Every customer of `view` in `column`'s order (ties by row): what [`table_rows_in`] reads a
/// filtered, searched table from. Made once per analysis and column, it turns each filter
/// change into one pass over the customers instead of a sort (at 1,000,000 customers the sort by
/// id took 47–107 ms natively, docs/PERFORMANCE.md).
pub fn table_order(view: &AnalysedView<'_>, column: Column, descending: bool) -> Vec<usize> {
    let everyone: Vec<usize> = (0..view.segmented.len()).collect();
    table_rows(view, &everyone, "", column, descending)
}

/// What [`table_rows`] returns for the customers at `indices` (ascending, as the filters give
/// them), read from `order`, a [`table_order`] of the same view: those customers in the
/// column's order, ties in the order of `indices`, their id containing `search`.
///
/// # Panics
/// When `order` is not of the view's length (an order made for another analysis).
pub fn table_rows_in(
    view: &AnalysedView<'_>,
    order: &[usize],
    indices: &[usize],
    search: &str,
) -> Vec<usize> {
    let rows = view.segmented.rows;
    assert_eq!(order.len(), rows.len(), "a table order of another analysis");
    let needle = search.trim().to_lowercase();
    let mut member = vec![false; order.len()];
    for &i in indices {
        member[i] = true;
    }
    order
        .iter()
        .copied()
        .filter(|&i| member[i])
        .filter(|&i| needle.is_empty() || contains_ignoring_case(&rows[i].customer_id, &needle))
        .collect()
}

/// True when `text`, lowercased, contains `needle` (already lowercased), without lowercasing
/// `text` into a new string when both are ASCII (one allocation per customer otherwise).
fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    if !(text.is_ascii() && needle.is_ascii()) {
        return text.to_lowercase().contains(needle);
    }
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    n.is_empty() || t.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}
