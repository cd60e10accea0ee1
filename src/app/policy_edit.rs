//! Editing a decision policy from form fields: reading what the user typed into a condition's
//! value, a rate or an amount (with a message saying what is wrong), writing values back into
//! fields, and the edits themselves — each applied to a copy and kept only when the whole policy
//! still passes its checks, so the policy in force is never a broken one.

use crate::core::policy::{Condition, Field, FieldKind, OfferRule, OfferSpec, Op, Policy, Value};

/// Where the policy in force is remembered in the browser.
pub const POLICY_KEY: &str = "c360.policy";
/// The file name of "Download policy".
pub const POLICY_FILE_NAME: &str = "c360_policy.json";

/// The policy's levers that travel in the page URL (the rest of an edited policy is kept in
/// local storage): `arbitration=ranked`, `budget=50000` (₹), `holdout=5` (%), each only when it
/// differs from the default.
pub fn policy_query(p: &Policy) -> Vec<String> {
    let d = Policy::default();
    let mut parts = Vec::new();
    if p.arbitration != d.arbitration {
        parts.push(format!("arbitration={}", arbitration_key(p.arbitration)));
    }
    if let Some(b) = p.plan.budget {
        parts.push(format!("budget={}", b));
    }
    if p.plan.holdout != d.plan.holdout {
        parts.push(format!("holdout={}", percent_text(p.plan.holdout)));
    }
    parts
}

fn arbitration_key(a: crate::core::policy::Arbitration) -> &'static str {
    match a {
        crate::core::policy::Arbitration::SegmentRules => "rules",
        crate::core::policy::Arbitration::PropensityRanked => "ranked",
    }
}

/// Applies the policy levers of a URL query (see [`policy_query`]) to `p`: a lever the query does
/// not name is left as it is. Returns the problems (`"budget: “x” is not a number"`); a bad
/// value leaves its lever as it was.
pub fn apply_policy_query(p: &mut Policy, query: &str) -> Vec<String> {
    use crate::core::policy::Arbitration;
    let mut problems = Vec::new();
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|q| !q.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = value.replace('+', " ");
        let result = match key {
            "arbitration" => Arbitration::ALL
                .into_iter()
                .find(|a| arbitration_key(*a) == value.trim())
                .map(|a| p.arbitration = a)
                .ok_or_else(|| format!("“{}” is neither rules nor ranked", value.trim())),
            "budget" => parse_amount(&value).map(|b| p.plan.budget = Some(b)),
            "holdout" => parse_percent(&value).and_then(|h| {
                if h > 0.5 {
                    Err(format!("{} % is above 50 %", percent_text(h)))
                } else {
                    p.plan.holdout = h;
                    Ok(())
                }
            }),
            _ => Ok(()),
        };
        if let Err(e) = result {
            problems.push(format!("{key}: {e}"));
        }
    }
    problems
}

/// Where the policy names a segment this analysis does not have (such a condition matches
/// nobody): one line per place, "offer rule “Gold”: Affluent Elite". Segment names come from the
/// data, so a policy written for another analysis may name segments this one does not have.
pub fn unknown_segments(p: &Policy, segments: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |place: String, conditions: &[Condition]| {
        for c in conditions.iter().filter(|c| c.field == Field::Segment) {
            let names: Vec<&Value> = match &c.value {
                Value::List(items) => items.iter().collect(),
                v => vec![v],
            };
            for n in names {
                if let Value::Text(t) = n
                    && !segments.iter().any(|s| s == t)
                {
                    out.push(format!("{place}: {t}"));
                }
            }
        }
    };
    for o in &p.offers {
        check(format!("offer “{}” eligibility", o.name), &o.eligibility);
    }
    for r in &p.rules {
        check(format!("offer rule “{}”", r.name), &r.applies_to);
        check(format!("offer rule “{}”", r.name), &r.when);
    }
    for r in &p.suitability {
        check(format!("suitability rule “{}”", r.name), &r.when);
    }
    out
}

