//! The dashboard's filters as the user set them ([`FilterValues`]): what the core's
//! [`Filter`] is built from, their URL form, the chips that show them, and what a download of the
//! filtered customers is called.
//!
//! Segments and offers are excluded by name, so a choice survives a change of K or of the
//! catalogue for the names that remain.

use std::collections::BTreeSet;

use crate::core::summary::{Filter, Has, HeldProduct, IncomeBand};

/// Youngest and oldest age the age filter accepts (the default range, inclusive).
pub const AGE_RANGE: (u32, u32) = (18, 100);

/// The offer filter's name for customers no offer could be made to.
pub const NO_OFFER: &str = "No offer";

/// Every filter, as the user set it. The default passes everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterValues {
    /// Persona names left out (empty = every segment).
    pub excluded_segments: BTreeSet<String>,
    /// Offer names left out, [`NO_OFFER`] among them (empty = every offer).
    pub excluded_offers: BTreeSet<String>,
    pub income: IncomeBand,
    /// Inclusive age range, within [`AGE_RANGE`].
    pub age: (u32, u32),
    /// Holds a credit card, a loan, investments ([`HeldProduct::ALL`]'s order).
    pub products: [Has; 3],
    /// Carries the risk flag.
    pub risk: Has,
    /// Was moved by a suitability rule.
    pub guarded: Has,
}

impl Default for FilterValues {
    fn default() -> Self {
        Self {
            excluded_segments: BTreeSet::new(),
            excluded_offers: BTreeSet::new(),
            income: IncomeBand::All,
            age: AGE_RANGE,
            products: [Has::Any; 3],
            risk: Has::Any,
            guarded: Has::Any,
        }
    }
}

/// One active filter, as a removable chip shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    /// What it says ("Loan: has", "Age 50–100").
    pub label: String,
    /// Which filter it is (what removing it resets).
    pub kind: ChipKind,
}

/// The filter a [`Chip`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipKind {
    Segments,
    Offers,
    Income,
    Age,
    HeldProduct(usize),
    Risk,
    Guarded,
}

