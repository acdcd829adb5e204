//! Races: runs in lockstep start from the same weights and see the same batches, so two
//! runs of the same settings stay identical and only what a run changes tells them apart.

mod common;

use common::example_prepared as data;
use nnplay::train::{Race, RaceSettings};
use nnplay::Error;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn race(runs: &str) -> Result<Race, Error> {
    let settings: RaceSettings = serde_json::from_str(&format!(
        r#"{{"model":{{"layers":[{{"units":8,"activation":"tanh"}},{{"units":1,"activation":"sigmoid"}}],"seed":5}},
            "runs":{runs}}}"#
    ))
    .unwrap();
    Race::new(&data(), &settings)
}

const BCE: &str = r#""loss":"binary_crossentropy""#;

#[wasm_bindgen_test(unsupported = test)]
fn runs_start_alike_and_twins_stay_alike() {
    let mut r = race(&format!(
        r#"[{{"name":"sgd","compile":{{"optimizer":"sgd",{BCE},"learningRate":0.1}},"fit":{{"epochs":3,"batchSize":16}}}},
            {{"name":"adam","compile":{{"optimizer":"adam",{BCE},"learningRate":0.01}},"fit":{{"epochs":3,"batchSize":16}}}},
            {{"name":"adam again","compile":{{"optimizer":"adam",{BCE},"learningRate":0.01}},"fit":{{"epochs":3,"batchSize":16}}}},
            {{"name":"full batch","compile":{{"optimizer":"sgd",{BCE},"learningRate":0.1}},"fit":{{"epochs":3,"batchSize":100000}}}}]"#
    ))
    .unwrap();
    let start: Vec<&[f32]> = (0..4).map(|i| r.path(i).unwrap()[0].as_slice()).collect();
    assert!(
        start.iter().all(|p| p == &start[0]),
        "the same initial weights"
    );
    // Full batch: the first epoch's loss is the loss at the initial weights (one step, taken
    // after measuring it).
    let d = data();
    // (A copy: evaluating uses the model's buffers.)
    let mut fresh = r.model(3).unwrap().clone();
    let x = &d.train.x;
    let before = fresh.evaluate(x, &d.train.y, d.train.len()).unwrap().loss;
    while !r.finished() {
        let e = r.train_epoch().unwrap();
        assert_eq!(e.len(), 4);
        // Same settings, same batches: the twin runs agree to the bit.
        assert_eq!(
            e[1].log,
            e[2].log,
            "adam twins at epoch {}",
            e[1].log.as_ref().unwrap().epoch
        );
        if e[3].log.as_ref().unwrap().epoch == 1 {
            let l = e[3].log.as_ref().unwrap().loss;
            assert!(
                (l - before).abs() < 1e-6,
                "full batch epoch 1: {l} vs {before}"
            );
        }
    }
    assert_eq!(r.path(1).unwrap(), r.path(2).unwrap());
    assert_ne!(
        r.path(0).unwrap()[3],
        r.path(1).unwrap()[3],
        "another optimizer, other weights"
    );
    assert_eq!(r.path(0).unwrap().len(), 4, "the start and three epochs");
    assert_eq!(r.history(3).unwrap().len(), 3);
}

#[wasm_bindgen_test(unsupported = test)]
fn impossible_races_are_refused_naming_the_run() {
    let ok = format!(r#"{{"name":"a","compile":{{"optimizer":"sgd",{BCE}}}}}"#);
    for (runs, field) in [
        ("[]".to_string(), "runs".to_string()),
        (format!("[{ok},{ok}]"), "runs[1].name".to_string()),
        (
            format!(
                r#"[{ok},{{"name":"b","compile":{{"optimizer":"sgd",{BCE}}},"fit":{{"batchSize":0}}}}]"#
            ),
            "runs[1].batchSize".to_string(),
        ),
    ] {
        match race(&runs) {
            Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field, "{runs}"),
            other => panic!("{runs}: {:?}", other.map(|_| ())),
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn every_run_is_measured_from_the_same_start_and_then_apart() {
    let mut r = race(&format!(
        r#"[{{"name":"sgd","compile":{{"optimizer":"sgd",{BCE},"learningRate":0.1}},"fit":{{"epochs":2,"batchSize":1}}}},
            {{"name":"adam","compile":{{"optimizer":"adam",{BCE},"learningRate":0.01}},"fit":{{"epochs":2,"batchSize":100000}}}}]"#
    ))
    .unwrap();
    let d = data();
    let (x, y, n) = (&d.train.x, &d.train.y, d.train.len());
    let start = r.evaluate(x, y, n).unwrap();
    assert_eq!(start.len(), 2);
    assert_eq!(
        start[0], start[1],
        "the same initial weights, the same loss"
    );
    // What one model built alone from those weights measures.
    let mut alone = r.model(0).unwrap().clone();
    assert_eq!(alone.evaluate(x, y, n).unwrap(), start[0]);
    r.train_epoch().unwrap();
    let after = r.evaluate(x, y, n).unwrap();
    assert_ne!(after[0].loss, after[1].loss, "other updates, other losses");
    assert!(after.iter().all(|e| e.accuracy.is_some()));
}
