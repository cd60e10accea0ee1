//! The browser entry point: a panic hook, then the dashboard on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    c360::ui::mount();
}