impl FilterValues {
    /// True when every filter passes everyone.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// The core's filter, for the segments `segments` (persona names by cluster) and the
    /// catalogue's offer names `offers`.
    pub fn to_filter<'a>(
        &self,
        segments: impl IntoIterator<Item = &'a str>,
        offers: impl IntoIterator<Item = &'a str>,
    ) -> Filter {
        let clusters = (!self.excluded_segments.is_empty()).then(|| {
            segments
                .into_iter()
                .map(|n| !self.excluded_segments.contains(n))
                .collect()
        });
        let offers = (!self.excluded_offers.is_empty()).then(|| {
            offers
                .into_iter()
                .chain([NO_OFFER])
                .map(|n| !self.excluded_offers.contains(n))
                .collect()
        });
        Filter {
            clusters,
            income: self.income,
            age: (f64::from(self.age.0), f64::from(self.age.1)),
            products: self.products,
            offers,
            risk: self.risk,
            guarded: self.guarded,
        }
    }

    /// Only the segment `name` of `all` (a click on a donut slice or a profile row).
    pub fn only_segment<'a>(&mut self, name: &str, all: impl IntoIterator<Item = &'a str>) {
        self.excluded_segments = all
            .into_iter()
            .filter(|n| *n != name)
            .map(str::to_string)
            .collect();
    }

    /// Only the offer `name` of `all` (a click on an offer's bar).
    pub fn only_offer<'a>(&mut self, name: &str, all: impl IntoIterator<Item = &'a str>) {
        self.excluded_offers = all
            .into_iter()
            .chain([NO_OFFER])
            .filter(|n| *n != name)
            .map(str::to_string)
            .collect();
    }

    /// The active filters as chips, for the segment names `segments` and offer names `offers`
    /// in force (a chip lists what is kept).
    pub fn chips<'a>(
        &self,
        segments: impl IntoIterator<Item = &'a str>,
        offers: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Chip> {
        let mut chips = Vec::new();
        let kept = |all: Vec<&str>, excluded: &BTreeSet<String>| {
            let kept: Vec<&str> = all.into_iter().filter(|n| !excluded.contains(*n)).collect();
            if kept.is_empty() {
                "none".to_string()
            } else {
                kept.join(", ")
            }
        };
        if !self.excluded_segments.is_empty() {
            let label = kept(segments.into_iter().collect(), &self.excluded_segments);
            chips.push(Chip {
                label: format!("Segment: {label}"),
                kind: ChipKind::Segments,
            });
        }
        if !self.excluded_offers.is_empty() {
            let all = offers.into_iter().chain([NO_OFFER]).collect();
            let label = kept(all, &self.excluded_offers);
            chips.push(Chip {
                label: format!("Offer: {label}"),
                kind: ChipKind::Offers,
            });
        }
        if self.income != IncomeBand::All {
            chips.push(Chip {
                label: format!("Income {}", self.income.label()),
                kind: ChipKind::Income,
            });
        }
        if self.age != AGE_RANGE {
            chips.push(Chip {
                label: format!("Age {}–{}", self.age.0, self.age.1),
                kind: ChipKind::Age,
            });
        }
        for (i, (p, h)) in HeldProduct::ALL.iter().zip(self.products).enumerate() {
            if h != Has::Any {
                chips.push(Chip {
                    label: format!("{}: {}", p.label(), has_word(h)),
                    kind: ChipKind::HeldProduct(i),
                });
            }
        }
        if self.risk != Has::Any {
            let label = if self.risk == Has::Yes {
                "Risk flag"
            } else {
                "No risk flag"
            };
            chips.push(Chip {
                label: label.to_string(),
                kind: ChipKind::Risk,
            });
        }
        if self.guarded != Has::Any {
            let label = if self.guarded == Has::Yes {
                "Offer moved by a suitability rule"
            } else {
                "Offer not moved by a suitability rule"
            };
            chips.push(Chip {
                label: label.to_string(),
                kind: ChipKind::Guarded,
            });
        }
        chips
    }

    /// The filters with the one `kind` stands for reset.
    pub fn without(&self, kind: ChipKind) -> Self {
        let d = Self::default();
        let mut v = self.clone();
        match kind {
            ChipKind::Segments => v.excluded_segments = d.excluded_segments,
            ChipKind::Offers => v.excluded_offers = d.excluded_offers,
            ChipKind::Income => v.income = d.income,
            ChipKind::Age => v.age = d.age,
            ChipKind::HeldProduct(i) => v.products[i] = Has::Any,
            ChipKind::Risk => v.risk = d.risk,
            ChipKind::Guarded => v.guarded = d.guarded,
        }
        v
    }

    /// A short, file-name-safe description of the active filters ("age-50-100_loan_no-card"),
    /// "all" when none is.
    pub fn slug(&self) -> String {
        let mut parts = Vec::new();
        if !self.excluded_segments.is_empty() {
            parts.push(format!("{}-segments-out", self.excluded_segments.len()));
        }
        if !self.excluded_offers.is_empty() {
            parts.push(format!("{}-offers-out", self.excluded_offers.len()));
        }
        if self.income != IncomeBand::All {
            parts.push(format!(
                "income-{}",
                self.income.key().replace('+', "-plus")
            ));
        }
        if self.age != AGE_RANGE {
            parts.push(format!("age-{}-{}", self.age.0, self.age.1));
        }
        for (p, h) in HeldProduct::ALL.iter().zip(self.products) {
            match h {
                Has::Any => {}
                Has::Yes => parts.push(p.key().to_string()),
                Has::No => parts.push(format!("no-{}", p.key())),
            }
        }
        match self.risk {
            Has::Any => {}
            Has::Yes => parts.push("risk".into()),
            Has::No => parts.push("no-risk".into()),
        }
        match self.guarded {
            Has::Any => {}
            Has::Yes => parts.push("moved".into()),
            Has::No => parts.push("not-moved".into()),
        }
        if parts.is_empty() {
            "all".into()
        } else {
            parts.join("_")
        }
    }

    /// The filters' part of the page URL's query (empty when none is active).
    pub fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for name in &self.excluded_segments {
            q.append_pair("segment_out", name);
        }
        for name in &self.excluded_offers {
            q.append_pair("offer_out", name);
        }
        if self.income != IncomeBand::All {
            q.append_pair("income", self.income.key());
        }
        if self.age != AGE_RANGE {
            q.append_pair("age", &format!("{}-{}", self.age.0, self.age.1));
        }
        for (p, h) in HeldProduct::ALL.iter().zip(self.products) {
            if h != Has::Any {
                q.append_pair(p.key(), h.key());
            }
        }
        if self.risk != Has::Any {
            q.append_pair("risk", self.risk.key());
        }
        if self.guarded != Has::Any {
            q.append_pair("moved", self.guarded.key());
        }
        q.finish()
    }

    /// Reads the filters from a URL query (`?` optional; other keys are ignored). A bad value
    /// leaves its filter passing everyone and is reported (`"age: “60-30” …"`).
    pub fn from_query(query: &str) -> (Self, Vec<String>) {
        let mut v = Self::default();
        let mut problems = Vec::new();
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let value = value.trim();
            let result = match key.as_ref() {
                "segment_out" => {
                    v.excluded_segments.insert(value.to_string());
                    Ok(())
                }
                "offer_out" => {
                    v.excluded_offers.insert(value.to_string());
                    Ok(())
                }
                "income" => IncomeBand::ALL[1..]
                    .iter()
                    .find(|b| b.key() == value)
                    .map(|b| v.income = *b)
                    .ok_or_else(|| {
                        format!(
                            "“{value}” is not one of {}",
                            IncomeBand::ALL[1..]
                                .iter()
                                .map(|b| b.key())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }),
                "age" => parse_age_range(value).map(|a| v.age = a),
                "risk" => parse_has(value).map(|h| v.risk = h),
                "moved" => parse_has(value).map(|h| v.guarded = h),
                k => match HeldProduct::ALL.iter().position(|p| p.key() == k) {
                    Some(i) => parse_has(value).map(|h| v.products[i] = h),
                    None => Ok(()),
                },
            };
            if let Err(e) = result {
                problems.push(format!("{key}: {e}"));
            }
        }
        (v, problems)
    }
}

