//! A slice of the loss surface: the loss (with the regularisation penalty, in inference
//! mode) over a square grid of two directions through the current weights, for drawing
//! where an optimizer goes. The directions are two chosen parameters (the grid is their
//! values, the others held) or two random directions, each layer's part scaled to that
//! layer's weight norm ("filter normalisation", Li et al., 2018, per dense layer), so the
//! grid's coordinates read as fractions of the weights' own size. Points of a training path
//! (parameter vectors) are placed on the slice by least squares.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::nn::Model;
use crate::rng::Rng;

/// Which plane to cut.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", deny_unknown_fields)]
pub enum Plane {
    /// Parameters `a` and `b` (indices into the flat parameters, as `Model::params`).
    Parameters { a: usize, b: usize },
    /// Two seeded random directions, scaled per layer to the layer's weight norm.
    Random { seed: u64 },
}

/// `{ plane, span, resolution }`: the grid runs from `-span` to `span` around the weights
/// in each direction, `resolution` points a side.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SurfaceSettings {
    pub plane: Plane,
    #[serde(default = "one")]
    pub span: f32,
    #[serde(default = "default_resolution")]
    pub resolution: usize,
}

fn one() -> f32 {
    1.0
}

fn default_resolution() -> usize {
    21
}

/// The most grid points a side (each is one pass over the data).
pub const MAX_RESOLUTION: usize = 101;

/// The loss over the grid: `losses[i * resolution + j]` at `(xs[j], ys[i])`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Surface {
    /// Offsets (or, for two parameters, values) along the first direction.
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    pub losses: Vec<f64>,
    /// The loss at the weights themselves.
    pub center: f64,
}

/// A cut through a model's weights: its centre and two directions.
#[derive(Clone, Debug)]
pub struct Slice {
    center: Vec<f32>,
    plane: Plane,
    dirs: [Vec<f32>; 2],
}

impl Slice {
    /// The plane through `model`'s current weights.
    ///
    /// # Errors
    /// A parameter index out of range or the same twice.
    pub fn new(model: &Model, plane: &Plane) -> Result<Slice> {
        let n = model.params().len();
        let center = model.params().to_vec();
        let dirs = match *plane {
            Plane::Parameters { a, b } => {
                for (field, i) in [("plane.a", a), ("plane.b", b)] {
                    if i >= n {
                        return Err(Error::config(
                            field,
                            format!("the model has {n} parameters, not index {i}"),
                        ));
                    }
                }
                if a == b {
                    return Err(Error::config("plane.b", "must be another parameter than a"));
                }
                let unit = |i: usize| (0..n).map(|k| if k == i { 1.0 } else { 0.0 }).collect();
                [unit(a), unit(b)]
            }
            Plane::Random { seed } => {
                let mut rng = Rng::seed(seed);
                let mut dir = || {
                    let mut d: Vec<f32> = (0..n).map(|_| rng.normal()).collect();
                    // Each tensor (a layer's kernel, its bias) to the norm of its weights.
                    for (_, r) in model.tensor_ranges() {
                        let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
                        let (w, dn) = (norm(&center[r.clone()]), norm(&d[r.clone()]));
                        let scale = if dn > 0.0 { w / dn } else { 0.0 };
                        d[r].iter_mut().for_each(|v| *v *= scale);
                    }
                    d
                };
                [dir(), dir()]
            }
        };
        Ok(Slice {
            center,
            plane: plane.clone(),
            dirs,
        })
    }

    /// The parameters at `(x, y)` on the slice (offsets from the centre, or for two
    /// parameters their values).
    pub fn point(&self, x: f32, y: f32, out: &mut [f32]) {
        out.copy_from_slice(&self.center);
        match self.plane {
            Plane::Parameters { a, b } => {
                out[a] = x;
                out[b] = y;
            }
            Plane::Random { .. } => {
                for ((o, &d0), &d1) in out.iter_mut().zip(&self.dirs[0]).zip(&self.dirs[1]) {
                    *o += x * d0 + y * d1;
                }
            }
        }
    }

    /// Where `params` lies on the slice: the two parameters' values, or the least-squares
    /// coordinates of `params − centre` in the two random directions.
    pub fn coordinates(&self, params: &[f32]) -> (f32, f32) {
        match self.plane {
            Plane::Parameters { a, b } => (params[a], params[b]),
            Plane::Random { .. } => {
                let dot = |u: &[f32], v: &[f32]| -> f64 {
                    u.iter().zip(v).map(|(&a, &b)| a as f64 * b as f64).sum()
                };
                let delta: Vec<f32> = params
                    .iter()
                    .zip(&self.center)
                    .map(|(p, c)| p - c)
                    .collect();
                let (d0, d1) = (&self.dirs[0], &self.dirs[1]);
                let (g00, g01, g11) = (dot(d0, d0), dot(d0, d1), dot(d1, d1));
                let (r0, r1) = (dot(d0, &delta), dot(d1, &delta));
                let det = g00 * g11 - g01 * g01;
                if det.abs() < 1e-30 {
                    return (0.0, 0.0);
                }
                (
                    ((g11 * r0 - g01 * r1) / det) as f32,
                    ((g00 * r1 - g01 * r0) / det) as f32,
                )
            }
        }
    }

    /// The grid's coordinates along one direction: centred on the weights' value for a
    /// parameter, on 0 for a random direction.
    fn axis(&self, k: usize, span: f32, resolution: usize) -> Vec<f32> {
        let mid = match self.plane {
            Plane::Parameters { a, b } => self.center[if k == 0 { a } else { b }],
            Plane::Random { .. } => 0.0,
        };
        (0..resolution)
            .map(|i| mid - span + 2.0 * span * i as f32 / (resolution - 1).max(1) as f32)
            .collect()
    }
}

/// The loss of `model` on `x`/`y` (`rows` rows) over the slice of `settings`; the model is
/// left as it was.
///
/// # Errors
/// An invalid plane, span or resolution, or data that does not fit the model.
pub fn loss_surface(
    model: &Model,
    x: &[f32],
    y: &[f32],
    rows: usize,
    settings: &SurfaceSettings,
) -> Result<(Surface, Slice)> {
    if !(settings.span.is_finite() && settings.span > 0.0) {
        return Err(Error::config(
            "span",
            format!("must be a positive number, got {}", settings.span),
        ));
    }
    if !(2..=MAX_RESOLUTION).contains(&settings.resolution) {
        return Err(Error::config(
            "resolution",
            format!(
                "must be 2 to {MAX_RESOLUTION} points a side, got {}",
                settings.resolution
            ),
        ));
    }
    let slice = Slice::new(model, &settings.plane)?;
    let mut copy = model.clone();
    let center = copy.evaluate(x, y, rows)?.loss;
    let (res, span) = (settings.resolution, settings.span);
    let (xs, ys) = (slice.axis(0, span, res), slice.axis(1, span, res));
    let mut params = vec![0.0; slice.center.len()];
    let mut losses = Vec::with_capacity(res * res);
    for &yv in &ys {
        for &xv in &xs {
            slice.point(xv, yv, &mut params);
            copy.params_mut().copy_from_slice(&params);
            losses.push(copy.evaluate(x, y, rows)?.loss);
        }
    }
    Ok((
        Surface {
            xs,
            ys,
            losses,
            center,
        },
        slice,
    ))
}
