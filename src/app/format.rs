//! Number formatting for the dashboard: Indian digit grouping everywhere (12,34,567), `₹` for
//! money, and short lakh/crore forms for chart axes.

pub use crate::core::numbers::group_indian;

/// A count with Indian grouping: `30000` → `30,000`, `100000` → `1,00,000`.
pub fn count(n: usize) -> String {
    group_indian(n as u64)
}

/// A rounded amount with Indian grouping and a sign: `-1234.6` → `-1,235`.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let r = x.round();
    let body = group_indian(r.abs() as u64);
    if r < 0.0 { format!("-{body}") } else { body }
}

/// Rupees, rounded to the rupee: `612345.4` → `₹6,12,345`.
pub fn inr(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let r = x.round();
    let body = group_indian(r.abs() as u64);
    if r < 0.0 {
        format!("-₹{body}")
    } else {
        format!("₹{body}")
    }
}

/// Rupees in short form for axes and tight labels: `₹45,000`, `₹2.5 L`, `₹1.2 Cr`.
pub fn inr_short(x: f64) -> String {
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    if a >= 1e7 {
        format!("{sign}₹{} Cr", trim(a / 1e7))
    } else if a >= 1e5 {
        format!("{sign}₹{} L", trim(a / 1e5))
    } else {
        inr(x)
    }
}

/// A 0–1 share as a percentage with `digits` decimals: `0.4912` → `49.1 %` (digits = 1).
pub fn percent(share: f64, digits: usize) -> String {
    if !share.is_finite() {
        return "—".to_string();
    }
    format!("{:.*} %", digits, share * 100.0)
}

/// A duration in milliseconds: `1234.5` → `1,235 ms`.
pub fn millis(ms: f64) -> String {
    format!("{} ms", number(ms))
}

/// One or two decimals without trailing zeros: `2.50` → `2.5`, `3.0` → `3`.
fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money() {
        assert_eq!(inr(612_345.4), "₹6,12,345");
        assert_eq!(inr(-1_234.6), "-₹1,235");
        assert_eq!(inr_short(45_000.0), "₹45,000");
        assert_eq!(inr_short(250_000.0), "₹2.5 L");
        assert_eq!(inr_short(12_000_000.0), "₹1.2 Cr");
        assert_eq!(inr(f64::NAN), "—");
    }

    #[test]
    fn formats_shares_and_times() {
        assert_eq!(percent(0.4912, 1), "49.1 %");
        assert_eq!(millis(1234.5), "1,235 ms");
        assert_eq!(count(3_000), "3,000");
    }
}