/// A download's file name that says what is inside: `c360_<what>_<source>_<filters>_<date>.<ext>`,
/// every part made file-name safe ("c360_customers_synthetic-3000-seed-42_loan_no-card_2026-12-06.csv").
pub fn file_name(
    what: &str,
    source: &str,
    filters: &FilterValues,
    date: &str,
    ext: &str,
) -> String {
    let parts = [what, source, &filters.slug(), date];
    let body: Vec<String> = parts
        .iter()
        .map(|p| safe_part(p))
        .filter(|p| !p.is_empty())
        .collect();
    format!("c360_{}.{ext}", body.join("_"))
}

/// Lower-case letters, digits, "+" and "-" only; other runs become one "-"; at most 60 chars.
fn safe_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '+' {
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('_');
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches(['-', '_'])
        .to_string()
}

/// "has" or "has not".
pub fn has_word(h: Has) -> &'static str {
    match h {
        Has::Any => "any",
        Has::Yes => "has",
        Has::No => "has not",
    }
}

fn parse_has(text: &str) -> Result<Has, String> {
    match Has::from_key(text) {
        Some(h) if h != Has::Any => Ok(h),
        _ => Err(format!("“{text}” is neither yes nor no")),
    }
}

/// One age bound typed by the user: a whole number of years within [`AGE_RANGE`]; the error
/// says what is wrong and the range ("10 is below 18").
pub fn parse_age(text: &str) -> Result<u32, String> {
    let (lo, hi) = AGE_RANGE;
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("enter an age from {lo} to {hi}"));
    }
    let n: i64 = t
        .parse()
        .map_err(|_| format!("“{t}” is not a whole number of years ({lo}–{hi})"))?;
    if n < i64::from(lo) {
        Err(format!("{n} is below {lo}"))
    } else if n > i64::from(hi) {
        Err(format!("{n} is above {hi}"))
    } else {
        Ok(n as u32)
    }
}

