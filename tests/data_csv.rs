//! CSV import: a table of malformed and unusual files, each with the outcome it must have:
//! the parsed shape, or an error whose message names the right row, column and value.
//! Runs natively and in headless Chromium.

use nnplay::data::{
    column_stats, parse_csv, prepare, CsvOptions, DataConfig, Prepared, Schema, Table, MAX_BYTES,
    MAX_COLUMNS, MAX_ROWS,
};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// What a file must give.
enum Expect {
    /// Data rows, columns, model inputs after encoding, and further checks.
    Shape {
        rows: usize,
        columns: usize,
        inputs: usize,
        check: fn(&Table, &Prepared),
    },
    /// An error whose message contains every one of these pieces.
    Error(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    input: Vec<u8>,
    options: CsvOptions,
    /// Merged over the default configuration (all rows in training unless set).
    config: serde_json::Value,
    expect: Expect,
}

fn case(name: &'static str, input: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        name,
        input: input.into(),
        options: CsvOptions::default(),
        config: json!({}),
        expect,
    }
}

impl Case {
    fn options(mut self, header: Option<bool>, delimiter: Option<u8>) -> Case {
        self.options = CsvOptions { header, delimiter };
        self
    }

    fn config(mut self, config: serde_json::Value) -> Case {
        self.config = config;
        self
    }
}

fn shape(rows: usize, columns: usize, inputs: usize) -> Expect {
    Expect::Shape {
        rows,
        columns,
        inputs,
        check: |_, _| {},
    }
}

fn run(c: &Case) -> nnplay::Result<(Table, Prepared)> {
    let table = parse_csv(&c.input, &c.options)?;
    let mut config = json!({ "split": { "test": 0.0 }, "scaling": "none" });
    merge(&mut config, &c.config);
    let config = DataConfig::default().merged(config)?;
    let schema = Schema::resolve(&table, &column_stats(&table), &config)?;
    let prepared = prepare(&table, &schema)?;
    Ok((table, prepared))
}

fn merge(base: &mut serde_json::Value, patch: &serde_json::Value) {
    for (k, v) in patch.as_object().unwrap() {
        base[k] = v.clone();
    }
}

/// `n` rows of `i,i%2` under a header `x,y`, then `tail`.
fn numbers_then(n: usize, tail: &str) -> String {
    let mut s = String::from("x,y\n");
    for i in 0..n {
        s.push_str(&format!("{i},{}\n", i % 2));
    }
    s.push_str(tail);
    s
}

