//! The decision policy panel: what decides each customer's offer, editable in place; download it
//! as a file, load one, go back to the default. The policy in force is remembered in the
//! browser's local storage and restored on the next visit.

use leptos::prelude::*;

use super::{OffersEditor, PolicyAtWork, RulesEditor, SuitabilityEditor, apply_edit};
use crate::app::error::AppError;
use crate::app::policy_edit::{POLICY_FILE_NAME, POLICY_KEY, apply_policy_query, unknown_segments};
use crate::app::shared::Shared;
use crate::core::model::Model;
use crate::core::policy::{Arbitration, Policy};
use crate::ui::components::Soon;
use crate::ui::state::{AppState, use_app_state};
use crate::web::save::save_file;

/// MIME type of the policy file.
const JSON_MIME: &str = "application/json";

/// The panel.
#[component]
pub fn PolicyPanel() -> impl IntoView {
    let state = use_app_state();
    let results = crate::ui::results::use_results();
    let status = RwSignal::new(None::<Result<String, String>>);
    let (rules_opened, at_work_opened) = (RwSignal::new(false), RwSignal::new(false));
    let download = move |_| {
        let text = state.effective_policy().to_json();
        match save_file(text.as_bytes(), POLICY_FILE_NAME, JSON_MIME) {
            Ok(()) => status.set(None),
            Err(e) => status.set(Some(Err(e.to_string()))),
        }
    };
    // The fitted model with the policy in force: what `c360 score` and `c360 export-sql` apply
    // to the bank's own tables.
    let download_model = move |_| {
        let Some(a) = results.analysis.get_untracked() else {
            return;
        };
        let s = &a.segmented;
        let model = Model::new(
            &s.fitted.prepared,
            &s.segmentation,
            &s.fitted.propensity,
            &a.policy,
        );
        let name = crate::ui::downloads::download_name(&state, "model", "json");
        match save_file(model.to_json().as_bytes(), &name, JSON_MIME) {
            Ok(()) => status.set(Some(Ok(format!(
                "{name}: the {} segments, the propensity models and this policy, for c360 score and c360 export-sql.",
                s.segmentation.chosen_k
            )))),
            Err(e) => status.set(Some(Err(e.to_string()))),
        }
    };
    let no_model = move || results.analysis.with(|a| a.is_none());
    let reset = move |_| {
        state.policy.set(Shared::new(Policy::default()));
        state.settings.guardrail.set(true);
        status.set(Some(Ok("The default policy is in force again.".into())));
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let name = file.name();
            let result = crate::web::files::read_text(&file)
                .await
                .map_err(|e| e.to_string())
                .and_then(|text| Policy::from_json(&text).map_err(|e| format!("{name}: {e}")));
            match result {
                Ok(p) => {
                    state.settings.guardrail.set(p.guardrail());
                    state.policy.set(Shared::new(p));
                    status.set(Some(Ok(format!("{name} is the policy in force."))));
                }
                Err(e) => status.set(Some(Err(format!(
                    "{e}. The policy in force stays; correct the file and load it again."
                )))),
            }
        });
    };
    let is_default = move || *state.effective_policy() == Policy::default();
    view! {
        <section class="panel policy-panel" aria-labelledby="policy-title" data-testid="policy-panel">
            <div class="panel-head">
                <h2 id="policy-title" class="panel-title">"Decision policy"</h2>
                <span class="field-help" data-testid="policy-state">
                    {move || if is_default() { "Default policy (the original's rules and economics)" } else { "Edited policy" }}
                </span>
            </div>
            <p class="field-help">
                "The offers, the rules that choose each customer's offer and the suitability rules that "
                "stop an unsuitable one. A change applies at once to every figure on the page; the "
                "segments are not refitted."
            </p>
            <div class="toolbar">
                <button type="button" class="button secondary" on:click=download>"Download policy"</button>
                <label class="button secondary file-button">
                    "Load policy"
                    <input type="file" accept=".json,application/json" class="visually-hidden"
                        data-testid="policy-file" on:change=on_file/>
                </label>
                <button type="button" class="button secondary" on:click=reset disabled=is_default>"Reset to default"</button>
                <button type="button" class="button secondary" on:click=download_model disabled=no_model
                    data-testid="download-model"
                    title="The segments, the propensity models and this policy as one file (model.json), for c360 score and c360 export-sql">
                    "Download model"
                </button>
            </div>
            {move || status.get().map(|s| match s {
                Ok(m) => view! { <p class="field-help policy-status" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="field-error policy-status" role="alert" data-testid="policy-error">{m}</p> }.into_any(),
            })}
            {move || {
                let names = results.segment_names.get();
                let unknown = state.policy.with(|p| unknown_segments(p, &names));
                (!unknown.is_empty() && !names.is_empty()).then(|| view! {
                    <div class="policy-warning" role="status" data-testid="policy-unknown-segments">
                        <p>"These conditions name segments this analysis does not have, so they match nobody:"</p>
                        <ul>{unknown.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ul>
                        <p class="field-help">"Segment names come from the data and K; name personas instead to make a policy that carries over."</p>
                    </div>
                })
            }}
            <ArbitrationChoice/>
            <details open>
                <summary>{move || format!("Offers ({})", state.policy.with(|p| p.offers.len()))}</summary>
                <Soon order=1><OffersEditor/></Soon>
            </details>
            // The two folded sections are built when first opened (and kept): the rules editor
            // alone was a 20-ms task at start-up, for a section most visits never open.
            <details on:toggle=move |_| open_once(rules_opened)>
                <summary>{move || format!("Offer rules ({}), tried in order", state.policy.with(|p| p.rules.len()))}</summary>
                {move || rules_opened.get().then(|| view! { <RulesEditor/> })}
            </details>
            <details open>
                <summary>"Suitability rules"</summary>
                <Soon order=3><SuitabilityEditor/></Soon>
            </details>
            <details on:toggle=move |_| open_once(at_work_opened)>
                <summary>"The policy at work: which offer each segment gets, and why (filtered customers)"</summary>
                {move || at_work_opened.get().then(|| view! { <PolicyAtWork/> })}
            </details>
        </section>
    }
}

