//! Evaluation metrics for classification and regression, computed from predictions.
//!
//! Binary metrics take probabilities and a threshold (`score >= threshold` predicts the
//! positive class, as scikit-learn's `predict` does for 0.5). Multiclass metrics take class
//! indices.

use serde::Serialize;

use crate::error::{Error, Result};

/// A `classes × classes` confusion matrix: `counts[true][predicted]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfusionMatrix {
    pub classes: usize,
    pub counts: Vec<Vec<u64>>,
}

impl ConfusionMatrix {
    /// Counts pairs of `(truth, predicted)` class indices (each below `classes`).
    pub fn new(truth: &[usize], predicted: &[usize], classes: usize) -> Result<Self> {
        same_len(truth.len(), predicted.len())?;
        let mut counts = vec![vec![0u64; classes]; classes];
        for (i, (&t, &p)) in truth.iter().zip(predicted).enumerate() {
            if t >= classes || p >= classes {
                return Err(Error::data(
                    "labels",
                    format!("row {}: class {} is not below {classes}", i + 1, t.max(p)),
                ));
            }
            counts[t][p] += 1;
        }
        Ok(ConfusionMatrix { classes, counts })
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    pub fn accuracy(&self) -> f64 {
        let correct: u64 = (0..self.classes).map(|c| self.counts[c][c]).sum();
        ratio(correct, self.total())
    }

    /// `(true positives, false positives, false negatives)` for class `c`.
    fn tp_fp_fn(&self, c: usize) -> (u64, u64, u64) {
        let tp = self.counts[c][c];
        let predicted: u64 = (0..self.classes).map(|t| self.counts[t][c]).sum();
        let actual: u64 = self.counts[c].iter().sum();
        (tp, predicted - tp, actual - tp)
    }

    /// Precision, recall and F1 of class `c` (0 where undefined, as scikit-learn's
    /// `zero_division=0`).
    pub fn class_scores(&self, c: usize) -> Scores {
        let (tp, fp, fn_) = self.tp_fp_fn(c);
        scores(tp, fp, fn_)
    }

    /// Unweighted mean of the per-class scores.
    pub fn macro_scores(&self) -> Scores {
        let k = self.classes as f64;
        let mut s = Scores::default();
        for c in 0..self.classes {
            let cs = self.class_scores(c);
            s.precision += cs.precision / k;
            s.recall += cs.recall / k;
            s.f1 += cs.f1 / k;
        }
        s
    }

    /// Scores from the pooled counts of all classes.
    pub fn micro_scores(&self) -> Scores {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for c in 0..self.classes {
            let (a, b, d) = self.tp_fp_fn(c);
            tp += a;
            fp += b;
            fn_ += d;
        }
        scores(tp, fp, fn_)
    }
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn scores(tp: u64, fp: u64, fn_: u64) -> Scores {
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = ratio(2 * tp, 2 * tp + fp + fn_);
    Scores {
        precision,
        recall,
        f1,
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn same_len(a: usize, b: usize) -> Result<()> {
    if a != b {
        return Err(Error::shape(
            "predictions",
            format!("{a} (one per target)"),
            b,
        ));
    }
    if a == 0 {
        return Err(Error::data("predictions", "there are none to score"));
    }
    Ok(())
}

/// Binary classification report at a threshold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BinaryReport {
    pub threshold: f32,
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub confusion: ConfusionMatrix,
    /// `None` when only one class is present.
    pub roc_auc: Option<f64>,
}

/// Scores binary predictions: `truth` in {0, 1}, `scores` probabilities of class 1.
pub fn binary_report(truth: &[f32], scores: &[f32], threshold: f32) -> Result<BinaryReport> {
    same_len(truth.len(), scores.len())?;
    let t: Vec<usize> = truth.iter().map(|&v| usize::from(v >= 0.5)).collect();
    let p: Vec<usize> = scores
        .iter()
        .map(|&s| usize::from(s >= threshold))
        .collect();
    let confusion = ConfusionMatrix::new(&t, &p, 2)?;
    let s = confusion.class_scores(1);
    Ok(BinaryReport {
        threshold,
        accuracy: confusion.accuracy(),
        precision: s.precision,
        recall: s.recall,
        f1: s.f1,
        confusion,
        roc_auc: roc_auc(truth, scores)?,
    })
}

/// Points `(false positive rate, true positive rate, threshold)` of the ROC curve, one per
/// distinct score, from the highest threshold down (starting at (0, 0)).
pub fn roc_curve(truth: &[f32], scores: &[f32]) -> Result<Vec<(f64, f64, f32)>> {
    same_len(truth.len(), scores.len())?;
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let pos = truth.iter().filter(|&&t| t >= 0.5).count() as f64;
    let neg = truth.len() as f64 - pos;
    let mut points = vec![(0.0, 0.0, f32::INFINITY)];
    let (mut tp, mut fp) = (0.0, 0.0);
    for (k, &i) in idx.iter().enumerate() {
        if truth[i] >= 0.5 {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_tie = k + 1 == idx.len() || scores[idx[k + 1]] != scores[i];
        if last_of_tie {
            points.push((
                if neg > 0.0 { fp / neg } else { 0.0 },
                if pos > 0.0 { tp / pos } else { 0.0 },
                scores[i],
            ));
        }
    }
    Ok(points)
}

/// Area under the ROC curve (trapezoids, so tied scores count one half), `None` when only
/// one class is present.
pub fn roc_auc(truth: &[f32], scores: &[f32]) -> Result<Option<f64>> {
    let pos = truth.iter().filter(|&&t| t >= 0.5).count();
    if pos == 0 || pos == truth.len() {
        return Ok(None);
    }
    let pts = roc_curve(truth, scores)?;
    let area = pts
        .windows(2)
        .map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0)
        .sum();
    Ok(Some(area))
}

/// Points `(recall, precision, threshold)` of the precision–recall curve, one per distinct
/// score from the highest threshold down, after the start `(0, 1)` — scikit-learn's
/// `precision_recall_curve` read backwards. `None` when no row is positive.
pub fn pr_curve(truth: &[f32], scores: &[f32]) -> Result<Option<Vec<(f64, f64, f32)>>> {
    let roc = roc_curve(truth, scores)?;
    let pos = truth.iter().filter(|&&t| t >= 0.5).count() as f64;
    let neg = truth.len() as f64 - pos;
    if pos == 0.0 {
        return Ok(None);
    }
    let mut points = vec![(0.0, 1.0, f32::INFINITY)];
    for &(fpr, tpr, threshold) in &roc[1..] {
        let (tp, fp) = (tpr * pos, fpr * neg);
        points.push((tpr, tp / (tp + fp), threshold));
    }
    Ok(Some(points))
}

/// Average precision, `Σ (R_n − R_{n−1}) P_n` over the thresholds from the highest down
/// (scikit-learn's `average_precision_score`: no interpolation). `None` when no row is
/// positive.
pub fn average_precision(truth: &[f32], scores: &[f32]) -> Result<Option<f64>> {
    Ok(
        pr_curve(truth, scores)?
            .map(|pts| pts.windows(2).map(|w| (w[1].0 - w[0].0) * w[1].1).sum()),
    )
}

/// Multiclass classification report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MulticlassReport {
    pub accuracy: f64,
    pub macro_scores: Scores,
    pub micro_scores: Scores,
    pub per_class: Vec<Scores>,
    pub confusion: ConfusionMatrix,
}

/// Scores multiclass predictions given as class indices.
pub fn multiclass_report(
    truth: &[usize],
    predicted: &[usize],
    classes: usize,
) -> Result<MulticlassReport> {
    let confusion = ConfusionMatrix::new(truth, predicted, classes)?;
    Ok(MulticlassReport {
        accuracy: confusion.accuracy(),
        macro_scores: confusion.macro_scores(),
        micro_scores: confusion.micro_scores(),
        per_class: (0..classes).map(|c| confusion.class_scores(c)).collect(),
        confusion,
    })
}

/// Every metric of a model on some rows, as the page and the API report them (camelCase,
/// the task as a `task` field; the confusion matrix as `counts[true][predicted]`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(
    tag = "task",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Report {
    Binary {
        accuracy: f64,
        precision: f64,
        recall: f64,
        f1: f64,
        threshold: f32,
        confusion: Vec<Vec<u64>>,
        roc_auc: Option<f64>,
        /// `(false positive rate, true positive rate)` from the highest threshold down.
        roc: Vec<[f64; 2]>,
        /// `None` when the part has no positive row.
        average_precision: Option<f64>,
        /// `(recall, precision)` from the highest threshold down (empty without positives).
        pr: Vec<[f64; 2]>,
    },
    Multiclass {
        accuracy: f64,
        #[serde(rename = "macro")]
        macro_scores: Scores,
        #[serde(rename = "micro")]
        micro_scores: Scores,
        per_class: Vec<Scores>,
        confusion: Vec<Vec<u64>>,
    },
    Regression {
        mse: f64,
        rmse: f64,
        mae: f64,
        r2: f64,
    },
}

/// The metrics of `model` on `x` (`rows × inputs`) against `y` (one row of targets per
/// row: class indices, one-hot rows or numbers), binary ones at `threshold`.
///
/// # Errors
/// An uncompiled model, or data that does not fit it or its loss.
pub fn report(
    model: &mut crate::nn::Model,
    x: &[f32],
    y: &[f32],
    threshold: f32,
) -> Result<Report> {
    use crate::nn::argmax;
    use crate::task::Task;
    let loss = model.loss().ok_or_else(crate::nn::model::not_compiled)?;
    let inputs = model.inputs();
    if x.is_empty() || x.len() % inputs != 0 {
        return Err(Error::shape(
            "features",
            format!("a non-empty multiple of {inputs} values (rows × inputs)"),
            x.len(),
        ));
    }
    let rows = x.len() / inputs;
    let outputs = model.outputs();
    if y.len() % rows != 0 {
        return Err(Error::shape(
            "targets",
            format!("one row of targets per feature row ({rows} rows)"),
            format!("{} values", y.len()),
        ));
    }
    let target_cols = y.len() / rows;
    loss.check_targets(y, target_cols, outputs)?;
    let p = model.predict(x)?;
    Ok(match (loss.task(), outputs) {
        (Task::Binary, 1) => {
            let r = binary_report(y, &p, threshold)?;
            let roc = roc_curve(y, &p)?;
            let pr = pr_curve(y, &p)?;
            Report::Binary {
                average_precision: average_precision(y, &p)?,
                pr: pr.iter().flatten().map(|&(r, prec, _)| [r, prec]).collect(),
                accuracy: r.accuracy,
                precision: r.precision,
                recall: r.recall,
                f1: r.f1,
                threshold: r.threshold,
                confusion: r.confusion.counts,
                roc_auc: r.roc_auc,
                roc: roc.iter().map(|&(f, t, _)| [f, t]).collect(),
            }
        }
        (Task::Multiclass, _) | (Task::Binary, _) => {
            let truth: Vec<usize> = y
                .chunks_exact(target_cols)
                .map(|r| {
                    if target_cols == 1 {
                        r[0] as usize
                    } else {
                        argmax(r)
                    }
                })
                .collect();
            let predicted: Vec<usize> = p.chunks_exact(outputs).map(argmax).collect();
            let r = multiclass_report(&truth, &predicted, outputs.max(2))?;
            Report::Multiclass {
                accuracy: r.accuracy,
                macro_scores: r.macro_scores,
                micro_scores: r.micro_scores,
                per_class: r.per_class,
                confusion: r.confusion.counts,
            }
        }
        (Task::Regression, _) => {
            let r = regression_report(y, &p)?;
            Report::Regression {
                mse: r.mse,
                rmse: r.rmse,
                mae: r.mae,
                r2: r.r2,
            }
        }
    })
}

/// Regression report.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegressionReport {
    pub mse: f64,
    pub rmse: f64,
    pub mae: f64,
    /// Coefficient of determination `1 - SS_res / SS_tot`; negative when worse than predicting
    /// the mean. For constant targets it is 1 if predicted exactly, else 0 (as scikit-learn).
    pub r2: f64,
}

/// Scores regression predictions.
pub fn regression_report(truth: &[f32], predicted: &[f32]) -> Result<RegressionReport> {
    same_len(truth.len(), predicted.len())?;
    let n = truth.len() as f64;
    let mean = truth.iter().map(|&t| t as f64).sum::<f64>() / n;
    let (mut se, mut ae, mut tot) = (0.0, 0.0, 0.0);
    for (&t, &p) in truth.iter().zip(predicted) {
        let e = t as f64 - p as f64;
        se += e * e;
        ae += e.abs();
        tot += (t as f64 - mean).powi(2);
    }
    let r2 = if tot > 0.0 {
        1.0 - se / tot
    } else if se == 0.0 {
        1.0
    } else {
        0.0
    };
    Ok(RegressionReport {
        mse: se / n,
        rmse: (se / n).sqrt(),
        mae: ae / n,
        r2,
    })
}
