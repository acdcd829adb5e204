//! Reading a CSV file into a [`Table`] of text cells: delimiter and header detection,
//! quotes, CRLF, byte-order marks, blank lines, ragged rows and size limits.
//!
//! Parsing is done by the `csv` crate; this module decides what the records mean and turns
//! every problem into an error that names the row (1-based, counted as a spreadsheet shows
//! the file, the header being row 1), the column and the value.

use std::borrow::Cow;

use serde::Deserialize;

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
///
/// In options: `{ header: true | false | "auto", delimiter: "," | ";" | "\t" | "tab" | "|"
/// | "auto" }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CsvOptions {
    /// Whether the first row holds column names; detected when `None`.
    #[serde(deserialize_with = "read_header")]
    pub header: Option<bool>,
    /// The field delimiter; detected among [`DELIMITERS`] when `None`.
    #[serde(deserialize_with = "read_delimiter")]
    pub delimiter: Option<u8>,
}

/// `true`, `false`, or `"auto"` / `null` (detect).
fn read_header<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<bool>, D::Error> {
    struct Visit;
    impl serde::de::Visitor<'_> for Visit {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("true, false or \"auto\"")
        }
        fn visit_bool<E: serde::de::Error>(self, b: bool) -> std::result::Result<Self::Value, E> {
            Ok(Some(b))
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: serde::de::Error>(self, w: &str) -> std::result::Result<Self::Value, E> {
            match w {
                "auto" => Ok(None),
                _ => Err(E::invalid_value(serde::de::Unexpected::Str(w), &self)),
            }
        }
    }
    d.deserialize_any(Visit)
}

/// One character (`"tab"` and `"\\t"` for a tab), or `"auto"` / `""` / `null` (detect).
fn read_delimiter<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<u8>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref() {
        None | Some("auto") | Some("") => Ok(None),
        Some("tab") | Some("\\t") => Ok(Some(b'\t')),
        Some(c) if c.len() == 1 => Ok(Some(c.as_bytes()[0])),
        Some(c) => Err(serde::de::Error::custom(format!(
            "must be one character (\",\", \";\", \"\\t\", \"|\") or \"auto\", got \"{c}\""
        ))),
    }
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
    /// What reading did on its own (title rows above the header skipped).
    notes: Vec<Problem>,
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
            notes: Vec::new(),
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
    /// What reading did on its own: title rows above the header that were skipped.
    pub fn notes(&self) -> &[Problem] {
        &self.notes
    }

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
    let decoded = decode(bytes)?;
    let (separator, bytes) = excel_separator(&decoded);
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
    let delimiter = options
        .delimiter
        .or(separator)
        .unwrap_or_else(|| sniff_delimiter(bytes));
    let mut records = Records::new(bytes, delimiter);
    // The first records decide the header; the rest stream straight into the table.
    let mut sample = Vec::with_capacity(HEADER_SAMPLE + 1);
    while sample.len() <= HEADER_SAMPLE {
        match records.next() {
            Ok(Some(r)) => sample.push(r),
            Ok(None) => break,
            Err(e) => {
                // A cell that is not UTF-8 among the first rows: name its column by the
                // header when the rows read so far say there is one.
                return Err(match records.bad_cell.take() {
                    Some((c, mut p)) if !sample.is_empty() => {
                        let header = options
                            .header
                            .unwrap_or_else(|| detect_header(&sample, delimiter == b';'));
                        if header {
                            if let Some(name) = header_names(&sample[0].cells).get(c) {
                                p.column = Some(name.clone());
                            }
                        }
                        p.into()
                    }
                    _ => e,
                });
            }
        }
    }
    if sample.is_empty() {
        return Err(Problem::file("it is empty").into());
    }
    let notes = skip_title_rows(&mut sample);
    let header = match options.header {
        Some(h) => h,
        None => detect_header(&sample, delimiter == b';'),
    };
    let mut sample = sample.into_iter();
    let first = sample.next().expect("checked non-empty");
    let names = if header {
        header_names(&first.cells)
    } else {
        (1..=first.cells.len())
            .map(|i| format!("column {i}"))
            .collect()
    };
    let mut table = Table {
        names,
        header,
        delimiter,
        text: String::with_capacity(bytes.len()),
        ends: Vec::new(),
        row_numbers: Vec::new(),
        notes,
    };
    records.names = table.names.clone();
    // A header row again further down: files joined together, or a second export pasted in.
    let header_cells = header.then(|| first.cells.clone());
    let repeats = |row: usize, mut cells: std::slice::Iter<'_, String>| -> Result<()> {
        if header_cells
            .as_ref()
            .is_some_and(|h| h.iter().eq(&mut cells))
        {
            return Err(Problem::at_row(
                row,
                "repeats the header row (were two files joined together?); delete it and try \
                 again",
            )
            .into());
        }
        Ok(())
    };
    let data = if header { None } else { Some(first) };
    for record in data.into_iter().chain(sample) {
        repeats(record.row, record.cells.iter())?;
        let cells = record.cells.iter().map(String::as_str);
        table.push_record(record.row, record.multiline, record.cells.len(), cells)?;
    }
    let first_name = header_cells.as_ref().and_then(|h| h.first()).cloned();
    while let Some(row) = records.advance()? {
        let multiline = records.multiline();
        let cells = records.current();
        // Compares whole rows only when the first cell matches (cheap on every row).
        if let (Some(name), Some(h)) = (&first_name, &header_cells) {
            let trimmed = cells.get(0).map(str::trim);
            if trimmed == Some(name.as_str())
                && cells.len() >= h.len()
                && h.iter().zip(cells.iter()).all(|(a, b)| a == b.trim())
            {
                let owned: Vec<String> = h.clone();
                repeats(row, owned.iter())?;
            }
        }
        table.push_record(row, multiline, cells.len(), cells.iter())?;
    }
    if table.rows() == 0 {
        return Err(Problem::file(
            "it has a header row but no data rows (if the first row is data, turn the header off)",
        )
        .into());
    }
    drop_trailing_empty_columns(&mut table);
    Ok(table)
}

