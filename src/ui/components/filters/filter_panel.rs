//! The filters that drive every view.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::core::summary::{Holding, IncomeBand};
use crate::ui::state::{AGE_RANGE, use_app_state};

use crate::ui::components::{AgeFilter, HoldingFilter, IncomeFilter, SegmentFilter};

/// Segments, income band, age range and product holding, with a reset.
#[component]
pub fn FilterPanel() -> impl IntoView {
    let f = use_app_state().filters;
    let reset = move |_| {
        f.excluded.set(BTreeSet::new());
        f.income.set(IncomeBand::All);
        f.age.set(AGE_RANGE);
        f.holding.set(Holding::Any);
    };
    view! {
        <section class="panel" aria-labelledby="filters-title">
            <div class="panel-head">
                <h2 id="filters-title" class="panel-title">"Filters"</h2>
                <button type="button" class="link-button" on:click=reset>"Reset"</button>
            </div>
            <SegmentFilter/>
            <IncomeFilter/>
            <AgeFilter/>
            <HoldingFilter/>
        </section>
    }
}
