//! Which two inputs say most about the target: the pair the page's output view starts on
//! when the data has more than two inputs. Classes are ranked by the one-way ANOVA
//! F-statistic of each input (scikit-learn's `f_classif`), numbers by the absolute Pearson
//! correlation with the target (`r_regression`), both on the training part.

use serde::Serialize;

use super::pipeline::{Encoding, Preprocessor};
use super::prepare::{Part, Prepared};
use crate::task::Task;

/// How [`informative_pair`] ranked the inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ranking {
    /// The one-way ANOVA F-statistic between the classes.
    FScore,
    /// The absolute correlation with the target.
    Correlation,
    /// Nothing to rank (two inputs or fewer, or no input varies): the first two.
    First,
}

/// Two inputs to plot and how they were found.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FeaturePair {
    /// Input indices, the more informative first; the same index twice when the data has
    /// one input.
    pub features: [usize; 2],
    pub method: Ranking,
}

/// The one-way ANOVA F-statistic of every input between the classes `y` (class indices
/// below `classes`): the spread of the class means over the spread within the classes,
/// `(SSB / (k − 1)) / (SSW / (n − k))` with `k` the classes present. `NaN` for an input
/// that is constant, and for every input when fewer than two classes are present or
/// there are no more rows than classes; infinite when the classes do not vary within.
///
/// # Shapes
/// `x`: `rows × inputs`, row-major; `y`: `rows`.
pub fn f_scores(x: &[f32], inputs: usize, y: &[f32], classes: usize) -> Vec<f64> {
    let rows = y.len();
    let class_of = |r: usize| (y[r] as usize).min(classes.saturating_sub(1));
    let mut counts = vec![0usize; classes];
    let mut sums = vec![0f64; classes * inputs];
    for r in 0..rows {
        let k = class_of(r);
        counts[k] += 1;
        for (s, &v) in sums[k * inputs..(k + 1) * inputs]
            .iter_mut()
            .zip(&x[r * inputs..(r + 1) * inputs])
        {
            *s += f64::from(v);
        }
    }
    let present = counts.iter().filter(|&&c| c > 0).count();
    if present < 2 || rows <= present {
        return vec![f64::NAN; inputs];
    }
    let means: Vec<f64> = sums
        .iter()
        .enumerate()
        .map(|(i, s)| s / counts[i / inputs].max(1) as f64)
        .collect();
    let constant = constant_columns(x, inputs);
    let mut within = vec![0f64; inputs];
    for r in 0..rows {
        let k = class_of(r);
        for (j, w) in within.iter_mut().enumerate() {
            let d = f64::from(x[r * inputs + j]) - means[k * inputs + j];
            *w += d * d;
        }
    }
    (0..inputs)
        .map(|j| {
            if constant[j] {
                return f64::NAN;
            }
            let total: f64 = (0..classes).map(|k| sums[k * inputs + j]).sum::<f64>();
            let grand = total / rows as f64;
            let between: f64 = (0..classes)
                .filter(|&k| counts[k] > 0)
                .map(|k| counts[k] as f64 * (means[k * inputs + j] - grand).powi(2))
                .sum();
            let df_between = (present - 1) as f64;
            let df_within = (rows - present) as f64;
            if within[j] == 0.0 {
                f64::INFINITY
            } else {
                (between / df_between) / (within[j] / df_within)
            }
        })
        .collect()
}

/// The absolute Pearson correlation of every input with the target `y`; `NaN` for a
/// constant input, and for every input when the target is constant.
///
/// # Shapes
/// `x`: `rows × inputs`, row-major; `y`: `rows`.
pub fn abs_correlations(x: &[f32], inputs: usize, y: &[f32]) -> Vec<f64> {
    let rows = y.len();
    if rows == 0 {
        return vec![f64::NAN; inputs];
    }
    let n = rows as f64;
    let y_mean = y.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let mut means = vec![0f64; inputs];
    for r in 0..rows {
        for (m, &v) in means.iter_mut().zip(&x[r * inputs..(r + 1) * inputs]) {
            *m += f64::from(v) / n;
        }
    }
    let (mut sxy, mut sxx) = (vec![0f64; inputs], vec![0f64; inputs]);
    let mut syy = 0.0;
    for r in 0..rows {
        let dy = f64::from(y[r]) - y_mean;
        syy += dy * dy;
        for j in 0..inputs {
            let dx = f64::from(x[r * inputs + j]) - means[j];
            sxy[j] += dx * dy;
            sxx[j] += dx * dx;
        }
    }
    let constant = constant_columns(x, inputs);
    (0..inputs)
        .map(|j| {
            if constant[j] || syy == 0.0 {
                f64::NAN
            } else {
                (sxy[j] / (sxx[j] * syy).sqrt()).abs()
            }
        })
        .collect()
}