/// Records read to decide whether there is a header.
const HEADER_SAMPLE: usize = 100;

impl Table {
    /// Appends a data row after checking its width: extra cells are allowed only when empty
    /// (a delimiter at the end of the line).
    fn push_record<'c>(
        &mut self,
        row: usize,
        multiline: bool,
        n: usize,
        cells: impl Iterator<Item = &'c str>,
    ) -> Result<()> {
        let width = self.width();
        let mut extra_values = false;
        let start = (self.text.len(), self.ends.len());
        for (c, cell) in cells.enumerate() {
            if c < width {
                self.push_cell(cell.trim());
            } else if !cell.trim().is_empty() {
                extra_values = true;
            }
        }
        if n < width || extra_values {
            self.text.truncate(start.0);
            self.ends.truncate(start.1);
            let hint = if multiline {
                " (a value holds a line break: is a quote (\") left open?)"
            } else {
                ""
            };
            let what = if self.header {
                "the header has"
            } else {
                "the first row has"
            };
            return Err(Problem::at_row(
                row,
                format!("has {n} values but {what} {width} columns{hint}"),
            )
            .into());
        }
        if self.rows() == MAX_ROWS {
            return Err(too_many_rows());
        }
        self.row_numbers.push(row as u32);
        Ok(())
    }
}

/// A record kept for header detection: its trimmed cells and its 1-based file row.
struct Record {
    cells: Vec<String>,
    row: usize,
    /// Whether a cell holds a line break (a hint when a quote was left open).
    multiline: bool,
}

