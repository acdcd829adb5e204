//! The 2-D data sets of TensorFlow Playground (`dataset.ts`), with the same shapes, noise
//! model and label rules, drawn from nnplay's seeded [`Rng`], and its input features
//! `x1, x2, x1², x2², x1·x2, sin x1, sin x2`.
//!
//! Classification labels are 1 (Playground's `+1`) and 0 (its `-1`); regression labels lie
//! in `[-1, 1]`. `noise` is Playground's slider divided by 100 (0 to 0.5).

use std::f32::consts::PI;

use serde::{Deserialize, Serialize};

use super::config::{DataConfig, LabelKind};
use super::table::Table;
use crate::error::{Error, Result};
use crate::rng::Rng;
use crate::task::Task;

/// A 2-D data set generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

crate::named!(Toy, "2-D data set" {
    Circle => "circle",
    Xor => "xor",
    Gaussians => "gaussians" | "gauss" | "two_gaussians",
    Spiral => "spiral",
    Plane => "plane" | "reg_plane",
    MultiGaussian => "multi_gaussian" | "reg_gauss" | "multigaussian",
});

impl Toy {
    /// The name shown in menus.
    pub fn title(self) -> &'static str {
        match self {
            Toy::Circle => "Circle",
            Toy::Xor => "XOR",
            Toy::Gaussians => "Two gaussians",
            Toy::Spiral => "Spiral",
            Toy::Plane => "Plane",
            Toy::MultiGaussian => "Multi-gaussian",
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

/// How to generate a set: `{ samples: 500, noise: 0, seed: 1, transforms: ["x1", "x2"] }`
/// in options. `noise` is Playground's slider / 100; `transforms` are the input features
/// of its table (the points themselves do not depend on them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ToyOptions {
    pub samples: usize,
    pub noise: f32,
    pub seed: u64,
    pub transforms: Vec<Transform>,
}

impl Default for ToyOptions {
    fn default() -> Self {
        ToyOptions {
            samples: 500,
            noise: 0.0,
            seed: 1,
            transforms: vec![Transform::X1, Transform::X2],
        }
    }
}

impl ToyOptions {
    /// The points of `toy` with these options.
    ///
    /// # Errors
    /// As [`generate`].
    pub fn generate(&self, toy: Toy) -> Result<ToySet> {
        generate(toy, self.samples, self.noise, self.seed)
    }

    /// The set as a table (see [`table`]) with the configuration its label needs (see
    /// [`data_config`]).
    ///
    /// # Errors
    /// As [`generate`] and [`table`].
    pub fn table(&self, toy: Toy) -> Result<(Table, DataConfig)> {
        let set = self.generate(toy)?;
        Ok((table(&set, &self.transforms)?, data_config(toy)))
    }
}

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transform {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1X2,
    SinX1,
    SinX2,
}

// The names are the tables' column names; aliases also read `x1²`, `x1_squared`, `x1x2`,
// `sin_x1`, with any case and spaces.
crate::named!(Transform, "input feature" {
    X1 => "x1",
    X2 => "x2",
    X1Squared => "x1^2" | "x1²" | "x1_squared" | "x1sq",
    X2Squared => "x2^2" | "x2²" | "x2_squared" | "x2sq",
    X1X2 => "x1*x2" | "x1x2" | "x1·x2" | "x1_x2",
    SinX1 => "sin(x1)" | "sin_x1" | "sinx1",
    SinX2 => "sin(x2)" | "sin_x2" | "sinx2",
});

impl Transform {
    /// The name shown on screen: `x₁²`, `sin x₂`.
    pub fn label(self) -> &'static str {
        match self {
            Transform::X1 => "x₁",
            Transform::X2 => "x₂",
            Transform::X1Squared => "x₁²",
            Transform::X2Squared => "x₂²",
            Transform::X1X2 => "x₁·x₂",
            Transform::SinX1 => "sin x₁",
            Transform::SinX2 => "sin x₂",
        }
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
/// An odd number of coordinates, no transforms, or one chosen twice.
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

/// How a generated set's table is read: its label as classes (0 and 1) or as a number
/// (the regression sets, whose labels may be whole numbers at a few points).
pub fn data_config(toy: Toy) -> DataConfig {
    DataConfig {
        label_kind: Some(if toy.task() == Task::Regression {
            LabelKind::Number
        } else {
            LabelKind::Classes
        }),
        ..DataConfig::default()
    }
}

/// The square every set's points lie in: x1 and x2 in `[-DOMAIN, DOMAIN]` (Playground's
/// `[-6, 6]`), the region the page draws.
pub const DOMAIN: f32 = 6.0;

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
        let f = features(&[2.0, -3.0], Transform::ALL).unwrap();
        assert_eq!(&f[..5], &[2.0, -3.0, 4.0, 9.0, -6.0]);
        assert!((f[5] - 2f32.sin()).abs() < 1e-7 && (f[6] - (-3f32).sin()).abs() < 1e-7);
        for &t in Transform::ALL {
            assert_eq!(Transform::parse(t.name()).unwrap(), t);
        }
        assert_eq!(Transform::parse(" X1 ² ").unwrap(), Transform::X1Squared);
    }
}
