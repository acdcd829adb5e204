//! Reading a CSV file into a [`Table`] of text cells: delimiter and header detection,
//! quotes, CRLF, byte-order marks, blank lines, ragged rows and size limits.
//!
//! Parsing is done by the `csv` crate; this module decides what the records mean and turns
//! every problem into an error that names the row (1-based, counted as a spreadsheet shows
//! the file, the header being row 1), the column and the value.

use serde::{Deserialize, Serialize};

use super::problem::{quote_value, Problem};
use crate::error::Result;

/// The largest file accepted, in bytes (100 MB).
pub const MAX_BYTES: usize = 100 * 1024 * 1024;
/// The most data rows accepted.
pub const MAX_ROWS: usize = 1_000_000;
/// The most columns accepted.
pub const MAX_COLUMNS: usize = 10_000;

/// The delimiters that are detected: comma, semicolon, tab and pipe (in order of preference
/// when two fit equally well).
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How to read a CSV file. `None` means "detect".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvOptions {
    /// Whether the first row holds column names; detected when `None`.
    #[serde(default)]
    pub header: Option<bool>,
    /// The field delimiter; detected among [`DELIMITERS`] when `None`.
    #[serde(default)]
    pub delimiter: Option<u8>,
}

/// A parsed file: column names and a rectangle of trimmed text cells.
///
/// Cells are kept in one string with their end offsets, so a 100 MB file needs little more
/// than 100 MB.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    names: Vec<String>,
    header: bool,
    delimiter: u8,
    text: String,
    /// End offset in `text` of each cell, row-major.
    ends: Vec<u32>,
    /// 1-based file row (as a spreadsheet numbers it) of each data row.
    row_numbers: Vec<u32>,
}

impl Table {
    /// Builds a table from column names and rows of cells (for generated data).
    ///
    /// # Errors
    /// When a row's width differs from the number of names, or there are no rows or columns.
    pub fn from_rows(names: Vec<String>, rows: &[Vec<String>]) -> Result<Table> {
        if names.is_empty() || rows.is_empty() {
            return Err(Problem::file(
                "it is empty; a table needs at least one row and one column",
            )
            .into());
        }
        let mut table = Table {
            header: true,
            delimiter: b',',
            text: String::new(),
            ends: Vec::with_capacity(rows.len() * names.len()),
            row_numbers: Vec::with_capacity(rows.len()),
            names,
        };
        for (i, row) in rows.iter().enumerate() {
            if row.len() != table.names.len() {
                return Err(Problem::at_row(
                    i + 2,
                    format!(
                        "has {} values but there are {} columns",
                        row.len(),
                        table.names.len()
                    ),
                )
                .into());
            }
            for cell in row {
                table.push_cell(cell.trim());
            }
            table.row_numbers.push((i + 2) as u32);
        }
        Ok(table)
    }

    fn push_cell(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len() as u32);
    }

    /// Number of data rows (the header excluded).
    pub fn rows(&self) -> usize {
        self.row_numbers.len()
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// Column names: from the header, or `column 1`, `column 2`, ... without one.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether the first row of the file was taken as the header.
    pub fn header(&self) -> bool {
        self.header
    }

    /// The field delimiter used.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Whether numbers may use a decimal comma (`1,5`): files delimited by semicolons, as
    /// spreadsheets write them in locales with a decimal comma.
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }

    /// The trimmed text of data row `row` (0-based), column `col`.
    ///
    /// # Panics
    /// When `row` or `col` is out of range.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        let i = row * self.names.len() + col;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The cells of data row `row` (0-based).
    pub fn row(&self, row: usize) -> impl Iterator<Item = &str> + '_ {
        (0..self.width()).map(move |c| self.cell(row, c))
    }

    /// The 1-based file row of data row `row` (0-based), as a spreadsheet numbers it.
    pub fn row_number(&self, row: usize) -> usize {
        self.row_numbers[row] as usize
    }

    /// The index of the column called `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// Parses CSV bytes (UTF-8, with or without a byte-order mark).
