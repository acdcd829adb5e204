//! Learning curves: how the scores on the training rows and on the test part move as the
//! training set grows. For each size and each seed, a fresh model (initial weights from that
//! seed) trains on that many rows drawn from the training part (a shuffle by the same seed,
//! stratified for classification so that every class keeps its share), and is scored on the
//! rows it trained on and on the whole test part; the runs of one size are summarised by
//! their mean and standard deviation, as scikit-learn's `learning_curve` reports them. The
//! preprocessing is the data's, fitted on the whole training part.

use serde::{Deserialize, Serialize};

use crate::data::Prepared;
use crate::error::{Error, Result};
use crate::nn::{CompileOptions, Model, ModelConfig};
use crate::rng::Rng;
use crate::task::Task;
use crate::train::cv::MeanStd;
use crate::train::dataset::Dataset;
use crate::train::{TrainConfig, Trainer};

/// `{ model, compile, fit, sizes, seeds }` (`model` without `inputs`, which the data gives;
/// `fit` without a validation part).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CurveSettings {
    pub model: ModelConfig,
    pub compile: CompileOptions,
    #[serde(default)]
    pub fit: TrainConfig,
    /// Fractions of the training part, ascending, in `(0, 1]`; a fraction `f` of `n` rows
    /// trains on `floor(f · n)` rows (at least one), as scikit-learn's `learning_curve`.
    #[serde(default = "default_sizes")]
    pub sizes: Vec<f64>,
    /// One run per seed at each size.
    #[serde(default = "default_seeds")]
    pub seeds: Vec<u64>,
}

/// scikit-learn's `learning_curve` default, `np.linspace(0.1, 1.0, 5)`.
fn default_sizes() -> Vec<f64> {
    vec![0.1, 0.325, 0.55, 0.775, 1.0]
}

fn default_seeds() -> Vec<u64> {
    vec![1, 2, 3]
}

/// One run: a size and a seed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurveRun {
    pub seed: u64,
    pub epochs: usize,
    pub train_loss: f64,
    pub test_loss: f64,
    /// Classification only.
    pub train_accuracy: Option<f64>,
    pub test_accuracy: Option<f64>,
}

/// All runs of one training-set size and their summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    pub fraction: f64,
    /// Training rows used.
    pub rows: usize,
    pub train_loss: Option<MeanStd>,
    pub test_loss: Option<MeanStd>,
    pub train_accuracy: Option<MeanStd>,
    pub test_accuracy: Option<MeanStd>,
    pub runs: Vec<CurveRun>,
}

/// The learning curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningCurve {
    pub task: Task,
    pub test_rows: usize,
    pub points: Vec<CurvePoint>,
}

impl CurveSettings {
    /// # Errors
    /// Sizes out of `(0, 1]` or not ascending, no seed, or a validation split.
    pub fn check(&self) -> Result<()> {
        if self.sizes.is_empty() {
            return Err(Error::config(
                "sizes",
                "give at least one training-set size",
            ));
        }
        for (i, &s) in self.sizes.iter().enumerate() {
            if !(s > 0.0 && s <= 1.0) {
                return Err(Error::config(
                    format!("sizes[{i}]"),
                    format!("must be a fraction of the training part in (0, 1], got {s}"),
                ));
            }
            if i > 0 && s <= self.sizes[i - 1] {
                return Err(Error::config(
                    format!("sizes[{i}]"),
                    format!(
                        "must be above the size before ({}), got {s}",
                        self.sizes[i - 1]
                    ),
                ));
            }
        }
        if self.seeds.is_empty() {
            return Err(Error::config("seeds", "give at least one seed"));
        }
        if self.fit.validation_split.is_some() {
            return Err(Error::config(
                "fit.validationSplit",
                "a learning curve scores on the test part; it takes no validation split",
            ));
        }
        Ok(())
    }
}

/// The first `n` rows of `order` (indices into the training part), taken class by class in
/// proportion for classification (`classes` per row), so that a small set keeps every class.
fn pick(order: &[usize], classes: Option<&[usize]>, n: usize) -> Vec<usize> {
    let Some(classes) = classes else {
        return order[..n].to_vec();
    };
    let k = classes.iter().copied().max().map_or(0, |m| m + 1);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); k];
    for &i in order {
        by_class[classes[i]].push(i);
    }
    // Largest remainders: each class gets floor(n · share), the rest go to the largest
    // fractions (ties to the lower class).
    let total = order.len() as f64;
    let exact: Vec<f64> = by_class
        .iter()
        .map(|c| n as f64 * c.len() as f64 / total)
        .collect();
    let mut take: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut left = n - take.iter().sum::<usize>();
    let mut rank: Vec<usize> = (0..k).collect();
    rank.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for &c in rank.iter().cycle().take(k * 2) {
        if left == 0 {
            break;
        }
        if take[c] < by_class[c].len() {
            take[c] += 1;
            left -= 1;
        }
    }
    let mut picked: Vec<usize> = by_class
        .iter()
        .zip(&take)
        .flat_map(|(c, &t)| c[..t].iter().copied())
        .collect();
    let mut place = vec![0usize; order.len()];
    for (p, &i) in order.iter().enumerate() {
        place[i] = p;
    }
    picked.sort_unstable_by_key(|&i| place[i]);
    picked
}

