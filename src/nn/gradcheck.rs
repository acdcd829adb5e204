//! Gradient checking by central differences: the analytic gradient of back-propagation is
//! compared for every parameter, tensor by tensor, with the five-point central difference
//! `(-L(w + 2h) + 8 L(w + h) - 8 L(w - h) + L(w - 2h)) / 12h`, whose truncation error is
//! `O(h^4)`. That allows a step large enough for the rounding noise of f32 forward passes
//! (about `1.5 · 6e-8 · |L| / h`) to stay far below the errors the check looks for.
//!
//! The comparison is the relative norm error of each parameter tensor (a layer's kernel or
//! bias), `||analytic - numeric|| / ||numeric||`. A derivative that is wrong by a factor
//! `1 + e` moves every gradient component it touches by about `e`, so the error of the
//! tensors it touches is about `e`; rounding noise of f32 forward passes stays far below.

use std::ops::Range;

use crate::error::Result;
use crate::nn::model::Model;

/// The comparison of an analytic gradient with a numeric one.
#[derive(Clone, Debug, PartialEq)]
pub struct GradCheck {
    /// Largest relative norm error over the tensors.
    pub worst_relative_error: f64,
    /// The tensor with that error.
    pub worst_tensor: String,
    /// `(tensor name, relative norm error)` for every tensor.
    pub tensors: Vec<(String, f64)>,
}

/// Five-point central-difference gradient of the model's loss (with penalty, no dropout) on
/// a batch, with step `h`.
pub fn numeric_gradients(
    model: &mut Model,
    x: &[f32],
    y: &[f32],
    rows: usize,
    h: f32,
) -> Result<Vec<f64>> {
    let n = model.parameter_count();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let w = model.params()[i];
        let mut at = |k: f32| -> Result<f64> {
            model.params_mut()[i] = w + k * h;
            Ok(model.evaluate(x, y, rows)?.loss)
        };
        let (p2, p1, m1, m2) = (at(2.0)?, at(1.0)?, at(-1.0)?, at(-2.0)?);
        model.params_mut()[i] = w;
        out.push((-p2 + 8.0 * p1 - 8.0 * m1 + m2) / (12.0 * h as f64));
    }
    Ok(out)
}

/// Compares gradients tensor by tensor over `tensors` (names and index ranges, as
/// [`Model::tensor_ranges`] gives them).
pub fn compare(analytic: &[f32], numeric: &[f64], tensors: &[(String, Range<usize>)]) -> GradCheck {
    let mut out = GradCheck {
        worst_relative_error: 0.0,
        worst_tensor: String::new(),
        tensors: Vec::with_capacity(tensors.len()),
    };
    for (name, range) in tensors {
        let (mut diff2, mut norm2) = (0.0f64, 0.0f64);
        for i in range.clone() {
            let d = analytic[i] as f64 - numeric[i];
            diff2 += d * d;
            norm2 += numeric[i] * numeric[i];
        }
        let err = if norm2 == 0.0 {
            // An all-zero numeric gradient: any analytic component is an absolute error.
            diff2.sqrt()
        } else {
            (diff2 / norm2).sqrt()
        };
        if err >= out.worst_relative_error {
            out.worst_relative_error = err;
            out.worst_tensor.clone_from(name);
        }
        out.tensors.push((name.clone(), err));
    }
    out
}

/// Back-propagation against five-point central differences with step `h` on one batch.
pub fn check(model: &mut Model, x: &[f32], y: &[f32], rows: usize, h: f32) -> Result<GradCheck> {
    model.loss_and_gradients(x, y, rows, false)?;
    let analytic = model.gradients().to_vec();
    let numeric = numeric_gradients(model, x, y, rows, h)?;
    Ok(compare(&analytic, &numeric, &model.tensor_ranges()))
}