/// The file's text as UTF-8: a UTF-8 byte-order mark skipped, UTF-16 with a byte-order mark
/// decoded; a file that is not text (a workbook, an archive, an image, JSON) refused with
/// what it looks like.
fn decode(bytes: &[u8]) -> Result<Cow<'_, [u8]>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Cow::Borrowed(rest));
    }
    let little = bytes.starts_with(b"\xFF\xFE");
    if little || bytes.starts_with(b"\xFE\xFF") {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            let pair = [c[0], c[1]];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        let text: std::result::Result<String, _> = char::decode_utf16(units).collect();
        return match text {
            Ok(text) if bytes.len() % 2 == 0 => Ok(Cow::Owned(text.into_bytes())),
            _ => Err(Problem::file(
                "it is UTF-16 text that is cut short or holds an invalid character; save it \
                 as UTF-8 (CSV UTF-8) and try again",
            )
            .into()),
        };
    }
    match not_csv(bytes) {
        Some(what) => Err(Problem::file(what).into()),
        None => Ok(Cow::Borrowed(bytes)),
    }
}

/// Files that are not CSV text, by their first bytes.
const SIGNATURES: [(&[u8], &str); 8] = [
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "this looks like an Excel .xls workbook (or another Office file), not CSV text; open \
         it and save it as CSV (CSV UTF-8)",
    ),
    (
        b"%PDF",
        "this looks like a PDF document, not CSV text; export the table from where it came \
         from as CSV",
    ),
    (
        b"\x1F\x8B",
        "this looks like a gzip-compressed file; unpack it and choose the CSV file",
    ),
    (b"\x89PNG", "this looks like a PNG image, not CSV text"),
    (
        b"\xFF\xD8\xFF",
        "this looks like a JPEG image, not CSV text",
    ),
    (
        b"SQLite format 3\0",
        "this looks like an SQLite database, not CSV text; export a table as CSV",
    ),
    (
        b"PAR1",
        "this looks like a Parquet file, not CSV text; convert it to CSV (for example with \
         pandas: read_parquet, then to_csv)",
    ),
    (
        b"{\\rtf",
        "this looks like an RTF document, not CSV text; save it as plain text or CSV",
    ),
];

/// What a file that is not CSV text looks like, or `None` when it may be CSV.
fn not_csv(bytes: &[u8]) -> Option<String> {
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some((*what).to_string());
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if bytes.starts_with(b"PK\x03\x04") {
        let has = |name: &[u8]| head.windows(name.len()).any(|w| w == name);
        return Some(if has(b"xl/") {
            "this looks like an Excel .xlsx workbook, not CSV text; open it and save it as \
             CSV (CSV UTF-8)"
                .into()
        } else if has(b"content.xml") {
            "this looks like an OpenDocument spreadsheet (.ods), not CSV text; open it and \
             save it as CSV"
                .into()
        } else {
            "this looks like a ZIP archive, not CSV text; unpack it and choose the CSV file \
             inside"
                .into()
        });
    }
    let sample = &head[..head.len().min(4096)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    if nul > 0 {
        // Western text in UTF-16 without a byte-order mark: a zero in every other byte,
        // printable characters in the others.
        let utf16 = |zeros: usize, text: usize| {
            let half = sample.len() / 2;
            let zero = sample
                .iter()
                .skip(zeros)
                .step_by(2)
                .filter(|&&b| b == 0)
                .count();
            let printable = sample
                .iter()
                .skip(text)
                .step_by(2)
                .filter(|&&b| b == b'\t' || b == b'\n' || b == b'\r' || (b' '..=b'~').contains(&b))
                .count();
            half > 0 && 10 * zero >= 9 * half && 10 * printable >= 9 * half
        };
        return Some(if utf16(1, 0) || utf16(0, 1) {
            "this looks like UTF-16 text without a byte-order mark; save it as UTF-8 (CSV \
             UTF-8) and try again"
                .into()
        } else {
            "this is a binary file, not CSV text".into()
        });
    }
    let text = head.trim_ascii_start();
    let lower: Vec<u8> = text.iter().take(15).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return Some(
            "this looks like a web page (HTML), not CSV text; download the data itself as \
             CSV"
            .into(),
        );
    }
    if lower.starts_with(b"<?xml") {
        return Some("this looks like an XML file, not CSV text; export the data as CSV".into());
    }
    let json_end = bytes.trim_ascii_end().last();
    let json = match text.first() {
        Some(b'{') => true,
        Some(b'[') => {
            json_end == Some(&b']')
                && text.get(1..).is_some_and(|t| {
                    matches!(
                        t.trim_ascii_start().first(),
                        Some(b'{' | b'[' | b'"' | b']')
                    )
                })
        }
        _ => false,
    };
    json.then(|| {
        "this looks like a JSON file, not CSV text; export the data as CSV (for example with \
         pandas: read_json, then to_csv)"
            .into()
    })
}