/// `text` in UTF-16, little- or big-endian, with or without a byte-order mark.
fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let bom = bom.then_some(0xFEFF_u16);
    bom.into_iter()
        .chain(text.encode_utf16())
        .flat_map(|u| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "plain comma file with a header",
            "a,b,label\n1,2,x\n3,4,y\n5,6,x\n",
            shape(3, 3, 2),
        ),
        case(
            "semicolons with decimal commas",
            "a;b;label\n1,5;2;x\n3,25;4;y\n",
            Expect::Shape {
                rows: 2,
                columns: 3,
                inputs: 2,
                check: |t, p| {
                    assert_eq!(t.delimiter(), b';');
                    // Row order is shuffled by the split; find the row with a = 3.25.
                    assert!(
                        p.train.x.chunks(2).any(|r| r == [3.25, 4.0]),
                        "{:?}",
                        p.train.x
                    );
                },
            },
        ),
        case(
            "tab-separated text with commas inside",
            "text\tlabel\nwell, that was good\tpos\nbad, very bad\tneg\n",
            Expect::Shape {
                rows: 2,
                columns: 2,
                // Six words: well, that, was, good, bad, very.
                inputs: 6,
                check: |t, _| {
                    assert_eq!(t.delimiter(), b'\t');
                    assert_eq!(t.cell(0, 0), "well, that was good");
                },
            },
        ),
        case("pipe-separated", "a|b|c\n1|2|p\n3|4|q\n", shape(2, 3, 2)),
        case(
            "no header, all numbers",
            "1,2,0\n3,4,1\n5,6,0\n7,8,1\n",
            Expect::Shape {
                rows: 4,
                columns: 3,
                inputs: 2,
                check: |t, _| {
                    assert!(!t.header());
                    assert_eq!(t.names(), ["column 1", "column 2", "column 3"]);
                },
            },
        ),
        case(
            // Row 1 is data now: its "a" stands out in a column of numbers.
            "header forced off: the names become a data row",
            "a,b,y\n1,2,p\n3,4,q\n",
            Expect::Error(&["row 1", "column \"column 1\"", "\"a\"", "not a number"]),
        )
        .options(Some(false), None),
        case(
            "header forced on for a numeric first row",
            "10,20,30\n1,2,p\n3,4,q\n",
            Expect::Shape {
                rows: 2,
                columns: 3,
                inputs: 2,
                check: |t, _| assert_eq!(t.names(), ["10", "20", "30"]),
            },
        )
        .options(Some(true), None),
        case(
            "quoted fields with delimiters, doubled quotes and a line break",
            "name,note,y\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\",a\nLee,plain,b\n",
            Expect::Shape {
                rows: 2,
                columns: 3,
                // `name` and `note`: two categories each.
                inputs: 4,
                check: |t, _| {
                    assert_eq!(t.cell(0, 0), "Smith, J");
                    assert_eq!(t.cell(0, 1), "said \"hi\"\nthen left");
                    assert_eq!(t.row_number(1), 3);
                },
            },
        ),
        case(
            "CRLF line ends",
            "a,b,y\r\n1,2,p\r\n3,4,q\r\n",
            shape(2, 3, 2),
        ),
        case(
            "UTF-8 byte-order mark",
            b"\xEF\xBB\xBFa,b,y\n1,2,p\n3,4,q\n".to_vec(),
            Expect::Shape {
                rows: 2,
                columns: 3,
                inputs: 2,
                check: |t, _| assert_eq!(t.names()[0], "a"),
            },
        ),
        case(
            "trailing blank lines",
            "a,b,y\n1,2,p\n3,4,q\n\n\r\n\n   \n",
            shape(2, 3, 2),
        ),
        case(
            "a delimiter at the end of every line",
            "a,b,y,\n1,2,p,\n3,4,q,\n",
            Expect::Shape {
                rows: 2,
                columns: 3,
                inputs: 2,
                check: |t, _| assert_eq!(t.names(), ["a", "b", "y"]),
            },
        ),
        case(
            "repeated and empty header names",
            "a,a,,y\n1,2,3,p\n4,5,6,q\n",
            Expect::Shape {
                rows: 2,
                columns: 4,
                inputs: 3,
                check: |t, _| assert_eq!(t.names(), ["a", "a (2)", "column 3", "y"]),
            },
        ),
        case(
            "missing-value spellings with the impute policy (training mean 2)",
            "a,y\n1,p\nNA,q\n3,p\n?,q\n,p\n",
            Expect::Shape {
                rows: 5,
                columns: 2,
                inputs: 1,
                check: |_, p| {
                    let mut x = p.train.x.clone();
                    x.sort_by(f32::total_cmp);
                    assert_eq!(x, [1.0, 2.0, 2.0, 2.0, 3.0]);
                },
            },
        )
        .config(json!({ "missing": "impute" })),
        case(
            "drop_rows leaves out rows with a missing value",
            "a,b,y\n1,2,p\n3,,q\n5,6,p\n7,8,\n9,1,q\n",
            Expect::Shape {
                rows: 5,
                columns: 3,
                inputs: 2,
                check: |_, p| {
                    assert_eq!(p.dropped, vec![3, 5]);
                    assert_eq!(p.train.len(), 3);
                },
            },
        )
        .config(json!({ "missing": "drop_rows" })),
        case(
            "numeric class labels sort as numbers",
            "a,y\n1,10\n2,2\n3,1\n4,10\n5,2\n6,1\n",
            Expect::Shape {
                rows: 6,
                columns: 2,
                inputs: 1,
                check: |_, p| assert_eq!(p.label_names, ["1", "2", "10"]),
            },
        ),
        // Numbers as spreadsheets and exports write them.
        case(
            "thousands grouped with commas (quoted) in a comma file",
            "a,price,y\n1,\"1,850\",p\n2,\"12,345.5\",q\n3,999,p\n4,\"-1,000,000\",q\n",
            Expect::Shape {
                rows: 4,
                columns: 3,
                inputs: 2,
                check: |_, p| {
                    let mut price: Vec<f32> = p.train.x.chunks(2).map(|r| r[1]).collect();
                    price.sort_by(f32::total_cmp);
                    assert_eq!(price, [-1_000_000.0, 999.0, 1850.0, 12345.5]);
                },
            },
        ),
        case(
            "thousands grouped with points, decimal commas, in a semicolon file",
            "a;price;y\n1;1.234,56;p\n2;1.234.567;q\n3;1,5;p\n4;1.234;q\n",
            Expect::Shape {
                rows: 4,
                columns: 3,
                inputs: 2,
                check: |_, p| {
                    let mut price: Vec<f32> = p.train.x.chunks(2).map(|r| r[1]).collect();
                    price.sort_by(f32::total_cmp);
                    // `1.234` alone stays 1.234: one group and no decimal part is a decimal point.
                    assert_eq!(price, [1.234, 1.5, 1234.56, 1_234_567.0]);
                },
            },
        ),
        case(
            "grouping that is not in threes is refused, naming the cell",
            "a,price,y\n1,\"1,850\",p\n2,\"1,85\",q\n3,\"2,000\",p\n",
            Expect::Error(&["row 3", "column \"price\"", "\"1,85\"", "not a number"]),
        ),
        case(
            "infinity in a numeric column under the default policy",
            numbers_then(10, "inf,1\n"),
            Expect::Error(&["row 12", "column \"x\"", "\"inf\"", "not a finite number"]),
        ),
        case(
            "an overflowing number under the default policy",
            numbers_then(10, "1e309,1\n"),
            Expect::Error(&["row 12", "column \"x\"", "\"1e309\"", "not a finite number"]),
        ),
        case(
            "infinities and overflow are missing under impute (training mean 2)",
            "a,y\n1,p\ninf,q\n3,p\n-Infinity,q\n1e309,p\n",
            Expect::Shape {
                rows: 5,
                columns: 2,
                inputs: 1,
                check: |_, p| {
                    let mut x = p.train.x.clone();
                    x.sort_by(f32::total_cmp);
                    assert_eq!(x, [1.0, 2.0, 2.0, 2.0, 3.0]);
                },
            },
        )
        .config(json!({ "missing": "impute" })),
        case(
            "drop_rows drops a row holding +inf",
            "a,b,y\n1,2,p\n+inf,3,q\n3,4,p\n5,6,q\n",
            Expect::Shape {
                rows: 4,
                columns: 3,
                inputs: 2,
                check: |_, p| assert_eq!(p.dropped, vec![3]),
            },
        )
        .config(json!({ "missing": "drop_rows" })),
        case(
            "spreadsheet error values are missing values, not categories (impute: mean 6)",
            "a,b,y\n1,#N/A,p\n2,#DIV/0!,q\n3,5,p\n4,#VALUE!,q\n5,#REF!,p\n6,#NAME?,q\n7,#NUM!,p\n8,#NULL!,q\n9,7,p\n",
            Expect::Shape {
                rows: 9,
                columns: 3,
                inputs: 2,
                check: |_, p| {
                    let mut b: Vec<f32> = p.train.x.chunks(2).map(|r| r[1]).collect();
                    b.sort_by(f32::total_cmp);
                    assert_eq!(b, [5.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0, 7.0]);
                },
            },
        )
        .config(json!({ "missing": "impute" })),
        case(
            "a spreadsheet error value under the default policy",
            "a,b,y\n1,5,p\n2,#DIV/0!,q\n3,7,p\n",
            Expect::Error(&["row 3", "column \"b\"", "\"#DIV/0!\"", "spreadsheet error value", "drop_rows or impute"]),
        ),
        case(
            "a column of mostly numbers stays numeric: the other cells are errors",
            "a,y\n1,p\n2,q\nsee notes,p\n4,q\n",
            Expect::Error(&["row 4", "column \"a\"", "\"see notes\"", "not a number"]),
        ),
        case(
            "a label of mostly fractional numbers stays a number: the other cells are errors",
            "a,price\n1,10.5\n2,11.25\n3,unknown\n4,12.75\n5,9.5\n",
            Expect::Error(&["row 4", "column \"price\"", "\"unknown\"", "not a number"]),
        ),
        // Files as exports and spreadsheets write them.
        case(
            "Excel's sep= first line names the delimiter and is not a row",
            "sep=;\na;b;y\n1,5;2;p\n3;4;q\n",
            Expect::Shape {
                rows: 2,
                columns: 3,
                inputs: 2,
                check: |t, p| {
                    assert_eq!((t.delimiter(), t.names()), (b';', &["a".to_string(), "b".into(), "y".into()][..]));
                    // Rows as Excel shows them (it hides the sep= line): the header is row 1.
                    assert_eq!(t.row_number(0), 2);
                    assert!(p.train.x.chunks(2).any(|r| r == [1.5, 2.0]), "{:?}", p.train.x);
                },
            },
        ),
        case(
            "a header row repeated further down is named by its row",
            "a,b,y\n1,2,p\n3,4,q\na,b,y\n5,6,p\n",
            Expect::Error(&["row 4", "repeats the header row"]),
        ),
        case(
            "a header row repeated far below the first hundred rows",
            numbers_then(150, "x,y\n1,0\n"),
            Expect::Error(&["row 152", "repeats the header row"]),
        ),
        case(
            "title and blank lines above the header are skipped, and said",
            "Sales report 2024,,\n\na,b,y\n1,2,p\n3,4,q\n5,6,p\n",
            Expect::Shape {
                rows: 3,
                columns: 3,
                inputs: 2,
                check: |t, _| {
                    assert_eq!(t.names(), ["a", "b", "y"]);
                    assert_eq!(t.row_number(0), 4);
                    assert_eq!(t.notes().len(), 1);
                    assert_eq!(
                        t.notes()[0].to_string(),
                        "row 1: the value \"Sales report 2024\" is a title above the table, not data; the row is skipped"
                    );
                },
            },
        ),
        case(
            "UTF-16 (little-endian) with a byte-order mark is decoded",
            utf16("a,b,y\n1,2,p\n3,4,é\n", true, true),
            Expect::Shape {
                rows: 2,
                columns: 3,
                inputs: 2,
                check: |t, _| assert_eq!(t.cell(1, 2), "é"),
            },
        ),
        case(
            "UTF-16 (big-endian) with a byte-order mark is decoded",
            utf16("a,b,y\n1,2,p\n3,4,q\n", false, true),
            shape(2, 3, 2),
        ),
        case(
            "UTF-16 without a byte-order mark",
            utf16("a,b,y\n1,2,p\n3,4,q\n", true, false),
            Expect::Error(&["UTF-16", "without a byte-order mark", "UTF-8"]),
        ),
        case(
            "an Excel .xlsx workbook",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml\x00\x00PK\x03\x04xl/workbook.xml\x00\x01\x02".to_vec(),
            Expect::Error(&["Excel .xlsx workbook", "save it as CSV"]),
        ),
        case(
            "an Excel .xls workbook",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00\x3E\x00\x03\x00".to_vec(),
            Expect::Error(&["Excel .xls workbook", "save it as CSV"]),
        ),
        case(
            "a ZIP archive",
            b"PK\x03\x04\x14\x00\x00\x00data/train.csv\x00\x00".to_vec(),
            Expect::Error(&["ZIP archive", "unpack it"]),
        ),
        case(
            "a JSON array",
            "[\n  {\"a\": 1, \"y\": \"p\"},\n  {\"a\": 2, \"y\": \"q\"}\n]\n",
            Expect::Error(&["JSON file", "export the data as CSV"]),
        ),
        case(
            "JSON lines",
            "{\"a\": 1, \"y\": \"p\"}\n{\"a\": 2, \"y\": \"q\"}\n",
            Expect::Error(&["JSON file"]),
        ),
        case(
            "a gzip-compressed CSV",
            b"\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd".to_vec(),
            Expect::Error(&["gzip", "unpack it"]),
        ),
        case(
            "a PDF",
            "%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj\n",
            Expect::Error(&["PDF document"]),
        ),
        case(
            "a binary file",
            b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3E\x00".to_vec(),
            Expect::Error(&["binary file, not CSV text"]),
        ),
        case(
            "a saved web page",
            "<!DOCTYPE html>\n<html><body><table><tr><td>1</td></tr></table></body></html>\n",
            Expect::Error(&["web page (HTML)"]),
        ),
        // Errors: each names the row (as a spreadsheet numbers it), column and value.
        case("empty file", "", Expect::Error(&["the file", "empty"])),
        case("only blank lines", "\n\r\n  \n", Expect::Error(&["empty"])),
        case(
            "a header and no rows",
            "a,b,c\n",
            Expect::Error(&["header row but no data rows"]),
        ),
        case(
            "a short row",
            "a,b,y\n1,2,p\n3,q\n",
            Expect::Error(&["row 3", "2 values", "3 columns"]),
        ),
        case(
            "a long row",
            "a,b,y\n1,2,p\n3,4,q,9\n",
            Expect::Error(&["row 3", "4 values", "3 columns"]),
        ),
        case(
            "row numbers count blank lines",
            "a,b,y\n1,2,p\n\n\n3,4,q,x\n",
            Expect::Error(&["row 5", "4 values"]),
        ),
        case(
            "an unclosed quote swallows the rest of the file",
            "a,b,y\n1,2,p\n\"3,4,q\n5,6,p\n",
            Expect::Error(&["row 3", "1 values", "quote"]),
        ),
        case(
            "a typo in a numeric column",
            numbers_then(30, "12..5,1\n"),
            Expect::Error(&["row 32", "column \"x\"", "\"12..5\"", "not a number"]),
        ),
        case(
            "text in a column typed numeric",
            "a,b,y\n1,2,p\n3,four,q\n",
            Expect::Error(&["row 3", "column \"b\"", "\"four\"", "not a number"]),
        )
        .config(json!({ "types": { "b": "numeric" } })),
        case(
            "a missing value under the default policy",
            "a,b,y\n1,2,p\n3,,q\n",
            Expect::Error(&["row 3", "column \"b\"", "missing", "drop_rows or impute"]),
        ),
        case(
            "a missing label is never imputed",
            "a,y\n1,p\n2,\n3,q\n",
            Expect::Error(&["row 3", "column \"y\"", "missing label"]),
        )
        .config(json!({ "missing": "impute" })),
        case(
            "a label with one class",
            "a,y\n1,yes\n2,yes\n3,yes\n",
            Expect::Error(&["column \"y\"", "only one class", "\"yes\""]),
        ),
        case(
            "a number label that is not a number",
            "a,price\n1,10.5\n2,n/a now\n3,12.25\n",
            Expect::Error(&["row 3", "column \"price\"", "\"n/a now\"", "not a number"]),
        )
        .config(json!({ "labelKind": "number" })),
        case(
            "no feature column",
            "y\np\nq\n",
            Expect::Error(&["no feature columns"]),
        ),
        case(
            "an unknown label column",
            "a,b\n1,p\n2,q\n",
            Expect::Error(&["label", "no column \"target\"", "\"a\", \"b\""]),
        )
        .config(json!({ "label": "target" })),
        case(
            "invalid UTF-8",
            b"a,b,y\n1,2,p\n3,\xFF\xFE4,q\n".to_vec(),
            Expect::Error(&["row 3", "column \"b\"", "UTF-8"]),
        ),
        case(
            "invalid UTF-8 far below the header",
            {
                let mut bytes = numbers_then(150, "").into_bytes();
                bytes.extend_from_slice(b"7,\xC3\n");
                bytes
            },
            Expect::Error(&["row 152", "column \"y\"", "UTF-8"]),
        ),
        case(
            "invalid UTF-8 without a header",
            b"1,2,p\n3,\xFF,q\n".to_vec(),
            Expect::Error(&["row 2", "column \"column 2\"", "UTF-8"]),
        ),
        case(
            "UTF-16 text cut short",
            b"\xFF\xFEa\x00,\x00b".to_vec(),
            Expect::Error(&["UTF-16", "cut short", "UTF-8"]),
        ),
        case(
            "a file over 100 MB",
            vec![b'1'; MAX_BYTES + 1],
            Expect::Error(&["100.0 MB", "limit is 100 MB"]),
        ),
        case(
            "more than 1,000,000 rows",
            "1\n".repeat(MAX_ROWS + 2),
            Expect::Error(&["more than 1,000,000 data rows"]),
        ),
        case(
            "more than 10,000 columns",
            format!("{}\n", "1,".repeat(MAX_COLUMNS + 1)),
            Expect::Error(&["row 1", "limit is 10000 columns"]),
        ),
    ]
}

