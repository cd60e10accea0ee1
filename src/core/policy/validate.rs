//! Reading and checking a policy file: every problem names the field and what is wrong, so a
//! bad file is refused before it decides anything.

use std::collections::HashSet;

use super::{Condition, FieldKind, Op, POLICY_VERSION, Policy, Value};

/// A policy file that cannot be used: where (`offers[2].conversion`) and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("policy{}: {message}", if path.is_empty() { String::new() } else { format!(", {path}") })]
pub struct PolicyError {
    /// The field, as a path into the file (`rules[0].when[1].value`); empty for the whole file.
    pub path: String,
    /// What is wrong and what to do.
    pub message: String,
}

fn err(path: impl Into<String>, message: impl Into<String>) -> PolicyError {
    PolicyError {
        path: path.into(),
        message: message.into(),
    }
}

/// The largest policy file read (a policy of hundreds of rules is a few tens of KB).
pub const MAX_POLICY_BYTES: usize = 1 << 20;
const MAX_OFFERS: usize = 100;
const MAX_RULES: usize = 500;
const MAX_CONDITIONS: usize = 50;
const MAX_TEXT: usize = 200;

pub(super) fn parse(text: &str) -> Result<Policy, PolicyError> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(err(
            "",
            format!(
                "the file is {} bytes; a policy file is at most {MAX_POLICY_BYTES} bytes",
                text.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(err("", "the file is empty; expected a policy in JSON"));
    }
    // The version first, so a newer file gets a message about its version, not its fields.
    let value = serde_json::from_str::<serde_json::Value>(text);
    if let Ok(v) = &value
        && !v.is_object()
    {
        return Err(err(
            "",
            "not a policy: expected a JSON object with version, offers, rules and suitability",
        ));
    }
    if let Ok(serde_json::Value::Object(map)) = value {
        match map.get("version") {
            None => return Err(err("version", "missing; this build reads version 1")),
            Some(v) if v.as_u64() != Some(POLICY_VERSION as u64) => {
                return Err(err(
                    "version",
                    format!("{v} is not a version this build reads (it reads {POLICY_VERSION})"),
                ));
            }
            _ => {}
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let policy: Policy = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let path = if path == "." || path == "?" || inner.is_syntax() || inner.is_eof() {
            String::new()
        } else {
            path
        };
        err(path, serde_message(&inner))
    })?;
    check(&policy)?;
    Ok(policy)
}

/// serde_json's message without its "at line …" tail (the path says where), and with the
/// line when the file is not JSON at all.
fn serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let cut = text.find(" at line ").map_or(text.as_str(), |i| &text[..i]);
    if e.is_syntax() || e.is_eof() {
        format!(
            "not valid JSON at line {}, column {}: {cut}",
            e.line(),
            e.column()
        )
    } else {
        cut.to_string()
    }
}

fn check_text(path: &str, s: &str) -> Result<(), PolicyError> {
    if s.trim().is_empty() {
        return Err(err(path, "is empty; give it a name"));
    }
    if s.chars().count() > MAX_TEXT {
        return Err(err(path, format!("is longer than {MAX_TEXT} characters")));
    }
    if s.chars().any(char::is_control) {
        return Err(err(
            path,
            "contains a control character (a tab or line break)",
        ));
    }
    Ok(())
}

fn check_number(path: &str, x: f64, lo: f64, hi: f64) -> Result<(), PolicyError> {
    if !x.is_finite() || x < lo || x > hi {
        return Err(err(path, format!("{x} is outside {lo}–{hi}")));
    }
    Ok(())
}

fn check_conditions(path: &str, conditions: &[Condition]) -> Result<(), PolicyError> {
    if conditions.len() > MAX_CONDITIONS {
        return Err(err(
            path,
            format!(
                "has {} conditions; at most {MAX_CONDITIONS}",
                conditions.len()
            ),
        ));
    }
    for (i, c) in conditions.iter().enumerate() {
        check_condition(&format!("{path}[{i}]"), c)?;
    }
    Ok(())
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Number => "a number",
        FieldKind::Flag => "true or false",
        FieldKind::Text => "a name in quotes",
    }
}

