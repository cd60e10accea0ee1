//! `c360`: the batch command-line tool. See `c360 --help`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    c360::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
