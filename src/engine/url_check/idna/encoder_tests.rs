//! The Punycode encoder alone (no IDNA mapping), at the edges of its bias adaptation, against
//! Python's `punycode` codec. Found by searching for labels whose encoding changes when the
//! adaptation threshold `((BASE - T_MIN) * T_MAX) / 2` = 455 moves: the first reaches exactly 455
//! after damping, the second lies between 455 and 481.

use super::punycode;

fn encoded(label: &str) -> String {
    let mut out = String::new();
    punycode(label, &mut out);
    out
}

#[test]
fn bias_adaptation_at_its_threshold() {
    assert_eq!(encoded("abc\u{f954}\u{10000}"), "abc-d91s02x");
    assert_eq!(encoded("\u{4e4d}\u{244}\u{528}\u{112}"), "gea52dp7d771j");
}