fn check_value(path: &str, c: &Condition, v: &Value) -> Result<(), PolicyError> {
    let kind = c.field.kind();
    let ok = match (kind, v) {
        (FieldKind::Number, Value::Number(x)) => x.is_finite(),
        (FieldKind::Flag, Value::Flag(_)) => true,
        (FieldKind::Text, Value::Text(s)) => {
            check_text(path, s)?;
            if let Some(allowed) = c.field.allowed_texts()
                && !allowed.contains(&s.as_str())
            {
                return Err(err(
                    path,
                    format!(
                        "\"{s}\" is not a {}; expected one of: {}",
                        c.field.name(),
                        allowed.join(", ")
                    ),
                ));
            }
            true
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(err(
            path,
            format!("{} takes {}, not {v}", c.field.name(), kind_name(kind)),
        ))
    }
}

fn check_condition(path: &str, c: &Condition) -> Result<(), PolicyError> {
    let kind = c.field.kind();
    if !c.op.accepts(kind) {
        return Err(err(
            format!("{path}.op"),
            format!(
                "\"{}\" cannot compare {} ({}); use one of: {}",
                c.op.symbol(),
                c.field.name(),
                kind_name(kind),
                Op::ALL
                    .iter()
                    .filter(|o| o.accepts(kind))
                    .map(|o| o.symbol())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let vpath = format!("{path}.value");
    match (c.op, &c.value) {
        (Op::In | Op::NotIn, Value::List(items)) => {
            if items.is_empty() || items.len() > MAX_RULES {
                return Err(err(vpath, "a list of 1 to 500 values"));
            }
            for (i, v) in items.iter().enumerate() {
                check_value(&format!("{vpath}[{i}]"), c, v)?;
            }
        }
        (Op::In | Op::NotIn, _) => {
            return Err(err(
                vpath,
                "\"in\" and \"not in\" take a list: [\"a\", \"b\"]",
            ));
        }
        (_, Value::List(_)) => {
            return Err(err(vpath, "a list needs \"in\" or \"not in\""));
        }
        (_, v) => check_value(&vpath, c, v)?,
    }
    if let Some(label) = &c.label {
        check_text(&format!("{path}.label"), label)?;
    }
    Ok(())
}

pub(super) fn check(p: &Policy) -> Result<(), PolicyError> {
    if p.version != POLICY_VERSION {
        return Err(err(
            "version",
            format!(
                "{} is not a version this build reads (it reads {POLICY_VERSION})",
                p.version
            ),
        ));
    }
    if p.offers.is_empty() || p.offers.len() > MAX_OFFERS {
        return Err(err("offers", format!("needs 1 to {MAX_OFFERS} offers")));
    }
    let mut ids = HashSet::new();
    for (i, o) in p.offers.iter().enumerate() {
        let at = |f: &str| format!("offers[{i}].{f}");
        check_text(&at("id"), &o.id)?;
        if !o
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(err(
                at("id"),
                format!("\"{}\": use letters, digits, _ and - only", o.id),
            ));
        }
        if !ids.insert(o.id.as_str()) {
            return Err(err(
                at("id"),
                format!("\"{}\" is used by an earlier offer", o.id),
            ));
        }
        check_text(&at("name"), &o.name)?;
        check_number(&at("conversion"), o.conversion, 0.0, 1.0)?;
        check_number(&at("revenue"), o.revenue, 0.0, 1e12)?;
        check_number(&at("weight"), o.weight, 0.0, 100.0)?;
        check_number(&at("cost_per_contact"), o.cost_per_contact, 0.0, 1e9)?;
        check_conditions(&at("eligibility"), &o.eligibility)?;
    }
    if p.rules.len() > MAX_RULES {
        return Err(err(
            "rules",
            format!("has {} rules; at most {MAX_RULES}", p.rules.len()),
        ));
    }
    let known = |path: String, id: &str| -> Result<(), PolicyError> {
        if ids.contains(id) {
            Ok(())
        } else {
            Err(err(
                path,
                format!("\"{id}\" is not the id of an offer in \"offers\""),
            ))
        }
    };
    for (i, r) in p.rules.iter().enumerate() {
        let at = |f: &str| format!("rules[{i}].{f}");
        check_text(&at("name"), &r.name)?;
        check_conditions(&at("applies_to"), &r.applies_to)?;
        check_conditions(&at("when"), &r.when)?;
        known(at("offer"), &r.offer)?;
        if let Some(safe) = &r.safe_offer {
            known(at("safe_offer"), safe)?;
        }
    }
    if p.suitability.len() > MAX_RULES {
        return Err(err("suitability", format!("at most {MAX_RULES} rules")));
    }
    let mut names = HashSet::new();
    for (i, r) in p.suitability.iter().enumerate() {
        let at = |f: &str| format!("suitability[{i}].{f}");
        check_text(&at("name"), &r.name)?;
        if !names.insert(r.name.as_str()) {
            return Err(err(
                at("name"),
                format!("\"{}\" names an earlier rule", r.name),
            ));
        }
        if r.when.is_empty() {
            return Err(err(at("when"), "needs at least one condition"));
        }
        check_conditions(&at("when"), &r.when)?;
    }
    if let Some(b) = p.plan.budget {
        check_number("plan.budget", b, 0.0, 1e15)?;
    }
    check_number("plan.holdout", p.plan.holdout, 0.0, 0.5)?;
    for id in p.plan.capacity.keys() {
        if !ids.contains(id.as_str()) {
            return Err(err(
                format!("plan.capacity.{id}"),
                format!("\"{id}\" is not the id of an offer in \"offers\""),
            ));
        }
    }
    Ok(())
}
