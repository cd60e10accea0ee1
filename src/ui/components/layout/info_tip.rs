//! A small "i" button whose explanation shows on hover and on keyboard focus (and is the
//! button's description for screen readers).

use leptos::prelude::*;

/// "ⓘ" with `text` beside it while pointed at or focused; `id` makes the description unique.
#[component]
pub fn InfoTip(
    id: String,
    #[prop(into)] text: String,
    #[prop(into)] about: String,
) -> impl IntoView {
    let tip_id = format!("tip-{id}");
    view! {
        <span class="info-tip">
            <button type="button" class="info" aria-label=format!("What is {about}?") aria-describedby=tip_id.clone()>
                "i"
            </button>
            <span class="info-text" role="tooltip" id=tip_id>{text}</span>
        </span>
    }
}
