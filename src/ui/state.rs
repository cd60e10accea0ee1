//! UI state: the user's settings and filters, progress, notices and the lookup, as signals in one
//! context ([`AppState`]). Read it with [`use_app_state`].

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::core::summary::{Holding, IncomeBand};

use super::error::UiError;
use super::runner::{Progress, RunRequest};
use super::settings::SettingsValues;

/// Youngest and oldest age the age filter offers (the default range, inclusive).
pub const AGE_RANGE: (u32, u32) = (18, 100);

/// The settings, one signal each (defaults in [`SettingsValues::default`]).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub customers: RwSignal<usize>,
    pub seed: RwSignal<u64>,
    pub profile: RwSignal<crate::core::synth::Profile>,
    /// `None` = best silhouette.
    pub k: RwSignal<Option<usize>>,
    pub restarts: RwSignal<usize>,
    pub guardrail: RwSignal<bool>,
}

impl Settings {
    fn new(v: SettingsValues) -> Self {
        Self {
            customers: RwSignal::new(v.customers),
            seed: RwSignal::new(v.seed),
            profile: RwSignal::new(v.profile),
            k: RwSignal::new(v.k),
            restarts: RwSignal::new(v.restarts),
            guardrail: RwSignal::new(v.guardrail),
        }
    }

    /// All values (tracked).
    pub fn values(&self) -> SettingsValues {
        SettingsValues {
            customers: self.customers.get(),
            seed: self.seed.get(),
            profile: self.profile.get(),
            k: self.k.get(),
            restarts: self.restarts.get(),
            guardrail: self.guardrail.get(),
        }
    }

    /// What the heavy stages depend on (tracked): synthesis parameters and restarts only.
    pub fn run_request(&self) -> RunRequest {
        RunRequest {
            synth: crate::core::synth::SynthParams {
                customers: self.customers.get(),
                seed: self.seed.get(),
                profile: self.profile.get(),
            },
            restarts: self.restarts.get(),
        }
    }

    /// The same, untracked (to check whether a running job is still wanted).
    pub fn run_request_untracked(&self) -> RunRequest {
        untrack(|| self.run_request())
    }
}

/// The dashboard's filters. Segments are excluded by persona name, so a choice survives a
/// change of K for the personas that remain.
#[derive(Debug, Clone, Copy)]
pub struct Filters {
    /// Persona names unchecked in the segment filter (empty = all checked).
    pub excluded: RwSignal<BTreeSet<&'static str>>,
    pub income: RwSignal<IncomeBand>,
    /// Inclusive age range.
    pub age: RwSignal<(u32, u32)>,
    pub holding: RwSignal<Holding>,
}

impl Filters {
    fn new() -> Self {
        Self {
            excluded: RwSignal::new(BTreeSet::new()),
            income: RwSignal::new(IncomeBand::All),
            age: RwSignal::new(AGE_RANGE),
            holding: RwSignal::new(Holding::Any),
        }
    }
}

/// All UI state; provided once by [`provide_app_state`].
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    pub settings: Settings,
    pub filters: Filters,
    /// The running analysis' progress; `None` when idle.
    pub progress: RwSignal<Option<Progress>>,
    /// A problem with the user's input (bad setting, bad link); results stay as they were.
    pub notice: RwSignal<Option<UiError>>,
    /// The customer id last submitted in the lookup (`None` before the first).
    pub lookup: RwSignal<Option<String>>,
    /// Bumped when the window resizes, so the charts redraw at the new size.
    pub viewport: RwSignal<u32>,
}

/// Creates the state from the initial settings (and any problem reading them) and provides it.
pub fn provide_app_state(initial: SettingsValues, notice: Option<UiError>) -> AppState {
    let state = AppState {
        settings: Settings::new(initial),
        filters: Filters::new(),
        progress: RwSignal::new(None),
        notice: RwSignal::new(notice),
        lookup: RwSignal::new(None),
        viewport: RwSignal::new(0),
    };
    provide_context(state);
    state
}

/// The state provided by [`provide_app_state`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
