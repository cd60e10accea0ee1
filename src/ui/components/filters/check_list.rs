//! A fieldset of checkboxes over names, each checked unless the filters exclude it.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::app::filters::FilterValues;

/// One checkbox per `(name, swatch colour)` of `items`; unchecking excludes the name.
#[component]
pub fn CheckList(
    legend: &'static str,
    class: &'static str,
    /// Shown while there is nothing to list.
    empty: &'static str,
    #[prop(into)] items: Signal<Vec<(String, Option<String>)>>,
    excluded: fn(&FilterValues) -> &BTreeSet<String>,
    excluded_mut: fn(&mut FilterValues) -> &mut BTreeSet<String>,
    filters: RwSignal<FilterValues>,
) -> impl IntoView {
    let toggle = move |name: &str, checked: bool| {
        filters.update(|f| {
            let e = excluded_mut(f);
            if checked {
                e.remove(name);
            } else {
                e.insert(name.to_string());
            }
        })
    };
    view! {
        <fieldset class=format!("field {class}")>
            <legend>{legend}</legend>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    return view! { <p class="field-help">{empty}</p> }.into_any();
                }
                list.into_iter()
                    .map(|(name, color)| {
                        let (checked_name, toggled_name) = (name.clone(), name.clone());
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || !filters.with(|f| excluded(f).contains(&checked_name))
                                    on:change=move |ev| toggle(&toggled_name, event_target_checked(&ev))
                                />
                                {color.map(|c| view! { <span class="swatch" style:background=c aria-hidden="true"></span> })}
                                <span>{name}</span>
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </fieldset>
    }
}
