//! Preprocessing, splits, folds, augmentation, the 2-D generators and cross-validation.
//! Runs natively and in headless Chromium.

use nnplay::data::{
    augment_images, column_stats, kfold, parse_csv, prepare, split, toy, AugmentConfig, CsvOptions,
    DataConfig, Schema, SplitConfig, Table, Toy, Transform,
};
use nnplay::model_file::ModelFile;
use nnplay::train::predict::predict_rows;
use nnplay::train::{cross_validate, CvSettings};
use nnplay::{
    Activation, DenseConfig, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind, Task,
    TrainConfig, Trainer,
};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn table(text: &str) -> Table {
    parse_csv(text.as_bytes(), &CsvOptions::default()).unwrap()
}

fn schema(t: &Table, config: serde_json::Value) -> Schema {
    let config = DataConfig::default().merged(config).unwrap();
    Schema::resolve(t, &column_stats(t), &config).unwrap()
}

/// 40 rows: `a` = row index (0..39), `b` = 10 × index, label `y` alternating p/q.
fn ramp() -> Table {
    let mut s = String::from("a,b,y\n");
    for i in 0..40 {
        s.push_str(&format!(
            "{i},{},{}\n",
            10 * i,
            if i % 2 == 0 { "p" } else { "q" }
        ));
    }
    table(&s)
}

