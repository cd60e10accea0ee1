//! The page: provides the state and results, wires the URL and window effects, and composes the
//! panels. It holds no logic of its own.

use leptos::prelude::*;

use super::components::{
    CampaignMixChart, CampaignPanel, CustomerDrawer, CustomerMapChart, CustomerTable, DataPanel,
    ErrorBanner, FilterChips, FilterPanel, Footer, Header, ImportNote, JoinWarnings, KpiRow, Later,
    ModelSelectionChart, PenetrationChart, PolicyPanel, ProgressBar, RevenueChart,
    SegmentDonutChart, SegmentProfiles, SettingsPanel, Soon, WeakSegmentsNote,
};
use super::results::provide_results;
use super::state::{AppState, provide_app_state};
use super::url::{handle_url_sync, initial_state};

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    let initial = initial_state();
    let (embed, page_query, data) = (initial.embed, initial.page_query(), initial.data.clone());
    let data_out_of_sight = embed || data.is_some();
    let state = provide_app_state(
        initial.settings,
        initial.filters,
        initial.lookup,
        initial.notice,
    );
    // The saved policy (and the link's levers) first: the first run makes its offers under it.
    super::components::keep_policy(state);
    provide_results(state);
    handle_url_sync(state, page_query);
    if let Some(url) = data {
        super::components::import_from_link(state, url);
    }
    handle_resize(state);

    view! {
        <div class="app" class:embedded=embed>
            <Header embedded=embed/>
            <div class="layout">
                <aside class="sidebar" aria-label="Data, settings and filters">
                    <Soon order=7><DataPanel/></Soon>
                    <Soon order=8><SettingsPanel/></Soon>
                    <Soon order=9><FilterPanel/></Soon>
                </aside>
                <main class="content" id="main" class:stale=move || state.progress.with(Option::is_some)>
                    <ProgressBar/>
                    <ErrorBanner/>
                    <Show when=move || data_out_of_sight>
                        <ImportNote/>
                    </Show>
                    <FilterChips/>
                    <WeakSegmentsNote/>
                    <JoinWarnings/>
                    <Soon order=0><KpiRow/></Soon>
                    <div class="chart-grid">
                        <Soon order=1><SegmentDonutChart/></Soon>
                        <Soon order=2><PenetrationChart/></Soon>
                        <Soon order=3><CampaignMixChart/></Soon>
                        <Soon order=4><RevenueChart/></Soon>
                        <Soon order=5><ModelSelectionChart/></Soon>
                        <Soon order=6><CustomerMapChart/></Soon>
                    </div>
                    <Later order=1><SegmentProfiles/></Later>
                    <Later order=2><CustomerTable/></Later>
                    <Later order=3><PolicyPanel/></Later>
                    <Later order=4><CampaignPanel/></Later>
                </main>
            </div>
            <Soon order=10><CustomerDrawer/></Soon>
            <Soon order=11><Footer/></Soon>
        </div>
    }
}

/// Redraws the charts when the window's size (or pixel ratio) changes.
fn handle_resize(state: AppState) {
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        state.viewport.update(|v| *v = v.wrapping_add(1));
    });
    on_cleanup(move || handle.remove());
}
