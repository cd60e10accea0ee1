//! The KPI row over the filtered customers, with the CSV download.

use leptos::prelude::*;

use crate::app::format;
use crate::core::summary::Summary;
use crate::ui::results::use_results;

use crate::ui::components::{DownloadButton, KpiCard};

/// The placeholder for a figure that does not exist (yet).
fn none() -> String {
    "—".to_string()
}

/// Customers, average income, average balance, average products, expected revenue.
#[component]
pub fn KpiRow() -> impl IntoView {
    let results = use_results();
    let summary = Memo::new(move |_| {
        results
            .filtered
            .with(|f| f.as_ref().map(|f| f.summary.clone()))
    });
    let total = move || {
        results
            .fitted
            .with(|f| f.as_ref().map(|f| f.prepared.rows.len()))
    };
    // A figure of the summary; "—" before the analysis, and for averages over no customers.
    let kpi = move |f: fn(&Summary) -> String| {
        Signal::derive(move || summary.with(|s| s.as_ref().map(f).unwrap_or_else(none)))
    };
    let avg = move |f: fn(&Summary) -> String| {
        Signal::derive(move || {
            summary.with(|s| {
                s.as_ref()
                    .filter(|s| s.customers > 0)
                    .map(f)
                    .unwrap_or_else(none)
            })
        })
    };
    let customers_detail = Signal::derive(move || match total() {
        Some(t) => format!("of {} after filters", format::count(t)),
        None => "analysing…".to_string(),
    });
    view! {
        <section class="kpis" aria-label="Key figures for the filtered customers">
            <div class="kpi-grid">
                <KpiCard label="Customers" value=kpi(|s| format::count(s.customers)) detail=customers_detail/>
                <KpiCard label="Avg income" value=avg(|s| format::inr(s.avg_income)) detail=Signal::derive(|| "annual".to_string())/>
                <KpiCard label="Avg balance" value=avg(|s| format::inr(s.avg_balance))/>
                <KpiCard label="Avg products per customer" value=avg(|s| format!("{:.2}", s.avg_products))/>
                <KpiCard
                    label="Expected revenue"
                    value=kpi(|s| format::inr(s.expected_revenue))
                    detail=Signal::derive(|| "conversion × revenue per offer".to_string())
                />
            </div>
            <DownloadButton/>
        </section>
    }
}
