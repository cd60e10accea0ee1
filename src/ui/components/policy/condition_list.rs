//! A list of conditions (field, operator, value), edited in place: change any part, remove a
//! condition, add one. Used for eligibility, "applies to", "when" and suitability conditions.

use leptos::prelude::*;

use super::{PolicyField, apply_edit};
use crate::app::policy_edit::{ConditionsAt, new_condition, parse_value, value_text, with_op};
use crate::core::policy::{Condition, Field, Op};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// The conditions at `at`; `empty` says what an empty list means ("everyone", "always").
#[component]
pub fn ConditionList(at: ConditionsAt, empty: &'static str, label: String) -> impl IntoView {
    let state = use_app_state();
    let results = use_results();
    let error = RwSignal::new(None::<String>);
    let count = move || state.policy.with(|p| at.get(p).map_or(0, Vec::len));
    let condition = move |i: usize| -> Option<Condition> {
        state
            .policy
            .with(|p| at.get(p).and_then(|l| l.get(i).cloned()))
    };
    let segment_names = move || {
        results.segmented.with_untracked(|s| {
            s.as_ref()
                .map(|s| {
                    s.segmentation
                        .segments
                        .iter()
                        .map(|g| g.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let set = move |i: usize, c: Condition| {
        let r = apply_edit(state, |p| {
            if let Some(slot) = at.get_mut(p).and_then(|l| l.get_mut(i)) {
                *slot = c;
            }
        });
        error.set(r.err());
    };
    let add = move |_| {
        let c = new_condition(Field::Age, &segment_names());
        error.set(
            apply_edit(state, |p| {
                if let Some(l) = at.get_mut(p) {
                    l.push(c);
                }
            })
            .err(),
        );
    };
    let row = move |i: usize| {
        let field_label = format!("{label}: condition {} field", i + 1);
        let op_label = format!("{label}: condition {} comparison", i + 1);
        let value_label = format!("{label}: condition {} value", i + 1);
        let remove_label = format!("Remove {label} condition {}", i + 1);
        let on_field = move |ev: leptos::ev::Event| {
            if let Some(f) = Field::from_name(&event_target_value(&ev)) {
                set(i, new_condition(f, &segment_names()));
            }
        };
        let on_op = move |ev: leptos::ev::Event| {
            let chosen = event_target_value(&ev);
            if let (Some(c), Some(op)) = (
                condition(i),
                Op::ALL.into_iter().find(|o| o.symbol() == chosen),
            ) {
                set(i, with_op(&c, op));
            }
        };
        let commit = move |text: String| -> Result<(), String> {
            let Some(c) = condition(i) else { return Ok(()) };
            let value = parse_value(c.field, c.op, &text)?;
            apply_edit(state, |p| {
                if let Some(slot) = at.get_mut(p).and_then(|l| l.get_mut(i)) {
                    slot.value = value;
                    slot.label = None;
                }
            })
        };
        let remove = move |_| {
            error.set(
                apply_edit(state, |p| {
                    if let Some(l) = at.get_mut(p)
                        && i < l.len()
                    {
                        l.remove(i);
                    }
                })
                .err(),
            );
        };
        let field = move || condition(i).map(|c| c.field);
        let op = move || condition(i).map(|c| c.op);
        view! {
            <li class="condition">
                <select aria-label=field_label on:change=on_field>
                    {Field::ALL.into_iter().map(|f| view! {
                        <option value=f.name() selected=move || field() == Some(f)>{f.name()}</option>
                    }).collect_view()}
                </select>
                <select aria-label=op_label on:change=on_op>
                    {move || {
                        let kind = field().map(Field::kind);
                        Op::ALL.into_iter()
                            .filter(|o| kind.is_some_and(|k| o.accepts(k)))
                            .map(|o| view! {
                                <option value=o.symbol() selected=op() == Some(o)>{o.display()}</option>
                            })
                            .collect_view()
                    }}
                </select>
                <PolicyField
                    label=value_label
                    hide_label=true
                    value=move || condition(i).map(|c| value_text(&c.value)).unwrap_or_default()
                    commit=commit
                />
                <button type="button" class="icon-button" aria-label=remove_label title="Remove" on:click=remove>"×"</button>
            </li>
        }
    };
    view! {
        <div class="condition-list">
            {move || (count() == 0).then(|| view! { <p class="field-help">{empty}</p> })}
            <ul>
                <For each=move || 0..count() key=|i| *i children=row/>
            </ul>
            <button type="button" class="button small secondary" on:click=add>"+ Condition"</button>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}
