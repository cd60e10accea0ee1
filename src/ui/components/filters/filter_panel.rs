//! The filters that drive every view.

use leptos::prelude::*;

use crate::app::filters::FilterValues;
use crate::ui::state::use_app_state;

use crate::ui::components::{
    AgeFilter, FlagFilters, IncomeFilter, OfferFilter, SegmentFilter, Soon,
};

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
            // One task each (the panel in one was a 30-ms task on a first visit); the timers
            // start when this panel is built, and their numbers are not page.rs's 0–11 so that
            // the marks on a timeline (`c360:soon-N`) tell them apart.
            <Soon order=12><SegmentFilter/></Soon>
            <Soon order=13><FlagFilters/></Soon>
            <Soon order=14><IncomeFilter/></Soon>
            <Soon order=15><AgeFilter/></Soon>
            <Soon order=16><OfferFilter/></Soon>
        </section>
    }
}
