//! The user's settings as plain values: defaults, limits, validation, and the URL query form
//! (`customers`, `seed`, `profile`, `k`, `restarts`, `guardrail`). Pure Rust, tested natively.

use crate::core::defaults::{self, K_RANGE};
use crate::core::synth::{DataProfile, SynthParams};

use super::error::AppError;
use super::format;

/// Customers the dashboard accepts (inclusive).
pub const CUSTOMERS_RANGE: (usize, usize) = (500, crate::core::synth::MAX_CUSTOMERS);
/// Restarts the dashboard accepts (inclusive): the core's.
pub use crate::core::defaults::RESTARTS_RANGE;

/// Every setting. Defaults: [`crate::core::defaults`], with K chosen automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsValues {
    pub customers: usize,
    pub seed: u64,
    pub profile: DataProfile,
    /// `None` = the best silhouette picks K.
    pub k: Option<usize>,
    pub restarts: usize,
    pub guardrail: bool,
}

impl Default for SettingsValues {
    fn default() -> Self {
        Self {
            customers: defaults::CUSTOMERS,
            seed: defaults::SEED,
            profile: defaults::PROFILE,
            k: None,
            restarts: defaults::RESTARTS,
            guardrail: defaults::GUARDRAIL,
        }
    }
}

impl SettingsValues {
    /// The synthesis parameters.
    pub fn synth(&self) -> SynthParams {
        SynthParams {
            customers: self.customers,
            seed: self.seed,
            profile: self.profile,
        }
    }

    /// The settings that differ from the defaults, as a URL query (without `?`).
    pub fn to_query(&self) -> String {
        let d = Self::default();
        let mut parts = Vec::new();
        if self.customers != d.customers {
            parts.push(format!("customers={}", self.customers));
        }
        if self.seed != d.seed {
            parts.push(format!("seed={}", self.seed));
        }
        if self.profile != d.profile {
            parts.push(format!("profile={}", self.profile.as_str()));
        }
        if let Some(k) = self.k {
            parts.push(format!("k={k}"));
        }
        if self.restarts != d.restarts {
            parts.push(format!("restarts={}", self.restarts));
        }
        if !self.guardrail {
            parts.push("guardrail=off".to_string());
        }
        parts.join("&")
    }

    /// Reads settings from a URL query (`?` optional). Unknown keys are ignored; a bad value
    /// keeps that setting's default and is reported (all problems in one error).
    pub fn from_query(query: &str) -> (Self, Option<AppError>) {
        let mut s = Self::default();
        let mut problems = Vec::new();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = value.replace('+', " ");
            let result = match key {
                "customers" => parse_customers(&value).map(|v| s.customers = v),
                "seed" => parse_seed(&value).map(|v| s.seed = v),
                "profile" => parse_profile(&value).map(|v| s.profile = v),
                "k" => parse_k(&value).map(|v| s.k = v),
                "restarts" => parse_restarts(&value).map(|v| s.restarts = v),
                "guardrail" => parse_switch(&value).map(|v| s.guardrail = v),
                _ => Ok(()),
            };
            if let Err(e) = result {
                problems.push(format!("{key}: {e}"));
            }
        }
        let error = (!problems.is_empty()).then(|| {
            AppError::new(
                format!(
                    "The link has settings that cannot be used ({}).",
                    problems.join("; ")
                ),
                "Defaults are used instead; change them in Settings, or fix the link.",
            )
        });
        (s, error)
    }
}

/// A switch in a link: `on`/`off` (also `true`/`false`, `1`/`0`).
pub fn parse_switch(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(format!("“{}” is neither on nor off", text.trim())),
    }
}

/// A whole number typed by the user ("1,00,000" and "100 000" read as 100,000), within
/// `lo..=hi`; the error says what is wrong and the range ("10 is below 500").
pub fn parse_whole_in(text: &str, lo: usize, hi: usize) -> Result<usize, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!(
            "enter a whole number from {} to {}",
            format::count(lo),
            format::count(hi)
        ));
    }
    let digits = t.replace([',', '_', ' '], "");
    if let Some(rest) = digits.strip_prefix('-')
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!("{t} is below {}", format::count(lo)));
    }
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return match digits.parse::<usize>() {
            Ok(v) if v < lo => Err(format!(
                "{} is below {}",
                format::count(v),
                format::count(lo)
            )),
            Ok(v) if v > hi => Err(format!(
                "{} is above {}",
                format::count(v),
                format::count(hi)
            )),
            Ok(v) => Ok(v),
            Err(_) => Err(format!("{t} is above {}", format::count(hi))),
        };
    }
    Err(format!(
        "“{t}” is not a whole number ({} to {})",
        format::count(lo),
        format::count(hi)
    ))
}

