//! Learning curves: more training rows, a better test score and a smaller gap to the
//! training score; each size's summary is the mean and standard deviation of its runs.

mod common;

use common::example_prepared as data;
use nnplay::train::{learning_curve, CurveSettings, MeanStd};
use nnplay::Error;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn settings(sizes: &str, seeds: &str) -> CurveSettings {
    serde_json::from_str(&format!(
        r#"{{"model":{{"layers":[{{"units":16,"activation":"relu"}},{{"units":1,"activation":"sigmoid"}}]}},
            "compile":{{"optimizer":"adam","loss":"binary_crossentropy","learningRate":0.01}},
            "fit":{{"epochs":60,"batchSize":16}},"sizes":{sizes},"seeds":{seeds}}}"#
    ))
    .unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn more_rows_score_better_on_the_test_part_and_closer_to_the_training_rows() {
    let d = data();
    let curve = learning_curve(&d, &settings("[0.02, 0.2, 1.0]", "[1, 2, 3]")).unwrap();
    let train_rows = d.train.len();
    let [small, _, all] = &curve.points[..] else {
        panic!("three sizes")
    };
    for p in &curve.points {
        eprintln!(
            "{:>4} rows: train accuracy {:.3} ± {:.3}, test {:.3} ± {:.3}",
            p.rows,
            p.train_accuracy.unwrap().mean,
            p.train_accuracy.unwrap().std,
            p.test_accuracy.unwrap().mean,
            p.test_accuracy.unwrap().std
        );
        // The summary is of the runs listed.
        let test: Vec<f64> = p.runs.iter().map(|r| r.test_accuracy.unwrap()).collect();
        assert_eq!(p.test_accuracy, MeanStd::of(&test));
        assert_eq!(p.runs.len(), 3);
    }
    // floor(0.02 · 800), as scikit-learn counts.
    assert_eq!(small.rows, (0.02 * train_rows as f64).floor() as usize);
    assert_eq!(all.rows, train_rows);
    let (s, a) = (small.test_accuracy.unwrap(), all.test_accuracy.unwrap());
    assert!(
        a.mean > s.mean + 0.03,
        "more rows, better test accuracy: {s:?} → {a:?}"
    );
    let gap = |p: &nnplay::train::learning_curve::CurvePoint| {
        p.train_accuracy.unwrap().mean - p.test_accuracy.unwrap().mean
    };
    assert!(
        gap(small) > gap(all),
        "a few rows are learnt by heart: gap {} vs {}",
        gap(small),
        gap(all)
    );
    // Different seeds draw different rows and weights: the small size's runs differ.
    assert!(s.std > 0.0);
}

#[wasm_bindgen_test(unsupported = test)]
fn impossible_curves_are_refused_before_training() {
    let d = data();
    for (sizes, seeds, field) in [
        ("[0.5, 0.2]", "[1]", "sizes[1]"),
        ("[0]", "[1]", "sizes[0]"),
        ("[1.5]", "[1]", "sizes[0]"),
        ("[]", "[1]", "sizes"),
        ("[0.5]", "[]", "seeds"),
    ] {
        match learning_curve(&d, &settings(sizes, seeds)) {
            Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field, "{sizes} {seeds}"),
            other => panic!("{sizes} {seeds}: {other:?}"),
        }
    }
}
