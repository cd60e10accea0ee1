//! Offer multi-select: one checkbox per offer of the policy in force, and "No offer".

use leptos::prelude::*;

use crate::app::filters::NO_OFFER;
use crate::ui::components::filters::CheckList;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// Checkboxes labelled with the offer names.
#[component]
pub fn OfferFilter() -> impl IntoView {
    let filters = use_app_state().filters;
    let results = use_results();
    let items = Signal::derive(move || {
        results.analysis.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.policy
                        .offers
                        .iter()
                        .map(|o| (o.name.clone(), None))
                        .chain([(NO_OFFER.to_string(), None)])
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <CheckList
            legend="Recommended offer"
            class="offer-filter"
            empty="Offers appear once the analysis is ready."
            items=items
            excluded=move |f| &f.excluded_offers
            excluded_mut=move |f| &mut f.excluded_offers
            filters=filters
        />
    }
}
