//! Numbers as the product writes them: Indian digit grouping (12,34,567) for people, in the
//! dashboard and in the core's own messages alike, and decimals rounded for files.

/// Groups the digits of a non-negative whole number the Indian way: `1234567` → `12,34,567`.
pub fn group_indian(n: u64) -> String {
    let s = n.to_string();
    if s.len() <= 3 {
        return s;
    }
    let (head, last3) = s.split_at(s.len() - 3);
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let lead = head.len() % 2;
    for (i, ch) in head.chars().enumerate() {
        if i > 0 && (i + 2 - lead) % 2 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push(',');
    out.push_str(last3);
    out
}

/// `v` rounded to `places` decimals, as the nearest float (so it prints as that short decimal,
/// e.g. in JSON); values too large for the rounding to matter, and non-finite ones, unchanged.
pub fn round_to(v: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    let scaled = v * scale;
    if !scaled.is_finite() || scaled.abs() >= 2f64.powi(52) {
        return v;
    }
    let r = scaled.round() / scale;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_the_indian_way() {
        assert_eq!(group_indian(0), "0");
        assert_eq!(group_indian(999), "999");
        assert_eq!(group_indian(1_000), "1,000");
        assert_eq!(group_indian(30_000), "30,000");
        assert_eq!(group_indian(100_000), "1,00,000");
        assert_eq!(group_indian(1_166_680), "11,66,680");
        assert_eq!(group_indian(12_345_678), "1,23,45,678");
    }
}