///
/// # Errors
/// An empty file, a file over [`MAX_BYTES`], more than [`MAX_ROWS`] rows or [`MAX_COLUMNS`]
/// columns, text that is not UTF-8, a row whose number of values differs from the header's,
/// or a header without data rows. Each message names the row and column concerned.
pub fn parse_csv(bytes: &[u8], options: &CsvOptions) -> Result<Table> {
    if bytes.len() > MAX_BYTES {
        return Err(Problem::file(format!(
            "it is {:.1} MB; the limit is 100 MB",
            bytes.len() as f64 / (1024.0 * 1024.0)
        ))
        .into());
    }
    let bytes = strip_bom(bytes)?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::file("it is empty").into());
    }
    if let Some(d) = options.delimiter {
        if !(d.is_ascii() && d != b'"' && d != b'\n' && d != b'\r') {
            return Err(Problem::file(format!(
                "the delimiter {} cannot be used; use one of , ; tab |",
                quote_value(&(d as char).to_string())
            ))
            .into());
        }
    }
    let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(bytes));
    let records = read_records(bytes, delimiter)?;
    let header = match options.header {
        Some(h) => h,
        None => detect_header(&records, delimiter == b';'),
    };
    build(records, header, delimiter)
}

/// One record as read: its cells and its 1-based file row.
struct Record {
    cells: Vec<String>,
    row: usize,
    /// Whether a cell holds a line break (a hint when a quote was left open).
    multiline: bool,
}

fn strip_bom(bytes: &[u8]) -> Result<&[u8]> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(rest);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(
            Problem::file("it is UTF-16 text; save it as UTF-8 (CSV UTF-8) and try again").into(),
        );
    }
    Ok(bytes)
}

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// Reads every non-blank record; blank records (all cells empty) are skipped, rows keep their
/// numbers.
fn read_records(bytes: &[u8], delimiter: u8) -> Result<Vec<Record>> {
    let mut rdr = reader(bytes, delimiter);
    let mut record = csv::ByteRecord::new();
    let mut records = Vec::new();
    // Line breaks inside quoted cells of earlier records: a spreadsheet shows such a record
    // as one row, so they are subtracted from the line number.
    let mut embedded_breaks = 0usize;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let row = e.position().map(|p| p.line() as usize - embedded_breaks);
                return Err(Problem {
                    row,
                    column: None,
                    value: None,
                    message: format!("cannot be read: {e}"),
                }
                .into());
            }
        }
        // The position is where reading began: before any empty lines the reader skipped.
        let line = record.position().map_or(1, |p| {
            let skipped = bytes[(p.byte() as usize).min(bytes.len())..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .filter(|&&b| b == b'\n')
                .count();
            p.line() as usize + skipped
        });
        let row = line.saturating_sub(embedded_breaks).max(1);
        let breaks = record.as_slice().iter().filter(|&&b| b == b'\n').count();
        embedded_breaks += breaks;
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() > MAX_COLUMNS {
            return Err(Problem::at_row(
                row,
                format!(
                    "has {} values; the limit is {MAX_COLUMNS} columns",
                    record.len()
                ),
            )
            .into());
        }
        // The header plus at most MAX_ROWS data rows (checked exactly in `build`).
        if records.len() > MAX_ROWS {
            return Err(too_many_rows());
        }
        let mut cells = Vec::with_capacity(record.len());
        for (c, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(s) => cells.push(s.trim().to_string()),
                Err(_) => {
                    return Err(Problem {
                        row: Some(row),
                        column: Some(format!("column {}", c + 1)),
                        value: Some(String::from_utf8_lossy(field).into_owned()),
                        message:
                            "is not UTF-8 text; save the file as UTF-8 (CSV UTF-8) and try again"
                                .into(),
                    }
                    .into());
                }
            }
        }
        records.push(Record {
            cells,
            row,
            multiline: breaks > 0,
        });
    }
    if records.is_empty() {
        return Err(Problem::file("it is empty").into());
    }
    Ok(records)
}