/// A list of conditions inside a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionsAt {
    /// An offer's eligibility.
    Eligibility(usize),
    /// A rule's "applies to".
    AppliesTo(usize),
    /// A rule's "when".
    When(usize),
    /// A suitability rule's conditions.
    Suitability(usize),
}

impl ConditionsAt {
    /// The list, if the index still exists.
    pub fn get(self, p: &Policy) -> Option<&Vec<Condition>> {
        match self {
            ConditionsAt::Eligibility(i) => p.offers.get(i).map(|o| &o.eligibility),
            ConditionsAt::AppliesTo(i) => p.rules.get(i).map(|r| &r.applies_to),
            ConditionsAt::When(i) => p.rules.get(i).map(|r| &r.when),
            ConditionsAt::Suitability(i) => p.suitability.get(i).map(|r| &r.when),
        }
    }

    /// The list, mutably.
    pub fn get_mut(self, p: &mut Policy) -> Option<&mut Vec<Condition>> {
        match self {
            ConditionsAt::Eligibility(i) => p.offers.get_mut(i).map(|o| &mut o.eligibility),
            ConditionsAt::AppliesTo(i) => p.rules.get_mut(i).map(|r| &mut r.applies_to),
            ConditionsAt::When(i) => p.rules.get_mut(i).map(|r| &mut r.when),
            ConditionsAt::Suitability(i) => p.suitability.get_mut(i).map(|r| &mut r.when),
        }
    }
}

/// Applies `edit` to a copy of `policy`; the copy when it passes every check, else what is
/// wrong (the policy in force stays).
pub fn edited(policy: &Policy, edit: impl FnOnce(&mut Policy)) -> Result<Policy, String> {
    let mut p = policy.clone();
    edit(&mut p);
    p.check().map_err(|e| e.to_string())?;
    Ok(p)
}

/// A number typed by a user: digits with optional grouping commas (`1,00,000`), a decimal
/// point, an optional leading minus.
pub fn parse_number(text: &str) -> Result<f64, String> {
    let t = text.trim().replace([',', '₹', ' '], "");
    if t.is_empty() {
        return Err("enter a number".into());
    }
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("\"{}\" is not a number", text.trim()))
}

/// A rate typed in percent (`7`, `7.5`, `7 %`) as a share 0–1.
pub fn parse_percent(text: &str) -> Result<f64, String> {
    let x = parse_number(&text.replace('%', ""))?;
    if !(0.0..=100.0).contains(&x) {
        return Err(format!("{x} % is outside 0–100 %"));
    }
    Ok(x / 100.0)
}

/// An amount in rupees, at least 0.
pub fn parse_amount(text: &str) -> Result<f64, String> {
    let x = parse_number(text)?;
    if x < 0.0 {
        return Err(format!("{x} is below 0"));
    }
    Ok(x)
}

/// An offer's weight, 0–100 (1 is neutral).
pub fn parse_weight(text: &str) -> Result<f64, String> {
    let x = parse_number(text)?;
    if !(0.0..=100.0).contains(&x) {
        return Err(format!(
            "{x} is outside 0–100 (1 leaves the priority as it is)"
        ));
    }
    Ok(x)
}

/// A share in percent for a form field: `0.075` → `7.5`.
pub fn percent_text(x: f64) -> String {
    let p = (x * 100.0 * 1e6).round() / 1e6;
    format!("{p}")
}

/// A condition's value as typed into its field: `50`, `yes`, `Mature Savers`, `A, B`.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Flag(true) => "yes".into(),
        Value::Flag(false) => "no".into(),
        Value::Number(x) => format!("{x}"),
        Value::Text(s) => s.clone(),
        Value::List(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
    }
}

fn parse_one(kind: FieldKind, text: &str) -> Result<Value, String> {
    match kind {
        FieldKind::Number => parse_number(text).map(Value::Number),
        FieldKind::Flag => match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "y" => Ok(Value::Flag(true)),
            "no" | "false" | "0" | "n" => Ok(Value::Flag(false)),
            other => Err(format!("\"{other}\" is not yes or no")),
        },
        FieldKind::Text => {
            let t = text.trim();
            if t.is_empty() {
                Err("enter a name".into())
            } else {
                Ok(Value::Text(t.to_string()))
            }
        }
    }
}

