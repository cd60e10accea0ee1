//! The filters that drive every view.

use leptos::prelude::*;

use crate::app::filters::FilterValues;
use crate::ui::state::use_app_state;

use crate::ui::components::{AgeFilter, FlagFilters, IncomeFilter, OfferFilter, SegmentFilter};

/// Segments, offers, income band, age range, products held, risk flag and suitability moves,
/// with a reset.
#[component]
pub fn FilterPanel() -> impl IntoView {
    let f = use_app_state().filters;
    let reset = move |_| f.set(FilterValues::default());
    view! {
        <section class="panel" aria-labelledby="filters-title">
            <div class="panel-head">
                <h2 id="filters-title" class="panel-title">"Filters"</h2>
                <button type="button" class="link-button" on:click=reset>"Reset"</button>
            </div>
            <SegmentFilter/>
            <FlagFilters/>
            <IncomeFilter/>
            <AgeFilter/>
            <OfferFilter/>
        </section>
    }
}