/// Excel's `sep=;` first line: the delimiter it names, and the text after that line.
fn excel_separator(bytes: &[u8]) -> (Option<u8>, &[u8]) {
    let line_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let line = bytes[..line_end].trim_ascii();
    match line {
        [s, e, p, b'=', d] if [s, e, p].map(u8::to_ascii_lowercase) == *b"sep" => {
            let rest = bytes.get(line_end + 1..).unwrap_or(&[]);
            (Some(*d), rest)
        }
        _ => (None, bytes),
    }
}

/// Leading rows with at most one value above a table whose rows have several (a title such
/// as `Sales report 2024`, perhaps padded with delimiters): taken out of `sample`, each
/// returned as a note.
fn skip_title_rows(sample: &mut Vec<Record>) -> Vec<Problem> {
    let filled = |r: &Record| r.cells.iter().filter(|c| !c.is_empty()).count();
    let widths: Vec<usize> = sample.iter().map(filled).collect();
    if sample.len() < 3 || mode(&widths) < 2 {
        return Vec::new();
    }
    let titles = widths.iter().take(10).take_while(|&&w| w <= 1).count();
    if titles == 0 || titles + 2 > sample.len() {
        return Vec::new();
    }
    sample
        .drain(..titles)
        .map(|r| {
            let text = r
                .cells
                .iter()
                .find(|c| !c.is_empty())
                .cloned()
                .unwrap_or_default();
            Problem {
                row: Some(r.row),
                column: None,
                value: Some(text),
                message: "is a title above the table, not data; the row is skipped".into(),
                missing: false,
            }
        })
        .collect()
}

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// Reads non-blank records one at a time, checking UTF-8 and the column limit, and numbering
/// rows as a spreadsheet does. Blank records (every cell empty) are skipped; the rows after
/// them keep their numbers.
struct Records<'a> {
    rdr: csv::Reader<&'a [u8]>,
    bytes: &'a [u8],
    record: csv::StringRecord,
    /// Line breaks inside quoted cells of earlier records: a spreadsheet shows such a record
    /// as one row, so they are subtracted from the line number.
    embedded_breaks: usize,
    multiline: bool,
    /// Column names, once known, to name the column of a cell that is not UTF-8.
    names: Vec<String>,
    /// The column and problem of the last cell refused as not UTF-8.
    bad_cell: Option<(usize, Problem)>,
}