/// A condition's value from what the user typed: one value, or a comma-separated list for
/// `in` and `not in`.
pub fn parse_value(field: Field, op: Op, text: &str) -> Result<Value, String> {
    let kind = field.kind();
    if matches!(op, Op::In | Op::NotIn) {
        let items: Vec<Value> = text
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_one(kind, s))
            .collect::<Result<_, _>>()?;
        if items.is_empty() {
            return Err("enter one value or more, separated by commas".into());
        }
        return Ok(Value::List(items));
    }
    parse_one(kind, text)
}

/// A new condition on `field`, with a value that passes the checks (`segment` takes the first
/// of `segment_names`).
pub fn new_condition(field: Field, segment_names: &[String]) -> Condition {
    let value = match field.kind() {
        FieldKind::Number => Value::Number(0.0),
        FieldKind::Flag => Value::Flag(true),
        FieldKind::Text => Value::Text(
            field
                .allowed_texts()
                .and_then(|a| a.first().map(|s| s.to_string()))
                .or_else(|| segment_names.first().cloned())
                .unwrap_or_else(|| "Segment".into()),
        ),
    };
    Condition {
        field,
        op: if field.kind() == FieldKind::Number {
            Op::Ge
        } else {
            Op::Eq
        },
        value,
        label: None,
    }
}

/// The condition with another operator, its value carried over where it fits (a list for
/// `in`, its first item otherwise).
pub fn with_op(c: &Condition, op: Op) -> Condition {
    let list = matches!(op, Op::In | Op::NotIn);
    let value = match (&c.value, list) {
        (Value::List(items), false) => items.first().cloned().unwrap_or(Value::Number(0.0)),
        (v, true) if !matches!(v, Value::List(_)) => Value::List(vec![v.clone()]),
        (v, _) => v.clone(),
    };
    Condition {
        field: c.field,
        op,
        value,
        label: None,
    }
}

/// A new offer (off until the user switches it on), with an id no other offer has.
pub fn new_offer(p: &Policy) -> OfferSpec {
    let id = (1..)
        .map(|n| format!("offer_{n}"))
        .find(|id| p.offer_index(id).is_none())
        .unwrap_or_default();
    OfferSpec {
        name: format!("New offer {}", p.offers.len() + 1),
        id,
        product: crate::core::policy::Product::Deposit,
        new_credit: false,
        conversion: 0.05,
        revenue: 5_000.0,
        cost_per_contact: 50.0,
        enabled: false,
        weight: 1.0,
        eligibility: vec![],
    }
}

/// A new rule making `offer` for everyone (placed first by the editor, so it can be seen to
/// fire).
pub fn new_rule(p: &Policy) -> OfferRule {
    OfferRule {
        name: format!("New rule {}", p.rules.len() + 1),
        applies_to: vec![],
        when: vec![],
        offer: p.offers.first().map(|o| o.id.clone()).unwrap_or_default(),
        safe_offer: None,
    }
}

