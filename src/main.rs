//! The browser entry point: a panic hook, then the dashboard on `<body>` — or, in a fit worker
//! (same module, started by the page), the fit handler.

fn main() {
    console_error_panic_hook::set_once();
    if c360::web::workers::worker::in_worker() {
        c360::web::workers::worker::serve(); // started by public/fit-worker.js
    } else {
        c360::ui::mount();
    }
}
