//! The 2-D data sets of TensorFlow Playground (`dataset.ts`), with the same shapes, noise
//! model and label rules, drawn from nnplay's seeded [`Rng`], and its input features
//! `x1, x2, x1², x2², x1·x2, sin x1, sin x2`.
//!
//! Classification labels are 1 (Playground's `+1`) and 0 (its `-1`); regression labels lie
//! in `[-1, 1]`. `noise` is Playground's slider divided by 100 (0 to 0.5).

use std::f32::consts::PI;

use serde::{Deserialize, Serialize};

use super::config::{LabelKind, MissingPolicy};
use super::pipeline::{
    Encoding, FeatureEncoder, LabelEncoder, Preprocessor, FORMAT as PREPROCESSING_FORMAT,
    VERSION as PREPROCESSING_VERSION,
};
use super::prepare::{Part, Prepared};
use super::scale::{Scaler, Scaling};
use super::split::{split, SplitConfig};
use super::table::Table;
use crate::error::{Error, Result};
use crate::loss::Task;
use crate::rng::Rng;

/// A 2-D data set generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Toy {
    /// Class 1 inside radius 2.5, class 0 in the ring 3.5..5.
    Circle,
    /// Class 1 where `x·y ≥ 0`, points kept 0.3 away from the axes.
    Xor,
    /// Two Gaussian blobs at (2, 2) (class 1) and (-2, -2) (class 0).
    Gaussians,
    /// Two interleaved spirals.
    Spiral,
    /// Regression: `(x + y) / 10`.
    Plane,
    /// Regression: six signed Gaussian bumps.
    MultiGaussian,
}

impl Toy {
    pub const ALL: [Toy; 6] = [
        Toy::Circle,
        Toy::Xor,
        Toy::Gaussians,
        Toy::Spiral,
        Toy::Plane,
        Toy::MultiGaussian,
    ];