/// Computes the learning curve of `settings` on `data`.
///
/// # Errors
/// Invalid settings ([`CurveSettings::check`], the model or training settings), an empty
/// test part, or a diverging run.
pub fn learning_curve(data: &Prepared, settings: &CurveSettings) -> Result<LearningCurve> {
    settings.check()?;
    let compiled = settings.compile.settings();
    if (compiled.loss.task() == Task::Regression) != (data.task == Task::Regression) {
        return Err(Error::config(
            "loss",
            format!("{} does not fit this data's label", compiled.loss.name()),
        ));
    }
    let inputs = data.preprocessor.width();
    let train = Dataset::from_part(&data.train, inputs)?;
    if data.test.is_empty() {
        return Err(Error::data(
            "the test part",
            "has no rows; a learning curve scores on it",
        ));
    }
    let test = Dataset::from_part(&data.test, inputs)?;
    let classes: Option<Vec<usize>> =
        (data.task != Task::Regression).then(|| data.train.y.iter().map(|&c| c as usize).collect());
    let mut points = Vec::with_capacity(settings.sizes.len());
    for &fraction in &settings.sizes {
        let n = ((fraction * train.rows() as f64).floor() as usize).clamp(1, train.rows());
        let mut runs = Vec::with_capacity(settings.seeds.len());
        for &seed in &settings.seeds {
            let mut order: Vec<usize> = (0..train.rows()).collect();
            Rng::seed(seed).shuffle(&mut order);
            let subset = train.select(&pick(&order, classes.as_deref(), n));
            let mut config = settings.model.clone();
            config.inputs = inputs;
            config.seed = seed;
            let mut model = Model::new(config)?;
            model.compile(compiled.loss, compiled.optimizer.clone())?;
            let mut trainer = Trainer::new(&model, subset.clone(), None, settings.fit.clone())?;
            let epochs = trainer.fit(&mut model)?.epochs.len();
            let on_train = model.evaluate(subset.x_slice(), subset.y_slice(), subset.rows())?;
            let on_test = model.evaluate(test.x_slice(), test.y_slice(), test.rows())?;
            runs.push(CurveRun {
                seed,
                epochs,
                train_loss: on_train.loss,
                test_loss: on_test.loss,
                train_accuracy: on_train.accuracy,
                test_accuracy: on_test.accuracy,
            });
        }
        let summary = |f: fn(&CurveRun) -> Option<f64>| -> Option<MeanStd> {
            let v: Option<Vec<f64>> = runs.iter().map(f).collect();
            v.and_then(|v| MeanStd::of(&v))
        };
        points.push(CurvePoint {
            fraction,
            rows: n,
            train_loss: summary(|r| Some(r.train_loss)),
            test_loss: summary(|r| Some(r.test_loss)),
            train_accuracy: summary(|r| r.train_accuracy),
            test_accuracy: summary(|r| r.test_accuracy),
            runs,
        });
    }
    Ok(LearningCurve {
        task: data.task,
        test_rows: test.rows(),
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_set_keeps_every_class_in_proportion() {
        // 10 rows: 6 of class 0, 3 of class 1, 1 of class 2, in this shuffled order.
        let classes = [0, 1, 0, 0, 2, 1, 0, 0, 1, 0];
        let order: Vec<usize> = (0..10).collect();
        // 5 rows: exact shares 3, 1.5, 0.5 → 3 + 1 + 0 = 4, one more to the largest
        // remainder (classes 1 and 2 tie at 0.5: the lower class wins).
        let p = pick(&order, Some(&classes), 5);
        let count = |c| p.iter().filter(|&&i| classes[i] == c).count();
        assert_eq!((count(0), count(1), count(2)), (3, 2, 0));
        assert_eq!(
            p,
            [0, 1, 2, 3, 5],
            "the first rows of each class, in shuffled order"
        );
        assert_eq!(pick(&order, None, 3), [0, 1, 2]);
        assert_eq!(pick(&order, Some(&classes), 10).len(), 10);
    }
}
