//! Whole numbers as the product writes them for people: Indian digit grouping (12,34,567), in
//! the dashboard and in the core's own messages alike.

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
