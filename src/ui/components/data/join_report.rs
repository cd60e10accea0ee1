//! The join-quality report of the imported data: what each file held, and the problems that did
//! not stop the import.

use leptos::prelude::*;

use crate::app::format;
use crate::core::import::skipped_rows_csv;
use crate::ui::state::use_app_state;
use crate::web::save::{CSV_MIME, save_file};

/// Rows per file, ignored columns, and orphan rows skipped, customers without an account,
/// missing months and duplicate rows (with how they were combined) — or "No join problems
/// found". Shown while the data is imported.
#[component]
pub fn JoinReportPanel() -> impl IntoView {
    let imported = use_app_state().imported;
    move || {
        imported.get().map(|data| {
            let files = data
                .summary
                .files
                .iter()
                .map(|(kind, file, rows)| {
                    view! {
                        <tr>
                            <th scope="row">{file.clone()}</th>
                            <td>{kind.name()}</td>
                            <td class="num">{format::count(*rows)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let ignored = (!data.summary.ignored_columns.is_empty()).then(|| {
                view! {
                    <p class="join-ignored">
                        "Columns ignored: " {data.summary.ignored_columns.join(", ")}
                    </p>
                }
            });
            // How files were read (UTF-16, semicolons, Windows-1252, …) and stray files skipped.
            let notices = (!data.summary.notices.is_empty()).then(|| {
                view! {
                    <ul class="join-notices" data-testid="import-notices">
                        {data
                            .summary
                            .notices
                            .iter()
                            .map(|n| view! { <li>{n.clone()}</li> })
                            .collect_view()}
                    </ul>
                }
            });
            // Rows left out at the user's request: counted, and downloadable as CSV.
            let skipped = (!data.summary.skipped_rows.is_empty()).then(|| {
                let n = data.summary.skipped_rows.len();
                let csv = skipped_rows_csv(&data.summary.skipped_rows);
                let failed = RwSignal::new(None::<String>);
                view! {
                    <div class="join-skipped" data-testid="import-skipped">
                        <p>
                            {format!(
                                "{} row{} with a problem {} left out.",
                                format::count(n),
                                if n == 1 { "" } else { "s" },
                                if n == 1 { "was" } else { "were" },
                            )}
                            " "
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| {
                                    let r = save_file(csv.as_bytes(), "skipped_rows.csv", CSV_MIME);
                                    failed.set(r.err().map(|e| e.summary));
                                }
                            >
                                "Download the list (CSV)"
                            </button>
                        </p>
                        {move || failed.get().map(|m| view! { <p role="alert">{m}</p> })}
                    </div>
                }
            });
            let problems = data.join_problems();
            let problems = if problems.is_empty() {
                view! { <p class="join-clean">"No join problems found."</p> }.into_any()
            } else {
                view! {
                    <ul class="join-problems">
                        {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                <section class="join-report" aria-labelledby="join-report-title" data-testid="join-report">
                    <h3 id="join-report-title" class="join-report-title">"Join quality"</h3>
                    <table class="join-files" aria-label="Rows read per file">
                        <thead>
                            <tr>
                                <th scope="col">"File"</th>
                                <th scope="col">"Table"</th>
                                <th scope="col" class="num">"Rows"</th>
                            </tr>
                        </thead>
                        <tbody>{files}</tbody>
                    </table>
                    {ignored}
                    {notices}
                    {skipped}
                    {problems}
                </section>
            }
        })
    }
}
