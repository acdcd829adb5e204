//! k-fold cross-validation: for each fold, the preprocessing is fitted on the other folds,
//! a fresh model (same architecture and seed) is trained on them and scored on the fold.

use serde::Serialize;

use super::pipeline::Preprocessor;
use super::prepare::usable_rows;
use super::schema::Schema;
use super::split::kfold;
use super::table::Table;
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::loss::{Loss, Task};
use crate::metrics::regression_report;
use crate::model::{Model, ModelConfig};
use crate::optim::OptimizerConfig;
use crate::train::{TrainConfig, Trainer};

/// What to train in each fold. `model.inputs` is set per fold from the fitted
/// preprocessing.
#[derive(Clone, Debug, PartialEq)]
pub struct CvSettings {
    pub model: ModelConfig,
    pub loss: Loss,
    pub optimizer: OptimizerConfig,
    pub train: TrainConfig,
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
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
/// Data problems (as in [`super::prepare::prepare`]), fewer rows than folds, an invalid
/// model or training setting, or a diverging run.
pub fn cross_validate(table: &Table, schema: &Schema, settings: &CvSettings) -> Result<CvReport> {
    let rows = usable_rows(table, schema)?;
    let classes = rows.classes(schema);
    let folds = kfold(
        rows.kept.len(),
        classes.as_deref(),
        settings.folds,
        settings.seed,
    )?;
    if settings.loss.task() == Task::Regression && schema.task != Task::Regression
        || settings.loss.task() != Task::Regression && schema.task == Task::Regression
    {
        return Err(Error::config(
            "loss",
            format!(
                "{} does not fit a {} label",
                settings.loss.name(),
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
        model.compile(settings.loss, settings.optimizer.clone())?;
        let mut trainer = Trainer::new(&model, train_set, None, settings.train.clone())?;
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