/// An age range "FROM-TO" (the URL's form), both bounds checked and FROM ≤ TO.
pub fn parse_age_range(text: &str) -> Result<(u32, u32), String> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("“{text}” is not FROM-TO"))?;
    check_age_order(parse_age(a)?, parse_age(b)?)
}

/// The range `from`–`to`, or why it cannot be one.
pub fn check_age_order(from: u32, to: u32) -> Result<(u32, u32), String> {
    if from > to {
        Err(format!("“from” {from} is above “to” {to}"))
    } else {
        Ok((from, to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_round_trips_every_filter_and_names_with_symbols() {
        let mut v = FilterValues::default();
        v.excluded_segments
            .insert("Mass Retail / Low Engagement".into());
        v.excluded_offers
            .insert("Savings + FD & Micro Insurance".into());
        v.excluded_offers.insert(NO_OFFER.into());
        v.income = IncomeBand::Above15L;
        v.age = (50, 100);
        v.products = [Has::No, Has::Yes, Has::Any];
        v.risk = Has::No;
        v.guarded = Has::Yes;
        let q = v.to_query();
        assert!(q.contains("card=no") && q.contains("loan=yes") && q.contains("age=50-100"));
        assert!(!q.contains(' ') && !q.contains("&&"), "{q}");
        let (back, problems) = FilterValues::from_query(&format!("?customers=3000&{q}"));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, v);
        assert_eq!(FilterValues::default().to_query(), "");
    }

    #[test]
    fn bad_values_are_reported_and_leave_their_filter_open() {
        let (v, problems) = FilterValues::from_query("age=60-30&card=maybe&income=7L&loan=yes");
        assert_eq!(v.age, AGE_RANGE);
        assert_eq!(v.products, [Has::Any, Has::Yes, Has::Any]);
        assert_eq!(v.income, IncomeBand::All);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].contains("“from” 60 is above “to” 30"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("card:"), "{problems:?}");
    }

    #[test]
    fn ages_are_checked_with_the_range_in_the_message() {
        assert_eq!(parse_age("10"), Err("10 is below 18".into()));
        assert_eq!(parse_age(" 101 "), Err("101 is above 100".into()));
        assert!(parse_age("4o").unwrap_err().contains("18–100"));
        assert!(parse_age("").unwrap_err().contains("from 18 to 100"));
        assert_eq!(parse_age("65"), Ok(65));
        assert_eq!(parse_age_range("30-60"), Ok((30, 60)));
    }

    #[test]
    fn a_click_keeps_one_segment_or_offer_and_the_chips_say_what_is_kept() {
        let segs = ["A", "B", "C"];
        let offers = ["Card", "Loan"];
        let mut v = FilterValues::default();
        v.only_segment("B", segs);
        v.only_offer("Loan", offers);
        v.products[0] = Has::No;
        let f = v.to_filter(segs, offers);
        assert_eq!(f.clusters, Some(vec![false, true, false]));
        assert_eq!(f.offers, Some(vec![false, true, false]));
        let chips = v.chips(segs, offers);
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Segment: B", "Offer: Loan", "Credit card: has not"]
        );
        let fewer = v.without(ChipKind::HeldProduct(0));
        assert_eq!(fewer.products, [Has::Any; 3]);
        assert_eq!(
            fewer.without(ChipKind::Segments).without(ChipKind::Offers),
            FilterValues::default()
        );
        assert_eq!(v.slug(), "2-segments-out_2-offers-out_no-card");
        assert_eq!(
            file_name(
                "customers",
                "Synthetic 3,000 seed 42",
                &v,
                "2026-12-06",
                "csv"
            ),
            "c360_customers_synthetic-3-000-seed-42_2-segments-out_2-offers-out_no-card_2026-12-06.csv"
        );
        assert_eq!(
            file_name(
                "map",
                "../../etc/passwd <b>",
                &FilterValues::default(),
                "2026-12-06",
                "png"
            ),
            "c360_map_etc-passwd-b_all_2026-12-06.png"
        );
        assert_eq!(FilterValues::default().slug(), "all");
    }
}
