//! UI state: the user's settings and filters, the data source and the import under way,
//! progress, notices and the lookup, as signals in one context ([`AppState`]). Read it with
//! [`use_app_state`].

use leptos::prelude::*;

use crate::app::error::AppError;
use crate::app::filters::FilterValues;
use crate::app::import::{ImportFailure, ImportProgress};
use crate::app::run::{Progress, RunRequest};
use crate::app::settings::SettingsValues;
use crate::app::shared::Shared;
use crate::app::source::{ImportedData, RunData};

/// The settings, one signal each (defaults in [`SettingsValues::default`]).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub customers: RwSignal<usize>,
    pub seed: RwSignal<u64>,
    pub profile: RwSignal<crate::core::synth::DataProfile>,
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
}

/// An import under way, and how the last one failed.
#[derive(Debug, Clone, Copy)]
pub struct ImportStatus {
    /// Where the running import is; `None` when none runs.
    pub progress: RwSignal<Option<ImportProgress>>,
    /// Why the last import stopped (`None` after a success, or before any).
    pub error: RwSignal<Option<ImportFailure>>,
    /// The files of the last import, kept so that it can be run again skipping the rows in
    /// error (the import error's offer).
    pub files: StoredValue<Vec<web_sys::File>, LocalStorage>,
    /// The user's headers read as our columns (remembered in the browser's local storage).
    pub mappings: RwSignal<Vec<crate::core::import::ColumnMapping>>,
}

impl ImportStatus {
    fn new() -> Self {
        Self {
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            files: StoredValue::new_local(Vec::new()),
            mappings: RwSignal::new(Vec::new()),
        }
    }

    /// Whether an import runs (tracked).
    pub fn busy(&self) -> bool {
        self.progress.with(Option::is_some)
    }
}

/// All UI state; provided once by [`provide_app_state`].
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    pub settings: Settings,
    /// The dashboard's filters (one value: a change re-filters once).
    pub filters: RwSignal<FilterValues>,
    /// The user's imported data; `None` = synthetic data from the settings (the default).
    pub imported: RwSignal<Option<Shared<ImportedData>>>,
    /// The import under way.
    pub import: ImportStatus,
    /// The running analysis' progress; `None` when idle.
    pub progress: RwSignal<Option<Progress>>,
    /// A problem with the user's input (bad setting, bad link); results stay as they were.
    pub notice: RwSignal<Option<AppError>>,
    /// The customer id last submitted in the lookup (`None` before the first).
    pub lookup: RwSignal<Option<String>>,
    /// Bumped when the window resizes, so the charts redraw at the new size.
    pub viewport: RwSignal<u32>,
    /// The decision policy in force (its guardrail rule follows the guardrail setting).
    pub policy: RwSignal<Shared<crate::core::policy::Policy>>,
}

/// Creates the state from the initial settings (and any problem reading them) and provides it.
pub fn provide_app_state(
    initial: SettingsValues,
    filters: FilterValues,
    lookup: Option<String>,
    notice: Option<AppError>,
) -> AppState {
    let state = AppState {
        settings: Settings::new(initial),
        filters: RwSignal::new(filters),
        imported: RwSignal::new(None),
        import: ImportStatus::new(),
        progress: RwSignal::new(None),
        notice: RwSignal::new(notice),
        lookup: RwSignal::new(lookup),
        viewport: RwSignal::new(0),
        policy: RwSignal::new(Shared::new(crate::core::policy::Policy::default())),
    };
    provide_context(state);
    state
}

impl AppState {
    /// What the heavy stages depend on (tracked): the data — imported, or the synthesis
    /// parameters — the seed and restarts.
    pub fn run_request(&self) -> RunRequest {
        let s = &self.settings;
        let seed = s.seed.get();
        let data = match self.imported.get() {
            Some(d) => RunData::Imported(d),
            None => RunData::Synthetic(crate::core::synth::SynthParams {
                customers: s.customers.get(),
                seed,
                profile: s.profile.get(),
            }),
        };
        RunRequest {
            data,
            seed,
            restarts: s.restarts.get(),
        }
    }

    /// The same, untracked (to check whether a running job is still wanted).
    pub fn run_request_untracked(&self) -> RunRequest {
        untrack(|| self.run_request())
    }

    /// The policy the offers are made under (tracked): the policy in force with the guardrail
    /// setting applied.
    pub fn effective_policy(&self) -> std::sync::Arc<crate::core::policy::Policy> {
        let guardrail = self.settings.guardrail.get();
        self.policy.with(|p| {
            if p.guardrail() == guardrail {
                std::sync::Arc::clone(&p.0)
            } else {
                std::sync::Arc::new((*p.0).clone().with_guardrail(guardrail))
            }
        })
    }

    /// Whether the data is imported (tracked).
    pub fn is_imported(&self) -> bool {
        self.imported.with(Option::is_some)
    }
}

/// The state provided by [`provide_app_state`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
