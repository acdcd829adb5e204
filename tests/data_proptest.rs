//! Property tests of CSV import (native only: proptest needs the operating system's
//! randomness). Whatever the bytes, parsing and preparing never panic; every accepted file
//! is a rectangle; well-formed files round-trip cell for cell.
#![cfg(not(target_arch = "wasm32"))]

use nnplay::data::{column_stats, parse_csv, prepare, CsvOptions, DataConfig, Schema, Table};
use proptest::prelude::*;

fn options() -> impl Strategy<Value = CsvOptions> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec![
            b',', b';', b'\t', b'|', b'"', b'\n', 0xFF,
        ])),
    )
        .prop_map(|(header, delimiter)| CsvOptions { header, delimiter })
}

/// Text made mostly of the characters that matter to a CSV parser.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop::sample::select(b"a1,;\t|\"\n\r .-e?NA\xEF\xBB\xBF\xFF".to_vec()),
        0..300,
    )
}

/// Every row has `width` cells, and reading them all stays in bounds.
fn assert_rectangle(t: &Table) {
    assert!(t.width() >= 1 && t.rows() >= 1);
    assert_eq!(t.names().len(), t.width());
    for r in 0..t.rows() {
        assert_eq!(t.row(r).count(), t.width());
        assert!(t.row_number(r) >= 1);
    }
}

/// Runs the whole path; only errors may come out, never a panic.
fn full_path(bytes: &[u8], options: &CsvOptions) {
    if let Ok(t) = parse_csv(bytes, options) {
        assert_rectangle(&t);
        let stats = column_stats(&t);
        for config in [
            DataConfig::default(),
            DataConfig::default()
                .merged(serde_json::json!({ "missing": "impute", "split": { "test": 0.5, "validation": 0.2 } }))
                .unwrap(),
            DataConfig::default()
                .merged(serde_json::json!({ "missing": "drop_rows", "scaling": "minmax" }))
                .unwrap(),
        ] {
            if let Ok(schema) = Schema::resolve(&t, &stats, &config) {
                if let Ok(p) = prepare(&t, &schema) {
                    let inputs = p.inputs();
                    for part in [&p.train, &p.validation, &p.test] {
                        assert_eq!(part.x.len(), part.len() * inputs);
                        assert_eq!(part.y.len(), part.len());
                        assert!(part.x.iter().all(|v| v.is_finite()));
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), options in options()) {
        full_path(&bytes, &options);
    }

    #[test]
    fn csv_like_text_never_panics(bytes in csvish(), options in options()) {
        full_path(&bytes, &options);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A rectangle of cells written by the `csv` crate's writer (quoting as needed) and
    /// read back with the header and delimiter given gives the same cells (trimmed).
    #[test]
    fn written_tables_read_back_cell_for_cell(
        width in 1usize..6,
        cells in prop::collection::vec("[a-z0-9 ,;|\"\\n.]{0,8}", 1..60),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
    ) {
        let rows: Vec<Vec<String>> = cells.chunks(width).filter(|r| r.len() == width).map(|r| r.to_vec()).collect();
        // Rows whose cells are all blank are skipped by design; keep them out.
        let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect();
        prop_assume!(!rows.is_empty());
        let names: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
        // A row equal to the header is reported as a repeated header, by design.
        prop_assume!(rows.iter().all(|r| r.iter().map(|c| c.trim()).ne(names.iter().map(String::as_str))));
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        w.write_record(&names).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let t = parse_csv(&bytes, &CsvOptions { header: Some(true), delimiter: Some(delimiter) }).unwrap();
        assert_rectangle(&t);
        prop_assert_eq!(t.rows(), rows.len());
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                prop_assert_eq!(t.cell(r, c), cell.trim());
            }
        }
    }
}
