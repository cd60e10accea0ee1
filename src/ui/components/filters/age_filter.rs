//! Age range filter: two number inputs. A bad entry stays in its field with a message beside it
//! saying what is wrong and the range; the filter keeps its last good range until it is fixed.

use leptos::prelude::*;

use crate::app::filters::{AGE_RANGE, check_age_order, parse_age};
use crate::ui::state::use_app_state;

/// "From" and "To" ages (inclusive, 18–100).
#[component]
pub fn AgeFilter() -> impl IntoView {
    let filters = use_app_state().filters;
    let (lo, hi) = AGE_RANGE;
    // What the user typed (kept while it is wrong) and the problem with it.
    let typed = RwSignal::new(None::<(String, String)>);
    let problem = RwSignal::new(None::<String>);
    // A good range set elsewhere (reset, a chip, a link) clears what was typed.
    Effect::new(move |_| {
        filters.with(|f| f.age);
        typed.set(None);
        problem.set(None);
    });
    let read = move |is_from: bool| {
        move || {
            typed.with(|t| match t {
                Some((a, b)) => (if is_from { a } else { b }).clone(),
                None => {
                    let (a, b) = filters.with(|f| f.age);
                    (if is_from { a } else { b }).to_string()
                }
            })
        }
    };
    let apply = move |ev: leptos::ev::Event, is_from: bool| {
        let value = event_target_value(&ev);
        let (mut a, mut b) = typed.get_untracked().unwrap_or_else(|| {
            let (a, b) = filters.with_untracked(|f| f.age);
            (a.to_string(), b.to_string())
        });
        if is_from {
            a = value;
        } else {
            b = value;
        }
        let checked = parse_age(&a)
            .map_err(|e| format!("From: {e}"))
            .and_then(|x| {
                parse_age(&b)
                    .map_err(|e| format!("To: {e}"))
                    .map(|y| (x, y))
            })
            .and_then(|(x, y)| check_age_order(x, y));
        match checked {
            Ok(range) => {
                if filters.with_untracked(|f| f.age) == range {
                    typed.set(None);
                    problem.set(None);
                } else {
                    filters.update(|f| f.age = range);
                }
            }
            Err(e) => {
                typed.set(Some((a, b)));
                problem.set(Some(format!(
                    "{e}. Ages are whole years from {lo} to {hi}; the filter stays at {} until this is fixed.",
                    filters.with_untracked(|f| format!("{}–{}", f.age.0, f.age.1))
                )));
            }
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Age"</legend>
            <div class="field-row">
                <label class="inline">
                    "From"
                    <input
                        type="text"
                        inputmode="numeric"
                        aria-label="Age from"
                        aria-describedby="age-error"
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        min=lo
                        max=hi
                        prop:value=read(true)
                        on:change=move |ev| apply(ev, true)
                    />
                </label>
                <label class="inline">
                    "To"
                    <input
                        type="text"
                        inputmode="numeric"
                        aria-label="Age to"
                        aria-describedby="age-error"
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        min=lo
                        max=hi
                        prop:value=read(false)
                        on:change=move |ev| apply(ev, false)
                    />
                </label>
            </div>
            <span id="age-error" class="field-error" role="alert">{move || problem.get()}</span>
            <p class="field-help">{format!("Whole years, {lo} to {hi}.")}</p>
        </fieldset>
    }
}
