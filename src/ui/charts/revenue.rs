//! Expected revenue by offer (conversion × average revenue, summed over the customers offered it),
//! largest first.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::app::format;
use crate::core::summary::Summary;

use super::hbars::{self, Bar, Scale};
use super::theme::{ACCENT_2, Theme};
use super::{ChartError, Hit};

/// One offer's expected revenue.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRevenue {
    /// Offer label.
    pub offer: String,
    pub customers: usize,
    /// INR.
    pub revenue: f64,
}

/// The chart's data, sorted by revenue (largest first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RevenueData {
    pub rows: Vec<OfferRevenue>,
}

impl RevenueData {
    /// Expected revenue per offer over the filtered customers.
    pub fn from_summary(summary: &Summary) -> Self {
        let mut rows: Vec<OfferRevenue> = summary
            .offers
            .iter()
            .map(|o| OfferRevenue {
                offer: o.name.clone(),
                customers: o.customers,
                revenue: o.expected_revenue,
            })
            .collect();
        rows.sort_by(|a, b| b.revenue.total_cmp(&a.revenue));
        Self { rows }
    }

    /// Sum over the offers, INR.
    pub fn total(&self) -> f64 {
        self.rows.iter().map(|r| r.revenue).sum()
    }
}

/// Draws one horizontal bar per offer.
pub fn draw_revenue<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RevenueData,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    let bars: Vec<Bar> = data
        .rows
        .iter()
        .filter(|r| r.customers > 0)
        .map(|r| Bar {
            label: r.offer.clone(),
            value: r.revenue.max(0.0),
            value_label: format::inr(r.revenue),
            color: ACCENT_2,
            tip: format!(
                "{}: {} expected from {} customers — click to show only them",
                r.offer,
                format::inr(r.revenue),
                format::count(r.customers)
            ),
            pick: Some(r.offer.clone()),
        })
        .collect();
    hbars::draw_hbars(
        area,
        &bars,
        Scale::Amount,
        &format::inr_short,
        "No customers match the filters",
        theme,
    )
}