#[wasm_bindgen_test(unsupported = test)]
fn scaling_statistics_come_from_the_training_part_only() {
    let t = ramp();
    for scaling in ["zscore", "minmax"] {
        let s = schema(
            &t,
            json!({ "scaling": scaling, "split": { "test": 0.25, "validation": 0.25, "seed": 3 } }),
        );
        let p = prepare(&t, &s).unwrap();
        assert_eq!(
            (p.train.len(), p.validation.len(), p.test.len()),
            (20, 10, 10)
        );
        // The raw value of `a` is the table row index; compute the statistics by hand from the
        // training rows alone.
        let a: Vec<f64> = p.train.rows.iter().map(|&r| r as f64).collect();
        let mean = a.iter().sum::<f64>() / a.len() as f64;
        let std = (a.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / a.len() as f64).sqrt();
        let (lo, hi) = a
            .iter()
            .fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
        let sc = &p.preprocessor.scaler;
        if scaling == "zscore" {
            assert!(
                (sc.center[0] as f64 - mean).abs() < 1e-5,
                "{} vs {mean}",
                sc.center[0]
            );
            assert!((sc.spread[0] as f64 - std).abs() < 1e-5);
            // Not the statistics of all 40 rows (mean 19.5).
            assert!(
                (mean - 19.5).abs() > 1e-3,
                "the seed should give a training mean other than 19.5"
            );
        } else {
            assert_eq!((sc.center[0] as f64, sc.spread[0] as f64), (lo, hi - lo));
            // Training values fill [0, 1] exactly; held-out rows may fall outside.
            let col: Vec<f32> = p.train.x.chunks(2).map(|r| r[0]).collect();
            assert_eq!(col.iter().copied().fold(f32::MAX, f32::min), 0.0);
            assert_eq!(col.iter().copied().fold(f32::MIN, f32::max), 1.0);
        }
        // Every part is scaled with those same statistics.
        for part in [&p.train, &p.validation, &p.test] {
            for (k, &r) in part.rows.iter().enumerate() {
                let want = ((r as f64 - sc.center[0] as f64) / sc.spread[0] as f64) as f32;
                assert!((part.x[2 * k] - want).abs() < 1e-5);
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn stratified_splits_keep_class_proportions_within_one_row() {
    // Class sizes chosen so that exact shares are fractional.
    for sizes in [
        vec![50usize, 50],
        vec![90, 10],
        vec![7, 13, 31, 3],
        vec![1, 2, 97],
        vec![5, 5, 5, 5, 5, 5, 5],
    ] {
        let classes: Vec<usize> = sizes
            .iter()
            .enumerate()
            .flat_map(|(c, &n)| std::iter::repeat_n(c, n))
            .collect();
        let n = classes.len();
        for (validation, test) in [(0.0, 0.2), (0.1, 0.3), (0.15, 0.15), (0.0, 0.5)] {
            for seed in 0..5 {
                let config = SplitConfig {
                    validation,
                    test,
                    seed,
                    stratify: true,
                    column: None,
                };
                let s = split(n, Some(&classes), &config).unwrap();
                // Every row in exactly one part.
                let mut all: Vec<usize> = s
                    .train
                    .iter()
                    .chain(&s.validation)
                    .chain(&s.test)
                    .copied()
                    .collect();
                all.sort_unstable();
                assert_eq!(all, (0..n).collect::<Vec<_>>());
                assert_eq!(s.test.len(), (n as f64 * test).round() as usize);
                for (c, &size) in sizes.iter().enumerate() {
                    for (part, ratio) in [(&s.test, test), (&s.validation, validation)] {
                        let count = part.iter().filter(|&&i| classes[i] == c).count() as f64;
                        let exact = size as f64 * ratio;
                        assert!(
                            (count - exact).abs() <= 1.0,
                            "sizes {sizes:?}, class {c}: {count} rows for an exact share of {exact}"
                        );
                    }
                }
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn splits_are_seeded() {
    let config = |seed| SplitConfig {
        validation: 0.2,
        test: 0.2,
        seed,
        stratify: false,
        column: None,
    };
    let a = split(100, None, &config(4)).unwrap();
    assert_eq!(a, split(100, None, &config(4)).unwrap());
    assert_ne!(a.test, split(100, None, &config(5)).unwrap().test);
    assert_eq!(
        (a.train.len(), a.validation.len(), a.test.len()),
        (60, 20, 20)
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn every_row_is_in_exactly_one_test_fold() {
    for (n, k) in [(10, 2), (101, 5), (150, 10), (7, 7)] {
        let classes: Vec<usize> = (0..n).map(|i| (i * 7 % 3) % 3).collect();
        for stratified in [false, true] {
            let folds = kfold(n, stratified.then_some(&classes[..]), k, 11).unwrap();
            assert_eq!(folds.len(), k);
            let mut seen = vec![0; n];
            for f in &folds {
                for &i in f {
                    seen[i] += 1;
                }
            }
            assert!(seen.iter().all(|&s| s == 1), "n {n}, k {k}: {seen:?}");
            let (min, max) = folds
                .iter()
                .fold((n, 0), |(lo, hi), f| (lo.min(f.len()), hi.max(f.len())));
            assert!(max - min <= 1, "fold sizes {min}..{max}");
            if stratified {
                for c in 0..3 {
                    let total = classes.iter().filter(|&&x| x == c).count() as f64;
                    for f in &folds {
                        let count = f.iter().filter(|&&i| classes[i] == c).count() as f64;
                        assert!((count - total / k as f64).abs() < 1.0 + 1e-9);
                    }
                }
            }
        }
    }
}

/// A small mixed file: numeric, categorical and text features, a class label.
const SHOP: &str = "\
price,colour,review,bought
12.5,red,great value and fast delivery,yes
30,blue,broke after a week,no
8.75,red,love it,yes
45,green,too expensive for what it is,no
15,blue,works great,yes
50,green,poor quality,no
9.5,red,great little thing,yes
38,blue,stopped working,no
11,green,really great,yes
42,red,waste of money,no
14,blue,love the colour,yes
47,green,broke quickly,no
";

fn train_small(p: &nnplay::data::Prepared) -> Model {
    let mut model = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: p.inputs(),
        layers: vec![
            DenseConfig::new(4, Activation::Tanh),
            DenseConfig::new(1, Activation::Sigmoid),
        ],
        l1: 0.0,
        l2: 0.0,
        seed: 2,
    })
    .unwrap();
    model
        .compile(
            Loss::BinaryCrossentropy,
            OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.05),
        )
        .unwrap();
    let cfg = TrainConfig {
        epochs: 50,
        batch_size: 4,
        ..TrainConfig::default()
    };
    Trainer::new(
        &model,
        nnplay::Dataset::from_part(&p.train, p.inputs()).unwrap(),
        None,
        cfg,
    )
    .unwrap()
    .fit(&mut model)
    .unwrap();
    model
}

#[wasm_bindgen_test(unsupported = test)]
fn a_saved_model_predicts_on_raw_rows() {
    let t = table(SHOP);
    let s = schema(&t, json!({ "split": { "test": 0.25 } }));
    let p = prepare(&t, &s).unwrap();
    // price (1) + colour (3 categories) + review words.
    assert_eq!(
        p.preprocessor.feature_names()[..4],
        ["price", "colour=blue", "colour=green", "colour=red"]
    );
    let mut model = train_small(&p);
    let expected = model.predict(&p.test.x).unwrap();

    // Save with the preprocessing and class names, load, predict from the raw cells.
    let file = ModelFile::new(
        &model,
        Some(p.preprocessor.clone()),
        Some(p.label_names.clone()),
    );
    let (mut loaded, pre, names) = ModelFile::from_json(&file.to_json())
        .unwrap()
        .into_parts()
        .unwrap();
    let pre = pre.unwrap();
    assert_eq!(pre, p.preprocessor);
    assert_eq!(names.as_deref(), Some(&p.label_names[..]));
    let raw: Vec<Vec<String>> = p
        .test
        .rows
        .iter()
        .map(|&r| t.row(r).map(str::to_string).collect())
        .collect();
    assert_eq!(predict_rows(&mut loaded, &pre, &raw).unwrap(), expected);
    // Feature-only rows (no label column) give the same.
    let features_only: Vec<Vec<String>> = raw.iter().map(|r| r[..3].to_vec()).collect();
    assert_eq!(
        predict_rows(&mut loaded, &pre, &features_only).unwrap(),
        expected
    );
    // A CSV file with the columns reordered and no label is matched by name.
    let mut csv = String::from("review,price,colour\n");
    for r in &raw {
        csv.push_str(&format!("{},{},{}\n", r[2], r[0], r[1]));
    }
    let x = pre.transform_table(&table(&csv)).unwrap();
    assert_eq!(loaded.predict(&x).unwrap(), expected);
    // Bad cells are named by row and column.
    let err = predict_rows(&mut loaded, &pre, &[vec!["cheap", "red", "fine"]]).unwrap_err();
    assert!(
        err.to_string()
            .contains("row 1, column \"price\": the value \"cheap\" is not a number"),
        "{err}"
    );
    let err = predict_rows(&mut loaded, &pre, &[vec!["1", "red"]]).unwrap_err();
    assert!(
        err.to_string().contains("row 1: has 2 values; expected 3"),
        "{err}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn imputed_values_come_from_the_training_part() {
    // `a` is missing in rows 3 and 6 (file rows); its training mean fills it, and the same
    // value fills missing cells at prediction time.
    let t = table("a,c,y\n1,u,p\n,v,q\n3,u,p\n5,,q\n7,v,p\n9,u,q\n11,v,p\n13,u,q\n");
    let s = schema(
        &t,
        json!({ "missing": "impute", "scaling": "none", "split": { "test": 0.25, "seed": 2 } }),
    );
    let p = prepare(&t, &s).unwrap();
    let train_a: Vec<f64> = p
        .train
        .rows
        .iter()
        .filter_map(|&r| t.cell(r, 0).parse::<f64>().ok())
        .collect();
    let mean = (train_a.iter().sum::<f64>() / train_a.len() as f64) as f32;
    let fill = match &p.preprocessor.features[0].encoding {
        nnplay::data::Encoding::Numeric { fill } => *fill,
        other => panic!("{other:?}"),
    };
    assert_eq!(fill, mean);
    let x = p.preprocessor.transform_rows(&[vec!["", "u"]]).unwrap();
    assert_eq!(x[0], mean);
    // The categorical fill is the most frequent training category.
    let fill = match &p.preprocessor.features[1].encoding {
        nnplay::data::Encoding::Categorical { fill, .. } => fill.clone(),
        other => panic!("{other:?}"),
    };
    let count = |v: &str| p.train.rows.iter().filter(|&&r| t.cell(r, 1) == v).count();
    assert!(count(&fill) >= count("u").max(count("v")));
}

#[wasm_bindgen_test(unsupported = test)]
fn augmentation_is_off_by_default_seeded_and_only_on_training_rows() {
    let digits = include_str!("../www/datasets/digits.csv");
    let t = table(digits);
    let plain = prepare(&t, &schema(&t, json!({}))).unwrap();
    let augment = json!({ "augment": { "copies": 2, "noise": 0.5, "seed": 9 } });
    let a = prepare(&t, &schema(&t, augment.clone())).unwrap();
    assert_eq!(a.train.len(), 3 * plain.train.len());
    assert_eq!(
        (a.test.x.clone(), a.test.rows.clone()),
        (plain.test.x.clone(), plain.test.rows.clone())
    );
    // The scaler is fitted on the original training images, so the first third is the
    // plain training part exactly.
    assert_eq!(a.train.x[..plain.train.x.len()], plain.train.x[..]);
    assert_eq!(a.train.rows[..plain.train.len()], plain.train.rows[..]);
    // Copies keep their source's label.
    let n = plain.train.len();
    for k in 0..a.train.len() {
        assert_eq!(a.train.y[k], plain.train.y[k % n]);
    }
    let again = prepare(&t, &schema(&t, augment)).unwrap();
    assert_eq!(again.train.x, a.train.x);
    let other = prepare(
        &t,
        &schema(&t, json!({ "augment": { "copies": 2, "seed": 10 } })),
    )
    .unwrap();
    assert_ne!(other.train.x, a.train.x);
}

#[wasm_bindgen_test(unsupported = test)]
fn shifted_copies_without_noise_are_the_image_moved_by_at_most_one_pixel() {
    // A 4×4 image with distinct pixel values: each copy must equal the image shifted by
    // (dx, dy) in {-1, 0, 1}², zeros coming in at the edge.
    let image: Vec<f32> = (1..=16).map(|v| v as f32).collect();
    let config = AugmentConfig {
        width: 4,
        height: 4,
        copies: 8,
        max_shift: 1,
        noise: 0.0,
        seed: 1,
    };
    let (x, _, _) = augment_images(&image, &[0.0], 16, &config).unwrap();
    let shifted = |dx: isize, dy: isize| -> Vec<f32> {
        (0..16)
            .map(|i| {
                let (r, c) = (i as isize / 4 - dy, i as isize % 4 - dx);
                if (0..4).contains(&r) && (0..4).contains(&c) {
                    image[(r * 4 + c) as usize]
                } else {
                    1.0 // the darkest value of the data
                }
            })
            .collect()
    };
    let candidates: Vec<Vec<f32>> = (-1..=1)
        .flat_map(|dx| (-1..=1).map(move |dy| (dx, dy)))
        .map(|(dx, dy)| shifted(dx, dy))
        .collect();
    for copy in x.chunks(16).skip(1) {
        assert!(candidates.iter().any(|c| c[..] == copy[..]), "{copy:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn toy_sets_follow_playground_rules() {
    for &kind in Toy::ALL {
        let a = toy::generate(kind, 301, 0.0, 5).unwrap();
        assert_eq!((a.points.len(), a.labels.len()), (602, 301));
        assert_eq!(
            a,
            toy::generate(kind, 301, 0.0, 5).unwrap(),
            "{kind:?} is seeded"
        );
        // Without noise the spiral has nothing random (as in Playground).
        if kind != Toy::Spiral {
            assert_ne!(a.points, toy::generate(kind, 301, 0.0, 6).unwrap().points);
        }
        for (p, &l) in a.points.chunks(2).zip(&a.labels) {
            let (x, y) = (p[0], p[1]);
            match kind {
                // Without noise the label is exactly the geometric rule.
                Toy::Circle => {
                    assert_eq!(l, f32::from(u8::from((x * x + y * y).sqrt() < 2.5)));
                    assert!((x * x + y * y).sqrt() <= 5.0 + 1e-4);
                }
                Toy::Xor => {
                    assert_eq!(l, f32::from(u8::from(x * y >= 0.0)));
                    assert!(x.abs() >= 0.3 && y.abs() >= 0.3);
                }
                Toy::Spiral => assert!((x * x + y * y).sqrt() <= 5.0 + 1e-4),
                Toy::Gaussians => assert!(l == 0.0 || l == 1.0),
                Toy::Plane => assert!((l - (x + y) / 10.0).abs() < 1e-6),
                Toy::MultiGaussian => {
                    assert!((-1.0..=1.0).contains(&l));
                    assert_eq!(l, toy::multi_gaussian_label(x, y));
                }
            }
        }
        if kind.task() == Task::Binary {
            // The first class gets the odd point: 151 ones, 150 zeros (xor is random).
            let ones = a.labels.iter().filter(|&&l| l == 1.0).count();
            if kind != Toy::Xor {
                assert_eq!(ones, 151);
            }
        }
    }
    // Gaussian blobs: the sample means sit near the centres (±2, ±2); noise 0.5 gives
    // variance 4 as in Playground.
    let g = toy::generate(Toy::Gaussians, 4000, 0.5, 1).unwrap();
    let ones: Vec<f32> = g
        .points
        .chunks(2)
        .zip(&g.labels)
        .filter(|(_, &l)| l == 1.0)
        .map(|(p, _)| p[0])
        .collect();
    let mean = ones.iter().sum::<f32>() / ones.len() as f32;
    let var = ones.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / ones.len() as f32;
    assert!(
        (mean - 2.0).abs() < 0.15 && (var - 4.0).abs() < 0.4,
        "mean {mean}, variance {var}"
    );
    assert!(toy::generate(Toy::Circle, 1, 0.0, 1).is_err());
    assert!(toy::generate(Toy::Circle, 10, 1.5, 1).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn toy_tables_hold_the_chosen_features() {
    let set = toy::generate(Toy::Spiral, 100, 0.1, 3).unwrap();
    let transforms = [Transform::X1, Transform::X1X2, Transform::SinX2];
    let t = toy::table(&set, &transforms).unwrap();
    assert_eq!(t.names(), ["x1", "x1*x2", "sin(x2)", "label"]);
    for r in 0..t.rows() {
        let (x1, x2) = (set.points[2 * r], set.points[2 * r + 1]);
        let cell = |c: usize| t.cell(r, c).parse::<f32>().unwrap();
        assert_eq!((cell(0), cell(1), cell(2)), (x1, x1 * x2, x2.sin()));
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn cross_validation_scores_every_fold() {
    let set = toy::generate(Toy::Gaussians, 200, 0.0, 1).unwrap();
    let t = toy::table(&set, &[Transform::X1, Transform::X2]).unwrap();
    let s = schema(&t, json!({}));
    let settings = CvSettings {
        model: ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs: 0, // set per fold
            layers: vec![DenseConfig::new(1, Activation::Sigmoid)],
            l1: 0.0,
            l2: 0.0,
            seed: 1,
        },
        compile: nnplay::json::read(json!({ "loss": "binary_crossentropy",
            "optimizer": { "name": "adam", "learningRate": 0.05 } }))
        .unwrap(),
        fit: TrainConfig {
            epochs: 20,
            batch_size: 16,
            ..TrainConfig::default()
        },
        folds: 5,
        seed: 1,
    };
    let report = cross_validate(&t, &s, &settings).unwrap();
    assert_eq!(report.folds.len(), 5);
    assert!(report
        .folds
        .iter()
        .all(|f| f.test_rows == 40 && f.train_rows == 160));
    // Two blobs of variance 0.5 four units apart: logistic regression separates them.
    let acc: Vec<f64> = report.folds.iter().map(|f| f.accuracy.unwrap()).collect();
    let mean = acc.iter().sum::<f64>() / 5.0;
    let std = (acc.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / 5.0).sqrt();
    let summary = report.accuracy.unwrap();
    assert!((summary.mean - mean).abs() < 1e-12 && (summary.std - std).abs() < 1e-12);
    assert!(summary.mean >= 0.95, "{acc:?}");
    assert!(report.r2.is_none());
    // A regression set reports r2 and no accuracy.
    let plane = toy::generate(Toy::Plane, 120, 0.0, 2).unwrap();
    let t = toy::table(&plane, &[Transform::X1, Transform::X2]).unwrap();
    let s = schema(&t, json!({ "labelKind": "number" }));
    let mut settings = settings;
    settings.model.layers = vec![DenseConfig::new(1, Activation::Linear)];
    settings.compile.loss = Loss::MeanSquaredError;
    settings.folds = 3;
    settings.fit.epochs = 60;
    let report = cross_validate(&t, &s, &settings).unwrap();
    assert!(report.accuracy.is_none());
    // The plane is linear in x1, x2: a linear model fits it.
    assert!(report.r2.unwrap().mean > 0.95, "{:?}", report.r2);
    // A class loss on a number label is refused, and so is a validation part.
    let mut class_loss = settings.clone();
    class_loss.compile.loss = Loss::BinaryCrossentropy;
    assert!(cross_validate(&t, &s, &class_loss).is_err());
    settings.fit.validation_split = Some(0.2);
    let err = cross_validate(&t, &s, &settings).unwrap_err().to_string();
    assert!(err.contains("fit.validationSplit"), "{err}");
}

/// A 2-D set's table carries its features bit for bit: the prepared (unscaled) inputs of
/// every row are exactly the transforms of its generated point, whatever the set, the
/// feature choice or the split, and its label is read as classes or a number by its task.
#[wasm_bindgen_test(unsupported = test)]
fn toy_tables_carry_the_generated_features_exactly() {
    use nnplay::data::toy::ToyOptions;
    let feature_sets: [&[Transform]; 3] = [
        &[Transform::X1, Transform::X2],
        Transform::ALL,
        &[Transform::SinX2, Transform::X1X2, Transform::X1Squared],
    ];
    let mut cases = 0;
    for (i, &kind) in Toy::ALL.iter().enumerate() {
        for transforms in feature_sets {
            let options = ToyOptions {
                samples: 203 + 50 * i,
                noise: 0.1 * (i % 3) as f32,
                seed: 7 + i as u64,
                transforms: transforms.to_vec(),
            };
            let set = options.generate(kind).unwrap();
            let (t, config) = options.table(kind).unwrap();
            let config = config
                .merged(json!({ "scaling": "none", "split": { "validation": 0.15, "test": 0.3, "seed": 9 } }))
                .unwrap();
            let s = Schema::resolve(&t, &column_stats(&t), &config).unwrap();
            assert_eq!(s.task, kind.task(), "{kind:?}");
            let p = prepare(&t, &s).unwrap();
            let all = toy::features(&set.points, transforms).unwrap();
            let w = transforms.len();
            for part in [&p.train, &p.validation, &p.test] {
                for (k, &r) in part.rows.iter().enumerate() {
                    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(
                        bits(&part.x[k * w..(k + 1) * w]),
                        bits(&all[r * w..(r + 1) * w]),
                        "{kind:?} {transforms:?} row {r}"
                    );
                    // A number, or the class index of "0" and "1" (in that order): the label.
                    assert_eq!(part.y[k], set.labels[r], "{kind:?} row {r}");
                }
            }
            cases += 1;
        }
    }
    assert_eq!(cases, 6 * 3);
    // Refused before any work: no features, a feature twice.
    let set = toy::generate(Toy::Circle, 50, 0.0, 1).unwrap();
    assert!(toy::table(&set, &[]).is_err());
    let err = toy::table(&set, &[Transform::X1, Transform::X1])
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"x1\" is chosen twice"), "{err}");
}

/// 32-bit FNV-1a, written out here from its published definition (offset basis 2166136261,
/// prime 16777619) to check the hashing encoder independently.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ b as u32).wrapping_mul(16_777_619)
    })
}

#[wasm_bindgen_test(unsupported = test)]
fn hashed_words_land_in_their_fnv1a_buckets() {
    let t = table("note,y\nRed apples and red pears,a\ngreen pears,b\n");
    let s = schema(
        &t,
        json!({ "types": { "note": "text" }, "text": { "method": "hash", "size": 16 }, "scaling": "none", "split": { "test": 0.0 } }),
    );
    let p = prepare(&t, &s).unwrap();
    assert_eq!(p.inputs(), 16);
    assert_eq!(p.preprocessor.feature_names()[3], "note#3");
    let x = p
        .preprocessor
        .transform_rows(&[vec!["Red apples and red pears"]])
        .unwrap();
    let mut want = [0.0f32; 16];
    for w in ["red", "apples", "and", "red", "pears"] {
        want[(fnv1a(w) % 16) as usize] += 1.0;
    }
    assert_eq!(x, want);
}

/// A separate test file goes through the training file's preprocessing: its values are
/// scaled with the training part's statistics, its columns found by name in any order.
#[wasm_bindgen_test(unsupported = test)]
fn a_test_file_goes_through_the_training_preprocessing() {
    // Training: a = 0, 2, 4, 6 (mean 3, population std √5), colour one-hot.
    let train = table("a,colour,y\n0,red,p\n2,blue,q\n4,red,p\n6,blue,q\n");
    // The test file has its columns in another order and an extra one.
    let test = table("id,y,colour,a\n1,q,blue,3\n2,p,red,8\n");
    let s = schema(
        &train,
        json!({ "split": { "test": 0.5 }, "scaling": "zscore" }),
    );
    let p = nnplay::data::prepare_with_test(&train, &s, &test).unwrap();
    // The test share of the split is unused: every training-file row trains.
    assert_eq!(p.train.len(), 4);
    assert_eq!(p.test.rows, [0, 1], "rows of the test file");
    assert_eq!(p.test.y, [1.0, 0.0], "q is class 1, p class 0");
    // z-score with the training statistics: (3 − 3)/√5 = 0, (8 − 3)/√5 = 2.2360680; the
    // one-hot inputs (blue, red) stay 0/1.
    let sd = 5f32.sqrt();
    let want = [0.0, 1.0, 0.0, 5.0 / sd, 0.0, 1.0];
    for (got, want) in p.test.x.iter().zip(want) {
        assert!((got - want).abs() < 1e-6, "{:?}", p.test.x);
    }
    // Asked to, the one-hot inputs are scaled too: mean 0.5, std 0.5 → ±1.
    let s2 = schema(&train, json!({ "scaling": "zscore", "scaleEncoded": true }));
    let p2 = nnplay::data::prepare_with_test(&train, &s2, &test).unwrap();
    let want = [0.0, 1.0, -1.0, 5.0 / sd, -1.0, 1.0];
    for (got, want) in p2.test.x.iter().zip(want) {
        assert!((got - want).abs() < 1e-6, "{:?}", p2.test.x);
    }
    // A test file without a column the model needs is refused, naming it.
    let e = nnplay::data::prepare_with_test(&train, &s, &table("a,y\n1,p\n"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("the test file")
            && e.contains("no column \"colour\"")
            && e.contains("\"a\", \"y\""),
        "{e}"
    );
    // A class the training file does not have, named by its row in the test file.
    let e = nnplay::data::prepare_with_test(&train, &s, &table("a,colour,y\n1,red,p\n1,red,z\n"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("the test file, row 3, column \"y\"")
            && e.contains("\"z\"")
            && e.contains("not one of the label's classes"),
        "{e}"
    );
    // Missing values in the test file follow the policy: drop_rows leaves them out.
    let s = schema(&train, json!({ "missing": "drop_rows", "scaling": "none" }));
    let p = nnplay::data::prepare_with_test(
        &train,
        &s,
        &table("a,colour,y\n1,red,p\n,red,q\n5,blue,q\n"),
    )
    .unwrap();
    assert_eq!(
        (p.test.rows.clone(), p.test_dropped.clone()),
        (vec![0, 2], vec![3])
    );
}

/// A split column puts each row in the part it names; the column is no input.
#[wasm_bindgen_test(unsupported = test)]
fn a_split_column_names_each_rows_part() {
    let t = table("a,part,y\n1,train,p\n2,TRAIN,q\n3,val,p\n4,test,q\n5,Training,p\n6,testing,q\n");
    let s = schema(
        &t,
        json!({ "split": { "column": "part" }, "scaling": "none" }),
    );
    assert_eq!(s.features(), [0], "only a is an input");
    let p = prepare(&t, &s).unwrap();
    assert_eq!(p.train.rows, [0, 1, 4]);
    assert_eq!(p.validation.rows, [2]);
    assert_eq!(p.test.rows, [3, 5]);
    assert_eq!(p.test.x, [4.0, 6.0]);
    // A value that names no part is an error naming its cell.
    let t = table("a,part,y\n1,train,p\n2,holdout,q\n");
    let e = prepare(&t, &schema(&t, json!({ "split": { "column": "part" } })))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("row 3, column \"part\"")
            && e.contains("\"holdout\"")
            && e.contains("train, validation or test"),
        "{e}"
    );
    // The label cannot say the split; an unknown column is named.
    let config = DataConfig::default()
        .merged(json!({ "split": { "column": "y" } }))
        .unwrap();
    let e = Schema::resolve(&t, &column_stats(&t), &config)
        .unwrap_err()
        .to_string();
    assert!(e.contains("split.column") && e.contains("label"), "{e}");
    let config = DataConfig::default()
        .merged(json!({ "split": { "column": "nope" } }))
        .unwrap();
    let e = Schema::resolve(&t, &column_stats(&t), &config)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("split.column") && e.contains("no column \"nope\""),
        "{e}"
    );
}

/// `split: { test: 0, validation: 0 }` trains on every row.
#[wasm_bindgen_test(unsupported = test)]
fn no_test_and_no_validation_part_trains_on_every_row() {
    let t = ramp();
    let p = prepare(
        &t,
        &schema(&t, json!({ "split": { "test": 0.0, "validation": 0.0 } })),
    )
    .unwrap();
    assert_eq!(
        (p.train.len(), p.validation.len(), p.test.len()),
        (40, 0, 0)
    );
}

/// Word columns give counts, or 1 for presence when asked; neither is scaled by default.
#[wasm_bindgen_test(unsupported = test)]
fn word_columns_give_counts_or_presence_unscaled() {
    let t = table("note,n,y\nrain rain sun,1,p\nsun,2,q\nrain,3,p\nsun sun,4,q\n");
    let config = |presence: bool| json!({ "types": { "note": "text" }, "text": { "presence": presence }, "split": { "test": 0.0 }, "scaling": "minmax" });
    let rows = |p: &nnplay::data::Prepared| -> Vec<Vec<f32>> {
        let mut order: Vec<usize> = (0..p.train.len()).collect();
        order.sort_by_key(|&i| p.train.rows[i]);
        order
            .iter()
            .map(|&i| p.train.x[i * 3..i * 3 + 3].to_vec())
            .collect()
    };
    // Vocabulary by document frequency: rain (2 rows), sun (3 rows) → sun first, then rain;
    // `n` min-max scaled from [1, 4]: 0, 1/3, 2/3, 1.
    let p = prepare(&t, &schema(&t, config(false))).unwrap();
    assert_eq!(
        p.preprocessor.feature_names(),
        ["note:sun", "note:rain", "n"]
    );
    let third = 1.0 / 3.0;
    assert_eq!(
        rows(&p),
        [
            [1.0, 2.0, 0.0],
            [1.0, 0.0, third],
            [0.0, 1.0, 2.0 * third],
            [2.0, 0.0, 1.0]
        ]
    );
    let p = prepare(&t, &schema(&t, config(true))).unwrap();
    assert_eq!(
        rows(&p),
        [
            [1.0, 1.0, 0.0],
            [1.0, 0.0, third],
            [0.0, 1.0, 2.0 * third],
            [1.0, 0.0, 1.0]
        ]
    );
    // The stored preprocessing reads a new sentence the same way.
    let x = p
        .preprocessor
        .transform_rows(&[vec!["Sun, sun and rain!", "4", "p"]])
        .unwrap();
    assert_eq!(x, [1.0, 1.0, 1.0]);
}

/// A text column as token ids: the words in most training rows get ids 2, 3, … in that
/// order, any other word 1, the end of a text 0; a longer text is cut at the length; the
/// ids are never scaled; raw rows transform the same way.
#[wasm_bindgen_test(unsupported = test)]
fn text_becomes_padded_token_ids() {
    // "good" is in 3 training rows, "bad" in 2, "film" in 2 ("a" < "film" < "not"
    // alphabetically among the ties of 1).
    let mut csv = String::from("text,label\n");
    for (text, label) in [
        ("good film", "p"),
        ("bad film", "n"),
        ("good good good", "p"),
        ("not bad", "n"),
        ("a good one", "p"),
        ("very very long text of many words here", "n"),
    ] {
        csv.push_str(&format!("{text},{label}\n"));
    }
    let t = table(&csv);
    let s = schema(
        &t,
        json!({ "scaling": "zscore", "split": { "test": 0.0 },
                "text": { "method": "sequence", "length": 4, "size": 3 } }),
    );
    let data = prepare(&t, &s).unwrap();
    let pre = &data.preprocessor;
    assert_eq!(pre.width(), 4);
    // Vocabulary by document frequency: good (3 rows), bad (2), film (2); ties
    // alphabetically. Ids: pad 0, other 1, good 2, bad 3, film 4.
    assert_eq!(pre.features[0].token_ids(), Some(5));
    assert_eq!(
        pre.feature_names(),
        ["text@1", "text@2", "text@3", "text@4"]
    );
    let rows: Vec<Vec<&str>> = vec![
        vec!["good film"],
        vec!["Bad, BAD film!"],
        vec!["unknown good"],
        vec!["film good bad good film"],
    ];
    let x = pre.transform_rows(&rows).unwrap();
    assert_eq!(
        x,
        [
            2.0, 4.0, 0.0, 0.0, // good film
            3.0, 3.0, 4.0, 0.0, // bad bad film
            1.0, 2.0, 0.0, 0.0, // (other) good
            4.0, 2.0, 3.0, 2.0, // cut after four words
        ]
    );
    // The training part holds the same ids, unscaled despite z-scores.
    assert!(data
        .train
        .x
        .iter()
        .all(|&v| v.fract() == 0.0 && (0.0..5.0).contains(&v)));
    let e = DataConfig::default()
        .merged(json!({ "text": { "method": "sequence", "length": 0 } }))
        .and_then(|c| c.check().map(|_| c))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("text.length") && e.contains("between 1 and 1000"),
        "{e}"
    );
}