/// A number of customers within [`CUSTOMERS_RANGE`].
pub fn parse_customers(text: &str) -> Result<usize, String> {
    let (lo, hi) = CUSTOMERS_RANGE;
    parse_whole_in(text, lo, hi)
}

/// A seed: any whole number from 0 to 2⁶⁴ − 1.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("“{}” is not a whole number of 0 or more", text.trim()))
}

/// `realistic` or `seed`.
pub fn parse_profile(text: &str) -> Result<DataProfile, String> {
    DataProfile::parse(text).ok_or_else(|| format!("“{}” is not realistic or seed", text.trim()))
}

/// `auto` (or empty) for the best silhouette, else a K within [`K_RANGE`].
pub fn parse_k(text: &str) -> Result<Option<usize>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    let (lo, hi) = K_RANGE;
    match t.parse::<usize>() {
        Ok(k) if (lo..=hi).contains(&k) => Ok(Some(k)),
        _ => Err(format!("“{t}” is not auto or a K from {lo} to {hi}")),
    }
}

/// Restarts within [`RESTARTS_RANGE`].
pub fn parse_restarts(text: &str) -> Result<usize, String> {
    let (lo, hi) = RESTARTS_RANGE;
    parse_whole_in(text, lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_benchmark_link() {
        let (s, e) = SettingsValues::from_query("?customers=30000");
        assert_eq!(e, None);
        assert_eq!(s.customers, 30_000);
        assert_eq!(s.seed, 42);
    }

    #[test]
    fn reads_every_key_and_round_trips() {
        let (s, e) = SettingsValues::from_query(
            "customers=5000&seed=7&profile=seed&k=4&restarts=3&guardrail=off&x=1",
        );
        assert_eq!(e, None);
        assert_eq!(
            s,
            SettingsValues {
                customers: 5_000,
                seed: 7,
                profile: DataProfile::Seed,
                k: Some(4),
                restarts: 3,
                guardrail: false
            }
        );
        assert_eq!(SettingsValues::from_query(&s.to_query()).0, s);
        assert_eq!(SettingsValues::default().to_query(), "");
    }

    #[test]
    fn bad_values_keep_defaults_and_are_reported() {
        let (s, e) = SettingsValues::from_query(
            "customers=12&k=9&seed=abc&profile=x&restarts=0&guardrail=maybe",
        );
        assert_eq!(s, SettingsValues::default());
        let e = e.expect("an error");
        for key in [
            "customers",
            "k:",
            "seed",
            "profile",
            "restarts",
            "guardrail",
        ] {
            assert!(e.summary.contains(key), "{key} in {}", e.summary);
        }
        assert_eq!(parse_k("auto"), Ok(None));
        assert_eq!(parse_customers("1,00,000"), Ok(100_000));
    }

    #[test]
    fn out_of_range_numbers_say_what_is_wrong_and_the_range() {
        assert_eq!(parse_customers("10"), Err("10 is below 500".into()));
        assert_eq!(
            parse_customers("20,00,000"),
            Err("20,00,000 is above 10,00,000".into())
        );
        assert_eq!(parse_customers("-5"), Err("-5 is below 500".into()));
        assert_eq!(
            parse_customers("99999999999999999999999"),
            Err("99999999999999999999999 is above 10,00,000".into())
        );
        assert_eq!(
            parse_customers("3k"),
            Err("“3k” is not a whole number (500 to 10,00,000)".into())
        );
        assert_eq!(
            parse_customers(" "),
            Err("enter a whole number from 500 to 10,00,000".into())
        );
        assert_eq!(parse_restarts("500"), Err("500 is above 100".into()));
        assert_eq!(parse_restarts("0"), Err("0 is below 1".into()));
        assert_eq!(parse_restarts("25"), Ok(25));
    }
}