/// Whether each input holds one value in every row.
fn constant_columns(x: &[f32], inputs: usize) -> Vec<bool> {
    let Some(first) = x.get(..inputs) else {
        return vec![true; inputs];
    };
    let mut constant = vec![true; inputs];
    for row in x.chunks_exact(inputs) {
        for ((c, &v), &f) in constant.iter_mut().zip(row).zip(first) {
            *c &= v == f;
        }
    }
    constant
}

/// The two inputs of `train` that say most about its target (see the module
/// documentation). Inputs of numeric columns come before encoded ones (a 0/1 column or a
/// word count draws stripes, not a picture), and the second input comes from another
/// column than the first when one has a score (two categories of one column say the
/// same). Constant inputs are never chosen while others vary.
///
/// `sources[i]` is the column input `i` comes from and whether that column is numeric.
pub fn informative_pair(
    train: &Part,
    inputs: usize,
    task: Task,
    classes: usize,
    sources: &[(usize, bool)],
) -> FeaturePair {
    let first_two = FeaturePair {
        features: [0, 1.min(inputs.saturating_sub(1))],
        method: Ranking::First,
    };
    if inputs <= 2 {
        return first_two;
    }
    let (scores, method) = match task {
        Task::Regression => (
            abs_correlations(&train.x, inputs, &train.y),
            Ranking::Correlation,
        ),
        Task::Binary | Task::Multiclass => (
            f_scores(&train.x, inputs, &train.y, classes.max(2)),
            Ranking::FScore,
        ),
    };
    let numeric = |i: usize| sources.get(i).is_some_and(|&(_, n)| n);
    let column = |i: usize| sources.get(i).map_or(i, |&(c, _)| c);
    let mut ranked: Vec<usize> = (0..inputs).filter(|&i| !scores[i].is_nan()).collect();
    ranked.sort_by(|&a, &b| {
        numeric(b)
            .cmp(&numeric(a))
            .then(scores[b].total_cmp(&scores[a]))
            .then(a.cmp(&b))
    });
    let Some(&best) = ranked.first() else {
        return first_two;
    };
    let second = ranked[1..]
        .iter()
        .find(|&&i| column(i) != column(best))
        .or(ranked.get(1))
        .copied()
        .unwrap_or(if best == 0 { 1 } else { 0 });
    FeaturePair {
        features: [best, second],
        method,
    }
}

/// For every input of `p`, the column it comes from and whether that column is numeric.
pub fn input_sources(p: &Preprocessor) -> Vec<(usize, bool)> {
    let mut out = Vec::with_capacity(p.width());
    for f in &p.features {
        let numeric = matches!(f.encoding, Encoding::Numeric { .. });
        out.extend(std::iter::repeat_n((f.index, numeric), f.width()));
    }
    out
}

