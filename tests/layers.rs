//! The layers' rule, checked on the source: `src/core` (the analysis) and `src/app` (the app's
//! logic) name no browser or UI crate; each layer may use only the layers listed before it
//! (core, then app, then web, then ui); and no two public types or free functions share a name.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `file:line: text` of every line under `src/<layer>` containing one of `words` as a whole
/// path segment; comment lines too unless `code_only`.
fn mentions(layer: &str, words: &[&str], code_only: bool) -> Vec<String> {
    let mut found = Vec::new();
    for f in rust_files(&Path::new(SRC).join(layer)) {
        let text = fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if code_only && line.trim_start().starts_with("//") {
                continue;
            }
            let hit = words.iter().any(|w| {
                line.match_indices(w).any(|(at, _)| {
                    let before = line[..at].chars().next_back();
                    let after = line[at + w.len()..].chars().next();
                    let ident =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                    !ident(before) && !ident(after)
                })
            });
            if hit {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn core_and_app_name_no_browser_or_ui_crate() {
    let browser = [
        "leptos",
        "web_sys",
        "js_sys",
        "wasm_bindgen",
        "wasm_bindgen_futures",
    ];
    for layer in ["core", "app"] {
        let found = mentions(layer, &browser, false);
        assert!(
            found.is_empty(),
            "src/{layer} must stay free of the browser and the UI (move this to src/web or src/ui):\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let rules: [(&str, &[&str]); 3] = [
        ("core", &["crate::app", "crate::web", "crate::ui"]),
        ("app", &["crate::web", "crate::ui"]),
        ("web", &["crate::ui"]),
    ];
    for (layer, above) in rules {
        let found = mentions(layer, above, true);
        assert!(
            found.is_empty(),
            "src/{layer} uses a layer above it:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn no_two_public_types_or_functions_share_a_name() {
    // Top-level items only (methods live in their type's namespace).
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in rust_files(Path::new(SRC)) {
        let text = fs::read_to_string(&f).unwrap();
        let rel = f.strip_prefix(SRC).unwrap().display().to_string();
        for line in text.lines() {
            for kind in [
                "pub fn ",
                "pub async fn ",
                "pub struct ",
                "pub enum ",
                "pub trait ",
                "pub type ",
            ] {
                if let Some(rest) = line.strip_prefix(kind) {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    seen.entry(name).or_default().push(rel.clone());
                }
            }
        }
    }
    // `main` is each binary's entry point.
    let twice: Vec<String> = seen
        .iter()
        .filter(|(name, files)| files.len() > 1 && name.as_str() != "main")
        .map(|(name, files)| format!("{name}: {}", files.join(", ")))
        .collect();
    assert!(
        twice.is_empty(),
        "public names defined twice (rename one):\n{}",
        twice.join("\n")
    );
}