impl<'a> Records<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        Records {
            rdr: reader(bytes, delimiter),
            bytes,
            record: csv::StringRecord::new(),
            embedded_breaks: 0,
            multiline: false,
            names: Vec::new(),
            bad_cell: None,
        }
    }

    /// The next record, copied out (for the header sample).
    fn next(&mut self) -> Result<Option<Record>> {
        Ok(self.advance()?.map(|row| Record {
            cells: self.record.iter().map(|c| c.trim().to_string()).collect(),
            row,
            multiline: self.multiline,
        }))
    }

    /// The current record's cells.
    fn current(&self) -> &csv::StringRecord {
        &self.record
    }

    fn multiline(&self) -> bool {
        self.multiline
    }

    /// Reads the next non-blank record into `current()` and returns its row number.
    fn advance(&mut self) -> Result<Option<usize>> {
        let mut raw = std::mem::take(&mut self.record).into_byte_record();
        loop {
            match self.rdr.read_byte_record(&mut raw) {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => {
                    let row = e
                        .position()
                        .map(|p| (p.line() as usize).saturating_sub(self.embedded_breaks));
                    return Err(Problem {
                        row,
                        column: None,
                        value: None,
                        message: format!("cannot be read: {e}"),
                        missing: false,
                    }
                    .into());
                }
            }
            // The position is where reading began: before any empty lines the reader skipped.
            let line = raw.position().map_or(1, |p| {
                let skipped = self.bytes[(p.byte() as usize).min(self.bytes.len())..]
                    .iter()
                    .take_while(|&&b| b == b'\n' || b == b'\r')
                    .filter(|&&b| b == b'\n')
                    .count();
                p.line() as usize + skipped
            });
            let row = line.saturating_sub(self.embedded_breaks).max(1);
            let breaks = raw.as_slice().iter().filter(|&&b| b == b'\n').count();
            self.embedded_breaks += breaks;
            if raw.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            if raw.len() > MAX_COLUMNS {
                return Err(Problem::at_row(
                    row,
                    format!(
                        "has {} values; the limit is {MAX_COLUMNS} columns",
                        raw.len()
                    ),
                )
                .into());
            }
            self.multiline = breaks > 0;
            match csv::StringRecord::from_byte_record(raw) {
                Ok(r) => {
                    self.record = r;
                    return Ok(Some(row));
                }
                Err(e) => {
                    let c = e.utf8_error().field();
                    let field = e
                        .into_byte_record()
                        .get(c)
                        .map(|f| f.to_vec())
                        .unwrap_or_default();
                    let problem = Problem {
                        row: Some(row),
                        column: Some(
                            self.names
                                .get(c)
                                .cloned()
                                .unwrap_or_else(|| format!("column {}", c + 1)),
                        ),
                        value: Some(String::from_utf8_lossy(&field).into_owned()),
                        message: "is not UTF-8 text; save the file as UTF-8 (CSV UTF-8) and try \
                                  again"
                            .into(),
                        missing: false,
                    };
                    self.bad_cell = Some((c, problem.clone()));
                    return Err(problem.into());
                }
            }
        }
    }
}

/// Column names from a header row: trailing empty names dropped, the rest made unique and
/// non-empty.
fn header_names(cells: &[String]) -> Vec<String> {
    let mut names = cells.to_vec();
    while names.len() > 1 && names.last().is_some_and(|n| n.is_empty()) {
        names.pop();
    }
    name_columns(&mut names);
    names
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
        notes: std::mem::take(&mut table.notes),
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
    // A repeat of the first row further down is reported later, not a vote for "data".
    let sample: Vec<&Record> = records[1..records.len().min(101)]
        .iter()
        .filter(|r| r.cells != *first)
        .collect();
    if sample.is_empty() {
        // A single row: a header only if nothing in it is a number.
        return first
            .iter()
            .all(|c| super::cell::parse_number(c, decimal_comma).is_none());
    }
    let (mut header, mut data) = (0usize, 0usize);
    for (c, name) in first.iter().enumerate() {
        if super::cell::is_missing(name) {
            continue;
        }
        if super::cell::parse_number(name, decimal_comma).is_some() {
            data += 2;
            continue;
        }
        let below: Vec<&str> = sample
            .iter()
            .filter_map(|r| r.cells.get(c).map(String::as_str))
            .filter(|v| !super::cell::is_missing(v))
            .collect();
        if below.is_empty() {
            continue;
        }
        if below
            .iter()
            .all(|v| super::cell::parse_number(v, decimal_comma).is_some())
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