impl Prepared {
    /// The two inputs the output view starts on: see [`informative_pair`].
    pub fn informative_pair(&self) -> FeaturePair {
        let classes = match self.task {
            Task::Regression => 0,
            _ => self.label_names.len(),
        };
        informative_pair(
            &self.train,
            self.inputs(),
            self.task,
            classes,
            &input_sources(&self.preprocessor),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(x: Vec<f32>, y: Vec<f32>) -> Part {
        let rows = (0..y.len()).collect();
        Part { x, y, rows }
    }

    /// Two classes, one input: class 0 holds 1, 2, 3 and class 1 holds 4, 5, 6. By hand:
    /// class means 2 and 5, grand mean 3.5; SSB = 3·1.5² + 3·1.5² = 13.5 on 1 degree of
    /// freedom, SSW = (1 + 0 + 1) + (1 + 0 + 1) = 4 on 6 − 2 = 4; F = 13.5 / 1 = 13.5.
    #[test]
    fn f_score_of_two_classes_by_hand() {
        let f = f_scores(&[1., 2., 3., 4., 5., 6.], 1, &[0., 0., 0., 1., 1., 1.], 2);
        assert!((f[0] - 13.5).abs() < 1e-12, "{f:?}");
    }

    /// Three classes, two inputs, the second constant. Input 0: class 0 holds 1, 2,
    /// class 1 holds 3, 5, class 2 holds 8, 8. By hand: means 1.5, 4, 8, grand mean
    /// 27 / 6 = 4.5; SSB = 2·3² + 2·0.5² + 2·3.5² = 43 on 2, SSW = 0.5 + 2 + 0 = 2.5 on
    /// 6 − 3 = 3; F = 21.5 / (2.5 / 3) = 25.8.
    #[test]
    fn f_score_of_three_classes_by_hand() {
        let x = [1., 7., 2., 7., 3., 7., 5., 7., 8., 7., 8., 7.];
        let f = f_scores(&x, 2, &[0., 0., 1., 1., 2., 2.], 3);
        assert!((f[0] - 25.8).abs() < 1e-9, "{f:?}");
        assert!(f[1].is_nan(), "a constant input has no score: {f:?}");
    }

    /// scikit-learn 1.x, `f_classif(*load_iris(return_X_y=True))[0]` on all 150 rows:
    /// 119.26450218, 49.16004009, 1180.16118225, 960.0071468 (sepal length, sepal width,
    /// petal length, petal width) — and so the petal features are the pair.
    #[test]
    fn iris_f_scores_equal_scikit_learns() {
        let text = include_str!("../../www/datasets/iris.csv");
        let species = ["setosa", "versicolor", "virginica"];
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
            let cells: Vec<&str> = line.split(',').collect();
            x.extend(cells[..4].iter().map(|c| c.parse::<f32>().unwrap()));
            y.push(species.iter().position(|s| *s == cells[4]).unwrap() as f32);
        }
        let f = f_scores(&x, 4, &y, 3);
        let sklearn = [119.26450218, 49.16004009, 1180.16118225, 960.0071468];
        for (got, want) in f.iter().zip(sklearn) {
            assert!((got - want).abs() / want < 1e-5, "{f:?}");
        }
        let numeric = [(0, true), (1, true), (2, true), (3, true)];
        let pair = informative_pair(&part(x, y), 4, Task::Multiclass, 3, &numeric);
        assert_eq!(pair.features, [2, 3]);
        assert_eq!(pair.method, Ranking::FScore);
    }

    /// y = 2·x0 exactly, x1 noise-free but weaker, x2 constant: |r| = 1, then x1's.
    #[test]
    fn correlations_rank_a_number_target() {
        let x = [1., 0., 5., 2., 1., 5., 3., 0., 5., 4., 1., 5.];
        let y = [2., 4., 6., 8.];
        let r = abs_correlations(&x, 3, &y);
        assert!((r[0] - 1.0).abs() < 1e-12, "{r:?}");
        // x1 = 0, 1, 0, 1 against y: Sxy = 2, Sxx = 1, Syy = 20; r = 2 / √20.
        assert!((r[1] - 2.0 / 20f64.sqrt()).abs() < 1e-12, "{r:?}");
        assert!(r[2].is_nan());
        let numeric = [(0, true), (1, true), (2, true)];
        let pair = informative_pair(
            &part(x.to_vec(), y.to_vec()),
            3,
            Task::Regression,
            0,
            &numeric,
        );
        assert_eq!((pair.features, pair.method), ([0, 1], Ranking::Correlation));
    }

    /// Numeric inputs first; the second from another column than the first; the first
    /// two when nothing varies.
    #[test]
    fn the_pair_prefers_numeric_inputs_of_two_columns() {
        // Inputs 0 and 1 separate the classes perfectly (F infinite), input 2 well
        // (class means 1.5 and 8.5), inputs 3 and 4 weakly (means 2 and 3).
        let x = [
            1., 0., 1., 3., 3.5, //
            1., 0., 2., 1., 1.5, //
            0., 1., 8., 2., 2.5, //
            0., 1., 9., 4., 4.5, //
        ];
        let data = part(x.to_vec(), vec![0., 0., 1., 1.]);
        // 0 and 1 one-hot of one column, 2 to 4 numeric columns.
        let sources = [(0, false), (0, false), (1, true), (2, true), (3, true)];
        let pair = informative_pair(&data, 5, Task::Binary, 2, &sources);
        assert_eq!(pair.features, [2, 3], "{pair:?}");
        // All encoded: the best, then the best of another column (not its sibling 1).
        let sources = [(0, false), (0, false), (1, false), (2, false), (3, false)];
        let pair = informative_pair(&data, 5, Task::Binary, 2, &sources);
        assert_eq!(pair.features, [0, 2], "{pair:?}");
        // Nothing varies: the first two.
        let flat = part(vec![1.; 12], vec![0., 1., 0., 1.]);
        let pair = informative_pair(&flat, 3, Task::Binary, 2, &[]);
        assert_eq!((pair.features, pair.method), ([0, 1], Ranking::First));
    }
}
