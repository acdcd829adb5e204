//! What one text cell holds: a missing value (a blank, a spreadsheet error, a number out of
//! range), a number (with a decimal point or comma, thousands perhaps grouped), or words.

/// Cell texts read as missing (compared without case): the empty cell and the usual
/// spreadsheet and pandas spellings, plus `?` as in the UCI repository's files.
pub const MISSING: [&str; 9] = ["", "na", "n/a", "nan", "-nan", "null", "none", "<na>", "?"];

/// The error values spreadsheets write into cells (Excel, LibreOffice, Google Sheets): a
/// formula that had no value, so a missing value under every policy.
pub const SPREADSHEET_ERRORS: [&str; 7] = [
    "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
];

/// Why a cell counts as missing, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// Empty, or one of [`MISSING`].
    Blank,
    /// One of [`SPREADSHEET_ERRORS`].
    SpreadsheetError,
    /// `inf`, `-Infinity`, `1e309`: a number no model input can hold.
    NotFinite,
}

impl Missing {
    /// What the cell is, as a message continues after its value.
    pub fn what(self) -> &'static str {
        match self {
            Missing::Blank => "is missing",
            Missing::SpreadsheetError => "is a spreadsheet error value (a missing value)",
            Missing::NotFinite => "is not a finite number (counted as a missing value)",
        }
    }

    /// The same for a label cell.
    pub fn what_in_label(self) -> String {
        match self {
            Missing::Blank => "is a missing label".to_string(),
            _ => format!("{}, in the label", self.what()),
        }
    }
}

/// Whether a (trimmed) cell is a missing value: see [`missing`].
pub fn is_missing(cell: &str) -> bool {
    missing(cell).is_some()
}

/// Whether and why a (trimmed) cell is a missing value: a blank or a missing-value
/// spelling, a spreadsheet error value, or a number out of the finite range.
pub fn missing(cell: &str) -> Option<Missing> {
    let bytes = cell.as_bytes();
    match bytes.first() {
        None => Some(Missing::Blank),
        Some(b'#') => SPREADSHEET_ERRORS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(cell))
            .then_some(Missing::SpreadsheetError),
        Some(_) if cell.len() <= 5 && MISSING.iter().any(|m| m.eq_ignore_ascii_case(cell)) => {
            Some(Missing::Blank)
        }
        Some(_) => not_finite(cell).then_some(Missing::NotFinite),
    }
}

/// `inf`, `infinity` (any case, either sign) or a number too large for a float (`1e309`).
fn not_finite(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        return true;
    }
    // Only an exponent takes a number past f64's range (a 309-digit integer aside).
    let first = unsigned.as_bytes().first().copied().unwrap_or(b'x');
    (first.is_ascii_digit() || first == b'.')
        && (unsigned.len() > 300 || unsigned.bytes().any(|b| b | 0x20 == b'e'))
        && unsigned.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// A finite number, or `None`. Accepts Rust/JavaScript float syntax (`-1.5e3`, `.5`); with
/// `decimal_comma` (semicolon files) a single comma as the decimal point (`1,5`); and
/// thousands grouped in threes where that cannot be read otherwise: `1,850` and
/// `12,345.5` in a file with decimal points, `1.234,56` and `1.234.567` with decimal
/// commas (there `1.234` stays one point two three four).
pub fn parse_number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let cell = cell.trim();
    let first = *cell.as_bytes().first()?;
    // `inf`, `nan` and words are not numbers here; Rust's parser would take some of them.
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.' | b',')) {
        return None;
    }
    if let Some(v) = grouped(cell, decimal_comma) {
        return Some(v);
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

/// A number with its thousands grouped: a sign, one to three digits, groups of a
/// separator and three digits, then perhaps the decimal mark and digits.
fn grouped(cell: &str, decimal_comma: bool) -> Option<f64> {
    let (separator, point) = if decimal_comma {
        (b'.', b',')
    } else {
        (b',', b'.')
    };
    let bytes = cell.as_bytes();
    let start = usize::from(matches!(bytes[0], b'+' | b'-'));
    let (int, frac) = match bytes[start..].iter().position(|&b| b == point) {
        Some(p) => (&bytes[start..start + p], Some(&bytes[start + p + 1..])),
        None => (&bytes[start..], None),
    };
    let mut groups = int.split(|&b| b == separator);
    let lead = groups.next()?;
    let mut count = 0;
    if lead.is_empty() || lead.len() > 3 || !lead.iter().all(u8::is_ascii_digit) {
        return None;
    }
    for g in groups {
        if g.len() != 3 || !g.iter().all(u8::is_ascii_digit) {
            return None;
        }
        count += 1;
    }
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit));
    // With decimal commas, one group and no decimal part (`1.234`) reads as a decimal point.
    let ambiguous = decimal_comma && count == 1 && frac.is_none();
    if count == 0 || !frac_ok || ambiguous {
        return None;
    }
    let mut plain = String::with_capacity(cell.len());
    plain.extend(bytes[..start].iter().map(|&b| b as char));
    plain.extend(int.iter().filter(|&&b| b != separator).map(|&b| b as char));
    if let Some(f) = frac {
        plain.push('.');
        plain.extend(f.iter().map(|&b| b as char));
    }
    plain.parse().ok()
}

/// Lowercased words: maximal runs of letters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}
