//! Cross-sell campaign mix: customers per recommended offer, most first.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::app::format;
use crate::core::summary::Summary;

use super::hbars::{self, Bar, Scale};
use super::theme::{ACCENT, Theme};
use super::{ChartError, Hit};

/// One offer's row.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferCount {
    /// Offer label.
    pub offer: String,
    pub customers: usize,
    /// Share of the filtered customers, 0–1.
    pub share: f64,
}

/// The chart's data, sorted by customers (most first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CampaignMixData {
    pub rows: Vec<OfferCount>,
}

impl CampaignMixData {
    /// Customers per offer over the filtered customers (offers with none are left out).
    pub fn from_summary(summary: &Summary) -> Self {
        let n = summary.customers.max(1) as f64;
        let mut rows: Vec<OfferCount> = summary
            .offers
            .iter()
            .map(|o| OfferCount {
                offer: o.name.clone(),
                customers: o.customers,
                share: o.customers as f64 / n,
            })
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.customers));
        Self { rows }
    }
}

/// Draws one horizontal bar per offer.
pub fn draw_campaign_mix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &CampaignMixData,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    let bars: Vec<Bar> = data
        .rows
        .iter()
        .filter(|r| r.customers > 0)
        .map(|r| Bar {
            label: r.offer.clone(),
            value: r.customers as f64,
            value_label: format!(
                "{} ({})",
                format::count(r.customers),
                format::percent(r.share, 0)
            ),
            color: ACCENT,
            tip: format!(
                "{}: {} customers ({} of those shown) — click to show only them",
                r.offer,
                format::count(r.customers),
                format::percent(r.share, 1)
            ),
            pick: Some(r.offer.clone()),
        })
        .collect();
    let tick = |v: f64| format::number(v);
    hbars::draw_hbars(
        area,
        &bars,
        Scale::Count,
        &tick,
        "No customers match the filters",
        theme,
    )
}
