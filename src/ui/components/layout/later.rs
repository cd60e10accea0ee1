//! Panels below the first screen, built once the first figures are on screen, one per task:
//! building the whole page in one go kept the page's thread busy for ~110 ms at start (~450 ms on
//! a phone-speed CPU), which a user feels as a page that does not answer.

use std::time::Duration;

use leptos::prelude::*;

use crate::ui::results::use_results;

/// Shows `children` `order` × 10 ms after the first analysis (or its error) is on screen, and for
/// good after.
#[component]
pub fn Later(order: u64, children: ChildrenFn) -> impl IntoView {
    let results = use_results();
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        let settled = results.fitted.with(Option::is_some) || results.error.with(Option::is_some);
        if settled && !shown.get_untracked() {
            set_timeout(
                move || {
                    crate::web::host::mark(&format!("c360:later-{order}"));
                    shown.set(true);
                },
                Duration::from_millis(10 * order),
            );
        }
    });
    move || shown.get().then(|| children())
}

/// Shows `children` in a task of its own right after the page has mounted (the `order`-th: a
/// timer of `order` ms), so that building the page does not hold its thread in one piece: the
/// first screen's frame (header, figures, chart cards) comes first, the sidebar's panels and
/// the rest follow one per task, each short enough for a phone-speed CPU not to feel it.
#[component]
pub fn Soon(order: u64, children: ChildrenFn) -> impl IntoView {
    let shown = RwSignal::new(false);
    set_timeout(
        move || {
            crate::web::host::mark(&format!("c360:soon-{order}"));
            shown.set(true);
        },
        Duration::from_millis(order),
    );
    move || shown.get().then(|| children())
}