/// Marks a folded section opened, once (its content is then built and kept).
fn open_once(opened: RwSignal<bool>) {
    if !opened.get_untracked() {
        opened.set(true);
    }
}

/// The arbitration mode: two radio buttons.
#[component]
fn ArbitrationChoice() -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<String>);
    let current = move || state.policy.with(|p| p.arbitration);
    let choice = move |a: Arbitration, help: &'static str| {
        view! {
            <label class="radio">
                <input type="radio" name="arbitration" value=a.id()
                    prop:checked=move || current() == a
                    on:change=move |_| error.set(apply_edit(state, |p| p.arbitration = a).err())/>
                <span><strong>{a.label()}</strong>" — "{help}</span>
            </label>
        }
    };
    view! {
        <fieldset class="arbitration" data-testid="arbitration">
            <legend>"How each customer's offer is chosen"</legend>
            {choice(Arbitration::SegmentRules, "the first offer rule that applies, in order (the original's way).")}
            {choice(Arbitration::PropensityRanked, "of the offers the rules allow the customer, open to them and not stopped, the one with the highest take-up × revenue × weight; take-up is the conversion rate scaled by the customer's propensity for the product.")}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </fieldset>
    }
}

/// Restores the policy remembered in this browser (a policy that no longer passes its checks
/// is set aside with a notice), then remembers every change.
pub fn keep_policy(state: AppState) {
    let mut policy = Policy::default();
    if let Some(text) = crate::web::storage::get(POLICY_KEY) {
        match Policy::from_json(&text) {
            Ok(p) => policy = p,
            Err(e) => state.notice.set(Some(AppError::new(
                format!("The policy saved in this browser could not be used ({e})."),
                "The default policy is in force; load your policy file again.",
            ))),
        }
    }
    // The link's levers (arbitration, budget, holdout) win over the remembered ones.
    let problems = apply_policy_query(&mut policy, &crate::ui::url::location_query());
    if !problems.is_empty() {
        let summary = format!(
            "The link has policy levers that cannot be used ({}).",
            problems.join("; ")
        );
        state.notice.update(|n| {
            *n = Some(match n.take() {
                Some(before) => AppError::new(format!("{} {summary}", before.summary), before.hint),
                None => AppError::new(
                    summary,
                    "The policy's own values are used instead; fix the link.",
                ),
            })
        });
    }
    if policy != Policy::default() {
        state.policy.set(Shared::new(policy));
    }
    Effect::new(move |_| {
        let p = state.policy.get();
        if *p.0 == Policy::default() {
            crate::web::storage::remove(POLICY_KEY);
        } else {
            crate::web::storage::set(POLICY_KEY, &p.to_json());
        }
    });
}