#[wasm_bindgen_test(unsupported = test)]
fn malformed_and_unusual_files() {
    let cases = cases();
    assert!(cases.len() >= 60, "the table has {} cases", cases.len());
    for c in &cases {
        match (&c.expect, run(c)) {
            (
                Expect::Shape {
                    rows,
                    columns,
                    inputs,
                    check,
                },
                Ok((t, p)),
            ) => {
                assert_eq!(
                    (t.rows(), t.width(), p.inputs()),
                    (*rows, *columns, *inputs),
                    "{}",
                    c.name
                );
                check(&t, &p);
            }
            (Expect::Error(pieces), Err(e)) => {
                let msg = e.to_string();
                for piece in pieces.iter() {
                    assert!(msg.contains(piece), "{}: {msg:?} lacks {piece:?}", c.name);
                }
            }
            (Expect::Shape { .. }, Err(e)) => panic!("{}: unexpected error {e}", c.name),
            (Expect::Error(_), Ok((t, _))) => {
                panic!(
                    "{}: parsed {} rows × {} columns instead of failing",
                    c.name,
                    t.rows(),
                    t.width()
                )
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn detected_types_and_label_kinds() {
    let csv = "age,colour,review,city_id,score,kind\n\
               31,red,loved it and would go again,1001,0.5,a\n\
               45,blue,not for me at all sadly,1002,1.5,b\n\
               27,red,the best evening in a long while,1003,2.5,a\n\
               52,green,too loud and far too crowded,1004,3.5,b\n";
    let t = parse_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let s = Schema::resolve(&t, &column_stats(&t), &DataConfig::default()).unwrap();
    let kinds: Vec<&str> = s
        .columns
        .iter()
        .map(|c| match c.kind {
            nnplay::data::ColumnType::Numeric => "numeric",
            nnplay::data::ColumnType::Categorical => "categorical",
            nnplay::data::ColumnType::Text => "text",
        })
        .collect();
    // `review` has more than two words per value on average → text; `colour` few distinct
    // single words → categorical.
    assert_eq!(
        kinds,
        [
            "numeric",
            "categorical",
            "text",
            "numeric",
            "numeric",
            "categorical"
        ]
    );
    assert_eq!(s.task, nnplay::Task::Binary);
    assert_eq!(s.classes, ["a", "b"]);
    // The same file with `score` as the label: fractional numbers → regression.
    let config = DataConfig::default()
        .merged(json!({ "label": "score" }))
        .unwrap();
    let s = Schema::resolve(&t, &column_stats(&t), &config).unwrap();
    assert_eq!(s.task, nnplay::Task::Regression);
}

#[wasm_bindgen_test(unsupported = test)]
fn categorical_cap_and_text_vocabulary_cap() {
    // 30 rows: `c` is a 10 times, b, c and d 6 times each, e and f once; `t` has alpha in
    // every row, beta in 22, gamma in 14 and delta in 7.
    let mut csv = String::from("c,t,y\n");
    for i in 0..30 {
        let c = ["a", "a", "b", "b", "c", "c", "d", "d", "e", "f"][i % 10];
        let c = if i >= 10 && (c == "e" || c == "f") {
            "a"
        } else {
            c
        };
        let words = [
            "alpha",
            "alpha beta",
            "alpha beta gamma",
            "alpha beta gamma delta",
        ][i % 4];
        csv.push_str(&format!("{c},{words},{}\n", i % 2));
    }
    let t = parse_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let config = DataConfig::default()
        .merged(json!({
            "maxCategories": 4, "types": { "c": "categorical", "t": "text" }, "text": { "size": 3 },
            "split": { "test": 0.0 }, "scaling": "none"
        }))
        .unwrap();
    let s = Schema::resolve(&t, &column_stats(&t), &config).unwrap();
    let p = prepare(&t, &s).unwrap();
    // The four most frequent categories and the three most frequent words.
    assert_eq!(
        p.preprocessor.feature_names(),
        ["c=a", "c=b", "c=c", "c=d", "t:alpha", "t:beta", "t:gamma"]
    );
    // A row with category "e" (beyond the cap) one-hot encodes to zeros.
    let x = p
        .preprocessor
        .transform_rows(&[vec!["e", "Alpha, alpha! delta"]])
        .unwrap();
    assert_eq!(x, [0., 0., 0., 0., 2., 0., 0.]);
}

/// Every kind of column the import leaves out on its own is said, with why; a type keeps it.
#[wasm_bindgen_test(unsupported = test)]
fn columns_set_aside_are_warned() {
    // 12 rows: an identifier, one country, no notes, dates, codes without letters, a real
    // feature (ages, all different too) and the label.
    let mut csv = String::from("PassengerId,country,notes,joined,code,age,y\n");
    for i in 0..12 {
        csv.push_str(&format!(
            "{},NZ,,2024-01-{:02},{}-{},{},{}\n",
            100 + i,
            i + 1,
            i * 7,
            i * 3,
            20 + (i * 7) % 13,
            ["p", "q"][i % 2]
        ));
    }
    let t = parse_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let stats = column_stats(&t);
    let s = Schema::resolve(&t, &stats, &DataConfig::default()).unwrap();
    let said: Vec<String> = s.warnings.iter().map(|w| w.to_string()).collect();
    let keep = "(give it a type to use it anyway)";
    assert_eq!(
        said,
        [
            format!("column \"PassengerId\": every row has a different value, as in an identifier, so it is left out {keep}"),
            format!("column \"country\": every value is \"NZ\", so it cannot tell rows apart and is left out {keep}"),
            format!("column \"notes\": every value is missing, so it is left out {keep}"),
            "column \"joined\": holds dates, which give a model no inputs as they are, so it is left out (turn them into numbers, such as the day of the year, in a column of their own)".to_string(),
            format!("column \"code\": is text without words (letters) to count, so it would give no inputs and is left out {keep}"),
        ]
    );
    assert_eq!(s.features(), [5], "only the ages are inputs");
    // A column given a type is kept, and no longer said.
    let config = DataConfig::default()
        .merged(json!({ "types": { "country": "categorical" }, "ignored": ["notes"] }))
        .unwrap();
    let s = Schema::resolve(&t, &stats, &config).unwrap();
    assert_eq!(s.features(), [1, 5]);
    let columns: Vec<_> = s
        .warnings
        .iter()
        .map(|w| w.column.clone().unwrap())
        .collect();
    // `notes` is ignored by the configuration: that is not the import's doing.
    assert_eq!(columns, ["PassengerId", "joined", "code"]);
}