    /// Parses `circle`, `xor`, `gaussians` (or `gauss`), `spiral`, `plane`,
    /// `multi_gaussian` (or `reg-gauss`).
    pub fn parse(name: &str) -> Result<Toy> {
        Ok(match name.to_ascii_lowercase().replace('-', "_").as_str() {
            "circle" => Toy::Circle,
            "xor" => Toy::Xor,
            "gaussians" | "gauss" | "two_gaussians" => Toy::Gaussians,
            "spiral" => Toy::Spiral,
            "plane" | "reg_plane" => Toy::Plane,
            "multi_gaussian" | "reg_gauss" | "multigaussian" => Toy::MultiGaussian,
            other => {
                return Err(Error::config(
                    "dataset",
                    format!(
                        "unknown 2-D data set \"{other}\"; use circle, xor, gaussians, spiral, \
                         plane or multi_gaussian"
                    ),
                ))
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Toy::Circle => "circle",
            Toy::Xor => "xor",
            Toy::Gaussians => "gaussians",
            Toy::Spiral => "spiral",
            Toy::Plane => "plane",
            Toy::MultiGaussian => "multi_gaussian",
        }
    }

    pub fn task(self) -> Task {
        match self {
            Toy::Plane | Toy::MultiGaussian => Task::Regression,
            _ => Task::Binary,
        }
    }
}

/// Generated points.
#[derive(Clone, Debug, PartialEq)]
pub struct ToySet {
    /// `samples × 2`: x1, x2 of each point.
    pub points: Vec<f32>,
    /// One label per point.
    pub labels: Vec<f32>,
}

/// The most points one call generates.
pub const MAX_SAMPLES: usize = 100_000;

/// Generates `samples` points with `noise` (0 to 1; Playground uses 0 to 0.5).
///
/// # Errors
/// `samples` outside `2..=100000`, or `noise` outside `[0, 1]`.
pub fn generate(toy: Toy, samples: usize, noise: f32, seed: u64) -> Result<ToySet> {
    if !(2..=MAX_SAMPLES).contains(&samples) {
        return Err(Error::config(
            "samples",
            format!("must be between 2 and {MAX_SAMPLES}, got {samples}"),
        ));
    }
    if !(noise.is_finite() && (0.0..=1.0).contains(&noise)) {
        return Err(Error::config(
            "noise",
            format!("must be in [0, 1], got {noise}"),
        ));
    }
    let mut rng = Rng::seed(seed);
    let mut set = ToySet {
        points: Vec::with_capacity(samples * 2),
        labels: Vec::with_capacity(samples),
    };
    let mut push = |x: f32, y: f32, label: f32| {
        set.points.extend_from_slice(&[x, y]);
        set.labels.push(label);
    };
    // The first class gets the extra point of an odd count.
    let halves = [samples - samples / 2, samples / 2];
    match toy {
        Toy::Circle => {
            let radius = 5.0;
            let label = |x: f32, y: f32| f32::from(u8::from((x * x + y * y).sqrt() < radius * 0.5));
            for (half, (r_lo, r_hi)) in halves
                .iter()
                .zip([(0.0, radius * 0.5), (radius * 0.7, radius)])
            {
                for _ in 0..*half {
                    let r = rng.uniform(r_lo, r_hi);
                    let angle = rng.uniform(0.0, 2.0 * PI);
                    let (x, y) = (r * angle.sin(), r * angle.cos());
                    let nx = rng.uniform(-radius, radius) * noise;
                    let ny = rng.uniform(-radius, radius) * noise;
                    push(x, y, label(x + nx, y + ny));
                }
            }
        }
        Toy::Xor => {
            let padding = 0.3;
            for _ in 0..samples {
                let mut x = rng.uniform(-5.0, 5.0);
                x += if x > 0.0 { padding } else { -padding };
                let mut y = rng.uniform(-5.0, 5.0);
                y += if y > 0.0 { padding } else { -padding };
                let nx = rng.uniform(-5.0, 5.0) * noise;
                let ny = rng.uniform(-5.0, 5.0) * noise;
                push(x, y, f32::from(u8::from((x + nx) * (y + ny) >= 0.0)));
            }
        }
        Toy::Gaussians => {
            // Playground maps noise 0..0.5 to variance 0.5..4.
            let variance = 0.5 + noise / 0.5 * 3.5;
            let std = variance.sqrt();
            for (half, (c, label)) in halves.iter().zip([(2.0, 1.0), (-2.0, 0.0)]) {
                for _ in 0..*half {
                    let x = c + std * rng.normal();
                    let y = c + std * rng.normal();
                    push(x, y, label);
                }
            }
        }
        Toy::Spiral => {
            for (half, (delta, label)) in halves.iter().zip([(0.0, 1.0), (PI, 0.0)]) {
                let n = *half as f32;
                for i in 0..*half {
                    let i = i as f32;
                    let r = i / n * 5.0;
                    let t = 1.75 * i / n * 2.0 * PI + delta;
                    let x = r * t.sin() + rng.uniform(-1.0, 1.0) * noise;
                    let y = r * t.cos() + rng.uniform(-1.0, 1.0) * noise;
                    push(x, y, label);
                }
            }
        }
        Toy::Plane | Toy::MultiGaussian => {
            let radius = 6.0;
            for _ in 0..samples {
                let x = rng.uniform(-radius, radius);
                let y = rng.uniform(-radius, radius);
                let nx = rng.uniform(-radius, radius) * noise;
                let ny = rng.uniform(-radius, radius) * noise;
                let label = if toy == Toy::Plane {
                    plane_label(x + nx, y + ny)
                } else {
                    multi_gaussian_label(x + nx, y + ny)
                };
                push(x, y, label);
            }
        }
    }
    Ok(set)
}

/// Playground's plane: `x + y` mapped from `[-10, 10]` to `[-1, 1]`.
pub fn plane_label(x: f32, y: f32) -> f32 {
    (x + y) / 10.0
}

/// Playground's six bumps: each centre gives `sign × max(0, 1 - distance / 2)`; the label
/// is the one largest in absolute value.
pub fn multi_gaussian_label(x: f32, y: f32) -> f32 {
    const CENTRES: [(f32, f32, f32); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    let mut label = 0.0f32;
    for (cx, cy, sign) in CENTRES {
        let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        let v = sign * (1.0 - d / 2.0).clamp(0.0, 1.0);
        if v.abs() > label.abs() {
            label = v;
        }
    }
    label
}

/// An input feature computed from a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transform {
    #[serde(rename = "x1")]
    X1,
    #[serde(rename = "x2")]
    X2,
    #[serde(rename = "x1^2")]
    X1Squared,
    #[serde(rename = "x2^2")]
    X2Squared,
    #[serde(rename = "x1*x2")]
    X1X2,
    #[serde(rename = "sin(x1)")]
    SinX1,
    #[serde(rename = "sin(x2)")]
    SinX2,
}

impl Transform {
    pub const ALL: [Transform; 7] = [
        Transform::X1,
        Transform::X2,
        Transform::X1Squared,
        Transform::X2Squared,
        Transform::X1X2,
        Transform::SinX1,
        Transform::SinX2,
    ];

    /// The name used as a column name: `x1`, `x2`, `x1^2`, `x2^2`, `x1*x2`, `sin(x1)`,
    /// `sin(x2)`.
    pub fn name(self) -> &'static str {
        match self {
            Transform::X1 => "x1",
            Transform::X2 => "x2",
            Transform::X1Squared => "x1^2",
            Transform::X2Squared => "x2^2",
            Transform::X1X2 => "x1*x2",
            Transform::SinX1 => "sin(x1)",
            Transform::SinX2 => "sin(x2)",
        }
    }

    /// Parses a name as [`Transform::name`] gives it; also `x1²`, `x1_squared`, `x1x2`,
    /// `sin_x1`, with any case and spaces.
    pub fn parse(name: &str) -> Result<Transform> {
        let n: String = name
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Ok(match n.as_str() {
            "x1" => Transform::X1,
            "x2" => Transform::X2,
            "x1^2" | "x1²" | "x1_squared" | "x1sq" => Transform::X1Squared,
            "x2^2" | "x2²" | "x2_squared" | "x2sq" => Transform::X2Squared,
            "x1*x2" | "x1x2" | "x1·x2" | "x1_x2" => Transform::X1X2,
            "sin(x1)" | "sin_x1" | "sinx1" => Transform::SinX1,
            "sin(x2)" | "sin_x2" | "sinx2" => Transform::SinX2,
            _ => {
                return Err(Error::config(
                    "transforms",
                    format!(
                    "unknown feature \"{name}\"; use x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)"
                ),
                ))
            }
        })
    }

    pub fn apply(self, x1: f32, x2: f32) -> f32 {
        match self {
            Transform::X1 => x1,
            Transform::X2 => x2,
            Transform::X1Squared => x1 * x1,
            Transform::X2Squared => x2 * x2,
            Transform::X1X2 => x1 * x2,
            Transform::SinX1 => x1.sin(),
            Transform::SinX2 => x2.sin(),
        }
    }
}

/// The features of `points` (`n × 2`): `n × transforms.len()`, row-major.
///
/// # Errors
/// An odd number of coordinates, or no transforms.
pub fn features(points: &[f32], transforms: &[Transform]) -> Result<Vec<f32>> {
    if points.len() % 2 != 0 {
        return Err(Error::shape(
            "points",
            "pairs of x1, x2",
            format!("{} values", points.len()),
        ));
    }
    if transforms.is_empty() {
        return Err(Error::config(
            "transforms",
            "choose at least one input feature",
        ));
    }
    let mut out = Vec::with_capacity(points.len() / 2 * transforms.len());
    for p in points.chunks_exact(2) {
        out.extend(transforms.iter().map(|t| t.apply(p[0], p[1])));
    }
    Ok(out)
}

/// A table of the set: one column per transform (named as [`Transform::name`]) and the
/// label last (`label`: `0`/`1` for classification, a number for regression).
pub fn table(set: &ToySet, transforms: &[Transform]) -> Result<Table> {
    let x = features(&set.points, transforms)?;
    let mut names: Vec<String> = transforms.iter().map(|t| t.name().to_string()).collect();
    names.push("label".into());
    let rows: Vec<Vec<String>> = x
        .chunks_exact(transforms.len())
        .zip(&set.labels)
        .map(|(f, l)| {
            f.iter()
                .chain(std::iter::once(l))
                .map(|v| v.to_string())
                .collect()
        })
        .collect();
    Table::from_rows(names, &rows)
}

/// What [`prepare`] needs besides the set: scaling, split and the missing-value policy
/// (kept in the preprocessing; generated sets have no missing values).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ToyPreparation {
    pub scaling: Scaling,
    pub split: SplitConfig,
    pub missing: MissingPolicy,
}