/// Turns records into a table: names, width, ragged-row checks, trailing empty columns.
fn build(records: Vec<Record>, header: bool, delimiter: u8) -> Result<Table> {
    let mut records = records.into_iter();
    let first = records
        .next()
        .expect("read_records returns at least one record");
    let (mut names, data): (Vec<String>, Vec<Record>) = if header {
        let mut names = first.cells;
        while names.len() > 1 && names.last().is_some_and(|n| n.is_empty()) {
            names.pop();
        }
        (names, records.collect())
    } else {
        let width = first.cells.len();
        let names = (1..=width).map(|i| format!("column {i}")).collect();
        (names, std::iter::once(first).chain(records).collect())
    };
    if data.is_empty() {
        return Err(Problem::file(
            "it has a header row but no data rows (if the first row is data, turn the header off)",
        )
        .into());
    }
    if data.len() > MAX_ROWS {
        return Err(too_many_rows());
    }
    name_columns(&mut names);
    let width = names.len();
    let mut table = Table {
        names,
        header,
        delimiter,
        text: String::new(),
        ends: Vec::with_capacity(data.len() * width),
        row_numbers: Vec::with_capacity(data.len()),
    };
    for record in &data {
        let n = record.cells.len();
        let extra_empty = n > width && record.cells[width..].iter().all(|c| c.is_empty());
        if n < width || (n > width && !extra_empty) {
            let hint = if record.multiline {
                " (a value holds a line break: is a quote (\") left open?)"
            } else {
                ""
            };
            let what = if header {
                "the header has"
            } else {
                "the first row has"
            };
            return Err(Problem::at_row(
                record.row,
                format!("has {n} values but {what} {width} columns{hint}"),
            )
            .into());
        }
        for cell in &record.cells[..width] {
            table.push_cell(cell);
        }
        table.row_numbers.push(record.row as u32);
    }
    drop_trailing_empty_columns(&mut table);
    Ok(table)
}

/// Gives every column a unique, non-empty name: empty names become `column N`, repeated
/// names get ` (2)`, ` (3)`, ...
fn name_columns(names: &mut [String]) {
    for (i, n) in names.iter_mut().enumerate() {
        if n.is_empty() {
            *n = format!("column {}", i + 1);
        }
    }
    for i in 1..names.len() {
        if names[..i].contains(&names[i]) {
            let base = names[i].clone();
            let mut k = 2;
            while names.contains(&format!("{base} ({k})")) {
                k += 1;
            }
            names[i] = format!("{base} ({k})");
        }
    }
}

/// Removes columns at the right edge that are unnamed and empty in every row (left by a
/// delimiter at the end of each line).
fn drop_trailing_empty_columns(table: &mut Table) {
    let generated = |t: &Table, c: usize| t.names[c] == format!("column {}", c + 1);
    let mut keep = table.width();
    while keep > 1
        && generated(table, keep - 1)
        && (0..table.rows()).all(|r| table.cell(r, keep - 1).is_empty())
    {
        keep -= 1;
    }
    if keep == table.width() {
        return;
    }
    let mut rebuilt = Table {
        names: table.names[..keep].to_vec(),
        header: table.header,
        delimiter: table.delimiter,
        text: String::with_capacity(table.text.len()),
        ends: Vec::with_capacity(table.rows() * keep),
        row_numbers: std::mem::take(&mut table.row_numbers),
    };
    for r in 0..rebuilt.row_numbers.len() {
        for c in 0..keep {
            let cell = table.cell(r, c).to_string();
            rebuilt.push_cell(&cell);
        }
    }
    *table = rebuilt;
}

