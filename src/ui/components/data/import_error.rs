//! Why the last import stopped: what is wrong, where, and what to do.

use leptos::prelude::*;

use super::file_picker::{import_skipping_bad_rows, map_column_and_import_again};
use crate::app::import::can_skip_rows;
use crate::ui::state::use_app_state;

/// The summary ("Value out of range: 1.2 is not a ratio between 0 and 1."), the location
/// ("accounts.csv, row 3, column digital_txn_ratio"), the hint, and that the data shown before
/// is unchanged. Dismissable; nothing when the last import succeeded.
#[component]
pub fn ImportErrorPanel() -> impl IntoView {
    let state = use_app_state();
    let error = state.import.error;
    move || {
        error.get().map(|e| {
            // A missing column: offer to read one of the file's other columns as it.
            let choices = e.first().map(|f| f.mapping_choices()).unwrap_or_default();
            // Every other problem found, listed under the first.
            let (others, unlisted) = e.others();
            let others = (!others.is_empty()).then(|| {
                let n = others.len() + unlisted;
                let items = others
                    .iter()
                    .map(|o| {
                        view! {
                            <li>
                                {format!("{}: {}: {}", o.location(), o.kind.title(), o.detail)}
                            </li>
                        }
                    })
                    .collect_view();
                let more = (unlisted > 0).then(|| {
                    view! { <li>{format!("… and {unlisted} more not listed")}</li> }
                });
                view! {
                    <details class="import-error-others" data-testid="import-error-others">
                        <summary>
                            {format!("{n} more problem{} in this import", if n == 1 { "" } else { "s" })}
                        </summary>
                        <ul>{items} {more}</ul>
                    </details>
                }
            });
            let map = choices.first().cloned().map(|first| {
                let chosen = RwSignal::new(0usize);
                let options = choices
                    .iter()
                    .enumerate()
                    .map(|(i, m)| view! { <option value=i.to_string()>{m.header.clone()}</option> })
                    .collect_view();
                let choices = StoredValue::new(choices);
                view! {
                    <p class="import-error-map">
                        <label for="import-map-header">
                            {format!("Which of your columns is {}? ", first.column)}
                        </label>
                        <select
                            id="import-map-header"
                            data-testid="import-map-header"
                            on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))
                        >
                            {options}
                        </select>
                        " "
                        <button
                            type="button"
                            data-testid="import-map-column"
                            disabled=move || state.import.busy()
                            on:click=move |_| {
                                let m = choices.with_value(|c| c.get(chosen.get_untracked()).cloned());
                                if let Some(m) = m {
                                    map_column_and_import_again(state, m);
                                }
                            }
                        >
                            "Use it (remembered) and import again"
                        </button>
                    </p>
                }
            });
            // A problem in a row: offer to leave such rows out and import the rest.
            let skip = can_skip_rows(&e).then(|| {
                view! {
                    <p class="import-error-skip">
                        <button
                            type="button"
                            data-testid="import-skip-rows"
                            disabled=move || state.import.busy()
                            on:click=move |_| import_skipping_bad_rows(state)
                        >
                            "Skip the rows with a problem and import the rest"
                        </button>
                    </p>
                }
            });
            let location = e.location().map(|l| {
                view! {
                    <p class="import-error-location">
                        <span class="import-error-key">"Where: "</span>
                        <span data-testid="import-error-location">{l}</span>
                    </p>
                }
            });
            view! {
                <div class="alert import-error" role="alert" data-testid="import-error">
                    <div class="alert-text">
                        <p>
                            <strong class="error-summary">"The import stopped. "</strong>
                            <span data-testid="import-error-summary">{e.summary()}</span>
                        </p>
                        {location}
                        <p class="error-hint">{e.hint()}</p>
                        {others}
                        <p class="import-error-kept">"The data shown before is unchanged."</p>
                        {map}
                        {skip}
                    </div>
                    <button type="button" class="link-button" on:click=move |_| error.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