/// Splits, encodes and scales a generated set directly, giving exactly what
/// [`super::prepare()`] gives for its [`table`] configured with the same scaling, split and
/// missing policy (and the label kind of the set's task): the same rows, bit for bit the
/// same numbers and the same preprocessing. It needs none of the table machinery, so the
/// engine alone can train on the 2-D sets.
///
/// # Errors
/// No transforms, a transform chosen twice, a set with one class, or a split that leaves
/// no training rows.
pub fn prepare(
    toy: Toy,
    set: &ToySet,
    transforms: &[Transform],
    settings: &ToyPreparation,
) -> Result<Prepared> {
    let width = transforms.len();
    if let Some(t) = transforms
        .iter()
        .enumerate()
        .find_map(|(i, t)| transforms[..i].contains(t).then_some(t))
    {
        return Err(Error::config(
            "transforms",
            format!("the feature \"{}\" is chosen twice", t.name()),
        ));
    }
    let x = features(&set.points, transforms)?;
    let task = toy.task();
    // Class names as a table holds them ("0", "1"), in numeric order; targets are indices.
    let (classes, targets): (Vec<String>, Vec<f32>) = if task == Task::Regression {
        (Vec::new(), set.labels.clone())
    } else {
        // Labels are 0 and 1: the classes present, in numeric order.
        let values: Vec<f32> = [0.0, 1.0]
            .into_iter()
            .filter(|c| set.labels.contains(c))
            .collect();
        if values.len() < 2 {
            let only = values.first().map_or(String::new(), f32::to_string);
            return Err(Error::data(
                "label",
                format!(
                    "is the label but has only one class, \"{only}\"; classification needs at \
                     least two (choose another label column)"
                ),
            ));
        }
        let targets = set
            .labels
            .iter()
            .map(|l| values.iter().position(|v| v == l).unwrap_or(0) as f32)
            .collect();
        (values.iter().map(f32::to_string).collect(), targets)
    };
    let n = set.labels.len();
    let class_of: Option<Vec<usize>> =
        (task != Task::Regression).then(|| targets.iter().map(|&t| t as usize).collect());
    let parts = split(n, class_of.as_deref(), &settings.split)?;
    let gather = |rows: &[usize]| -> (Vec<f32>, Vec<f32>) {
        let mut xs = Vec::with_capacity(rows.len() * width);
        for &r in rows {
            xs.extend_from_slice(&x[r * width..(r + 1) * width]);
        }
        (xs, rows.iter().map(|&r| targets[r]).collect())
    };
    // The fill of each feature: the training mean of its (f32) inputs, summed in row order
    // in f64, as the table path computes it.
    let mut in_train = vec![false; n];
    for &r in &parts.train {
        in_train[r] = true;
    }
    let features = transforms
        .iter()
        .enumerate()
        .map(|(j, t)| {
            let sum: f64 = (0..n)
                .filter(|&r| in_train[r])
                .map(|r| f64::from(x[r * width + j]))
                .sum();
            FeatureEncoder {
                column: t.name().to_string(),
                index: j,
                encoding: Encoding::Numeric {
                    fill: (sum / parts.train.len() as f64) as f32,
                },
            }
        })
        .collect();
    let (mut train_x, train_y) = gather(&parts.train);
    let mut columns: Vec<String> = transforms.iter().map(|t| t.name().to_string()).collect();
    columns.push("label".into());
    let pre = Preprocessor {
        format: PREPROCESSING_FORMAT.into(),
        version: PREPROCESSING_VERSION,
        columns,
        decimal_comma: false,
        missing: settings.missing,
        features,
        scaler: Scaler::fit(settings.scaling, &train_x, width)?,
        label: LabelEncoder {
            column: "label".into(),
            index: width,
            kind: if task == Task::Regression {
                LabelKind::Number
            } else {
                LabelKind::Classes
            },
            classes: classes.clone(),
        },
    };
    pre.scale(&mut train_x);
    let part = |rows: Vec<usize>, x: Vec<f32>, y: Vec<f32>| Part { x, y, rows };
    let encode = |rows: &[usize]| {
        let (mut xs, ys) = gather(rows);
        pre.scale(&mut xs);
        part(rows.to_vec(), xs, ys)
    };
    let validation = encode(&parts.validation);
    let test = encode(&parts.test);
    Ok(Prepared {
        train: part(parts.train, train_x, train_y),
        validation,
        test,
        preprocessor: pre,
        task,
        label_names: classes,
        dropped: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_gaussian_by_hand() {
        // At a centre the bump is ±1; one unit away it is ±0.5; far away 0.
        assert_eq!(multi_gaussian_label(-4.0, 2.5), 1.0);
        assert_eq!(multi_gaussian_label(0.0, 3.5), -0.5);
        assert_eq!(multi_gaussian_label(0.0, 0.0), 0.0);
    }

    #[test]
    fn transforms_by_hand() {
        let f = features(&[2.0, -3.0], &Transform::ALL).unwrap();
        assert_eq!(&f[..5], &[2.0, -3.0, 4.0, 9.0, -6.0]);
        assert!((f[5] - 2f32.sin()).abs() < 1e-7 && (f[6] - (-3f32).sin()).abs() < 1e-7);
        for t in Transform::ALL {
            assert_eq!(Transform::parse(t.name()).unwrap(), t);
        }
    }
}