/// Picks the delimiter that splits the first records into the most consistent number of
/// fields (more than one); comma when none does.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    const SAMPLE: usize = 64 * 1024;
    const RECORDS: usize = 100;
    let (sample, truncated) = if bytes.len() > SAMPLE {
        let cut = bytes[..SAMPLE]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(SAMPLE, |i| i + 1);
        (&bytes[..cut], true)
    } else {
        (bytes, false)
    };
    let mut best = (b',', false, 0.0f64, 0usize);
    for &d in &DELIMITERS {
        let mut rdr = reader(sample, d);
        let mut widths: Vec<usize> = Vec::new();
        let mut record = csv::ByteRecord::new();
        while widths.len() < RECORDS {
            match rdr.read_byte_record(&mut record) {
                Ok(true) => {
                    if !record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                        widths.push(record.len());
                    }
                }
                _ => break,
            }
        }
        if truncated && widths.len() > 1 && widths.len() < RECORDS {
            widths.pop();
        }
        if widths.is_empty() {
            continue;
        }
        let mode = mode(&widths);
        let consistency =
            widths.iter().filter(|&&w| w == mode).count() as f64 / widths.len() as f64;
        let candidate = (d, mode > 1, consistency, mode);
        let better = (candidate.1, candidate.2, candidate.3) > (best.1, best.2, best.3);
        if better {
            best = candidate;
        }
    }
    best.0
}

fn mode(values: &[usize]) -> usize {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let (mut best, mut best_count) = (sorted[0], 0);
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().take_while(|&&v| v == sorted[i]).count();
        if j > best_count {
            best = sorted[i];
            best_count = j;
        }
        i += j;
    }
    best
}

/// Decides whether the first record is a header, by voting column by column: a number in
/// the first row says "data"; a word above numbers says "header"; a word that reappears in
/// its column below says "data"; a word that does not, weakly "header".
fn detect_header(records: &[Record], decimal_comma: bool) -> bool {
    let first = &records[0].cells;
    let sample = &records[1..records.len().min(101)];
    if sample.is_empty() {
        // A single row: a header only if nothing in it is a number.
        return first
            .iter()
            .all(|c| super::schema::parse_number(c, decimal_comma).is_none());
    }
    let (mut header, mut data) = (0usize, 0usize);
    for (c, name) in first.iter().enumerate() {
        if super::schema::is_missing(name) {
            continue;
        }
        if super::schema::parse_number(name, decimal_comma).is_some() {
            data += 2;
            continue;
        }
        let below: Vec<&str> = sample
            .iter()
            .filter_map(|r| r.cells.get(c).map(String::as_str))
            .filter(|v| !super::schema::is_missing(v))
            .collect();
        if below.is_empty() {
            continue;
        }
        if below
            .iter()
            .all(|v| super::schema::parse_number(v, decimal_comma).is_some())
        {
            header += 2;
        } else if below.contains(&name.as_str()) {
            data += 2;
        } else {
            header += 1;
        }
    }
    header > data
}

fn too_many_rows() -> crate::Error {
    Problem::file(format!(
        "it has more than {} data rows, the limit",
        fmt_thousands(MAX_ROWS)
    ))
    .into()
}

/// `1000000` as `1,000,000`.
pub(crate) fn fmt_thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Table {
        parse_csv(s.as_bytes(), &CsvOptions::default()).unwrap()
    }

    #[test]
    fn row_numbers_count_blank_lines_and_not_breaks_inside_quotes() {
        // Rows as a spreadsheet shows them: 1 header, 2 "a", 3 blank, 4 quoted two-line cell,
        // 5 "c".
        let t = parse("x,y\n1,a\n\n2,\"b\nb\"\n3,c\n");
        assert_eq!(t.rows(), 3);
        assert_eq!(
            (0..3).map(|r| t.row_number(r)).collect::<Vec<_>>(),
            vec![2, 4, 5]
        );
        assert_eq!(t.cell(1, 1), "b\nb");
    }

    #[test]
    fn sniffs_semicolons_over_decimal_commas() {
        let t = parse("a;b\n1,5;2\n3,25;4\n");
        assert_eq!(t.delimiter(), b';');
        assert_eq!(t.cell(1, 0), "3,25");
    }

    #[test]
    fn thousands() {
        assert_eq!(fmt_thousands(1_000_000), "1,000,000");
        assert_eq!(fmt_thousands(999), "999");
    }

    #[test]
    fn duplicate_and_empty_names_are_made_unique() {
        let t = parse("a,a,,b\n1,2,3,4\n");
        assert_eq!(t.names(), ["a", "a (2)", "column 3", "b"]);
    }
}
