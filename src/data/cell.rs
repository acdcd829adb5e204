//! What one text cell holds: a missing value, a number (with a decimal point or comma), or
//! words.

/// Cell texts read as missing (compared without case): the empty cell and the usual
/// spreadsheet and pandas spellings, plus `?` as in the UCI repository's files.
pub const MISSING: [&str; 10] = [
    "", "na", "n/a", "nan", "-nan", "null", "none", "#n/a", "<na>", "?",
];

/// Whether a (trimmed) cell is a missing value.
pub fn is_missing(cell: &str) -> bool {
    cell.len() <= 5 && MISSING.iter().any(|m| m.eq_ignore_ascii_case(cell))
}

/// A finite number, or `None`. Accepts Rust/JavaScript float syntax (`-1.5e3`, `.5`), and
/// with `decimal_comma` a single comma as the decimal point (`1,5`).
pub fn parse_number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let cell = cell.trim();
    let first = *cell.as_bytes().first()?;
    // `inf`, `nan` and words are not numbers here; Rust's parser would take some of them.
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.' | b',')) {
        return None;
    }
    let v: f64 = if decimal_comma && cell.contains(',') {
        if cell.contains('.') || cell.matches(',').count() > 1 {
            return None;
        }
        cell.replace(',', ".").parse().ok()?
    } else {
        cell.parse().ok()?
    };
    v.is_finite().then_some(v)
}

/// Lowercased words: maximal runs of letters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}