/// The rules that name offer `id` (as their offer or safe offer), by name: an offer they use
/// cannot be deleted.
pub fn rules_using(p: &Policy, id: &str) -> Vec<String> {
    p.rules
        .iter()
        .filter(|r| r.offer == id || r.safe_offer.as_deref() == Some(id))
        .map(|r| r.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn segments_the_analysis_does_not_have_are_listed() {
        let mut p = Policy::default();
        let names = vec!["Affluent Elite".to_string(), "Young Savers".to_string()];
        assert!(
            unknown_segments(&p, &names).is_empty(),
            "the default names personas only"
        );
        p.rules[0].applies_to = vec![Condition {
            field: Field::Segment,
            op: Op::In,
            value: Value::List(vec![
                Value::Text("Affluent Elite".into()),
                Value::Text("Gold Club".into()),
            ]),
            label: None,
        }];
        p.suitability[0].when.push(Condition {
            field: Field::Segment,
            op: Op::Eq,
            value: Value::Text("Night Owls".into()),
            label: None,
        });
        assert_eq!(
            unknown_segments(&p, &names),
            [
                "offer rule “Affluent without investments”: Gold Club",
                "suitability rule “guardrail”: Night Owls"
            ]
        );
    }

    #[test]
    fn the_url_levers_round_trip_and_bad_ones_are_named() {
        let mut p = Policy::default();
        assert!(
            policy_query(&p).is_empty(),
            "the default adds nothing to a link"
        );
        p.arbitration = crate::core::policy::Arbitration::PropensityRanked;
        p.plan.budget = Some(50_000.0);
        p.plan.holdout = 0.05;
        let q = policy_query(&p).join("&");
        assert_eq!(q, "arbitration=ranked&budget=50000&holdout=5");
        let mut back = Policy::default();
        assert!(apply_policy_query(&mut back, &format!("?customers=3000&{q}")).is_empty());
        assert_eq!(back, p);
        let mut bad = Policy::default();
        let problems = apply_policy_query(&mut bad, "arbitration=luck&budget=lots&holdout=60");
        assert_eq!(
            problems,
            [
                "arbitration: “luck” is neither rules nor ranked",
                "budget: \"lots\" is not a number",
                "holdout: 60 % is above 50 %"
            ]
        );
        assert_eq!(bad, Policy::default(), "bad values change nothing");
    }

    use super::*;

    #[test]
    fn values_read_as_typed_and_write_back() {
        assert_eq!(
            parse_value(Field::Age, Op::Ge, " 50 "),
            Ok(Value::Number(50.0))
        );
        assert_eq!(
            parse_value(Field::Income, Op::Lt, "1,00,000"),
            Ok(Value::Number(100_000.0))
        );
        assert!(
            parse_value(Field::Age, Op::Ge, "fifty")
                .unwrap_err()
                .contains("not a number")
        );
        assert_eq!(
            parse_value(Field::HasLoan, Op::Eq, "Yes"),
            Ok(Value::Flag(true))
        );
        assert!(parse_value(Field::HasLoan, Op::Eq, "maybe").is_err());
        let v = parse_value(Field::Persona, Op::In, "Mature Savers, Digital-First Young").unwrap();
        assert_eq!(value_text(&v), "Mature Savers, Digital-First Young");
        assert!(parse_value(Field::Segment, Op::In, " , ").is_err());
        assert_eq!(parse_percent("7.5 %"), Ok(0.075));
        assert!(parse_percent("150").unwrap_err().contains("outside 0–100"));
        assert!(parse_amount("-5").is_err());
        assert_eq!(percent_text(0.07), "7");
        assert_eq!(percent_text(0.075), "7.5");
    }

    #[test]
    fn edits_that_break_the_policy_are_refused() {
        let p = Policy::default();
        let e = edited(&p, |p| p.rules[0].offer = "nope".into()).unwrap_err();
        assert!(e.contains("rules[0].offer"), "{e}");
        let ok = edited(&p, |p| p.offers[0].conversion = 0.2).unwrap();
        assert_eq!(ok.offers[0].conversion, 0.2);
        // A new offer and a new rule pass the checks as made.
        let ok = edited(&p, |p| {
            let o = new_offer(p);
            p.offers.push(o);
            let r = new_rule(p);
            p.rules.insert(0, r);
        });
        assert!(ok.is_ok());
        for f in Field::ALL {
            let c = new_condition(f, &["Segment A".into()]);
            assert!(
                edited(&p, |p| p.rules[0].when.push(c.clone())).is_ok(),
                "{}",
                f.name()
            );
            for op in Op::ALL.into_iter().filter(|o| o.accepts(f.kind())) {
                let c = with_op(&c, op);
                assert!(
                    edited(&p, |p| p.rules[0].when.push(c.clone())).is_ok(),
                    "{} {}",
                    f.name(),
                    op.symbol()
                );
            }
        }
        assert_eq!(rules_using(&p, "wealth").len(), 2);
    }
}
