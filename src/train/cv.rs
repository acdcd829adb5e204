//! k-fold cross-validation: for each fold, the preprocessing is fitted on the other folds,
//! a fresh model (same architecture and seed) is trained on them and scored on the fold.

use serde::{Deserialize, Serialize};

use crate::data::prepare::usable_rows;
use crate::data::split::kfold;
use crate::data::{Preprocessor, Schema, Table};
use crate::error::{Error, Result};
use crate::nn::{CompileOptions, Model, ModelConfig};
use crate::task::Task;
use crate::train::dataset::Dataset;
use crate::train::metrics::regression_report;
use crate::train::{TrainConfig, Trainer};

/// What to train in each fold: `{ model, compile, fit, folds: 5, seed: 1 }` (`model`
/// without `inputs`, which each fold's fitted preprocessing decides; `fit` without a
/// validation part).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CvSettings {
    pub model: ModelConfig,
    pub compile: CompileOptions,
    #[serde(default)]
    pub fit: TrainConfig,
    #[serde(default = "five")]
    pub folds: usize,
    /// Seed of the fold assignment.
    #[serde(default = "one")]
    pub seed: u64,
}

/// Five folds unless told otherwise (scikit-learn's `cross_val_score` default).
fn five() -> usize {
    5
}

fn one() -> u64 {
    1
}

/// Scores on one fold's held-out rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FoldScore {
    /// 1-based fold number.
    pub fold: usize,
    pub train_rows: usize,
    pub test_rows: usize,
    pub epochs: usize,
    pub loss: f64,
    /// Classification only.
    pub accuracy: Option<f64>,
    /// Regression only.
    pub rmse: Option<f64>,
    pub mae: Option<f64>,
    pub r2: Option<f64>,
}

/// Mean and standard deviation over folds (population standard deviation, as NumPy's
/// `std()` with its default `ddof=0`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MeanStd {
    pub mean: f64,
    pub std: f64,
}

impl MeanStd {
    pub fn of(values: &[f64]) -> Option<MeanStd> {
        if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        Some(MeanStd {
            mean,
            std: var.sqrt(),
        })
    }
}

/// All folds and their summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CvReport {
    pub task: Task,
    pub folds: Vec<FoldScore>,
    pub loss: Option<MeanStd>,
    pub accuracy: Option<MeanStd>,
    pub rmse: Option<MeanStd>,
    pub mae: Option<MeanStd>,
    pub r2: Option<MeanStd>,
}

/// Runs k-fold cross-validation on a configured table (stratified for classification).
/// The schema's split ratios are not used: each fold in turn is the test part.
///
/// # Errors
/// Data problems (as in [`crate::data::prepare()`]), fewer rows than folds, an invalid
/// model or training setting, or a diverging run.
pub fn cross_validate(table: &Table, schema: &Schema, settings: &CvSettings) -> Result<CvReport> {
    let compiled = settings.compile.settings();
    if settings.fit.validation_split.is_some() {
        return Err(Error::config(
            "fit.validationSplit",
            "cross-validation has no validation part: each fold in turn is the test part",
        ));
    }
    let rows = usable_rows(table, schema)?;
    let classes = rows.classes(schema);
    let folds = kfold(
        rows.kept.len(),
        classes.as_deref(),
        settings.folds,
        settings.seed,
    )?;
    if compiled.loss.task() == Task::Regression && schema.task != Task::Regression
        || compiled.loss.task() != Task::Regression && schema.task == Task::Regression
    {
        return Err(Error::config(
            "loss",
            format!(
                "{} does not fit a {} label",
                compiled.loss.name(),
                if schema.task == Task::Regression {
                    "number"
                } else {
                    "class"
                }
            ),
        ));
    }
    let mut scores = Vec::with_capacity(folds.len());
    for (k, test) in folds.iter().enumerate() {
        let mut train: Vec<usize> = folds
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        train.sort_unstable();
        let table_rows = |pos: &[usize]| pos.iter().map(|&p| rows.kept[p]).collect::<Vec<_>>();
        let targets = |pos: &[usize]| pos.iter().map(|&p| rows.targets[p]).collect::<Vec<_>>();
        let (pre, mut x_train) = Preprocessor::fit(table, schema, &table_rows(&train))?;
        pre.scale(&mut x_train);
        let mut x_test = pre.encode_rows(table, &table_rows(test))?;
        pre.scale(&mut x_test);
        let inputs = pre.width();
        let train_set = Dataset::from_vecs(x_train, inputs, targets(&train), 1)?;
        let test_y = targets(test);
        let mut config = settings.model.clone();
        config.inputs = inputs;
        let mut model = Model::new(config)?;
        model.compile(compiled.loss, compiled.optimizer.clone())?;
        let mut trainer = Trainer::new(&model, train_set, None, settings.fit.clone())?;
        let epochs = trainer.fit(&mut model)?.epochs.len();
        let eval = model.evaluate(&x_test, &test_y, test.len())?;
        let (rmse, mae, r2) = if schema.task == Task::Regression {
            let p = model.predict(&x_test)?;
            let r = regression_report(&test_y, &p)?;
            (Some(r.rmse), Some(r.mae), Some(r.r2))
        } else {
            (None, None, None)
        };
        scores.push(FoldScore {
            fold: k + 1,
            train_rows: train.len(),
            test_rows: test.len(),
            epochs,
            loss: eval.loss,
            accuracy: eval.accuracy,
            rmse,
            mae,
            r2,
        });
    }
    let summary = |f: fn(&FoldScore) -> Option<f64>| -> Option<MeanStd> {
        let v: Option<Vec<f64>> = scores.iter().map(f).collect();
        v.and_then(|v| MeanStd::of(&v))
    };
    Ok(CvReport {
        task: schema.task,
        loss: summary(|s| Some(s.loss)),
        accuracy: summary(|s| s.accuracy),
        rmse: summary(|s| s.rmse),
        mae: summary(|s| s.mae),
        r2: summary(|s| s.r2),
        folds: scores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_population_std_by_hand() {
        // 0.8, 0.9, 1.0: mean 0.9, variance (0.01 + 0 + 0.01) / 3, std 0.0816497.
        let m = MeanStd::of(&[0.8, 0.9, 1.0]).unwrap();
        assert!((m.mean - 0.9).abs() < 1e-12);
        assert!((m.std - 0.081_649_658).abs() < 1e-9);
        assert_eq!(MeanStd::of(&[]), None);
    }
}
