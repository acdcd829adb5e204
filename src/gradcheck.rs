//! Gradient checking by central differences: the analytic gradient of back-propagation is
//! compared with `(L(w + h) - L(w - h)) / 2h` for every parameter.

use crate::error::Result;
use crate::model::Model;

/// The comparison of an analytic gradient with a numeric one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradCheck {
    /// Largest `|analytic - numeric| / max(|analytic|, |numeric|, floor)` over parameters.
    pub worst_relative_error: f64,
    /// Index of that parameter in the flat parameter buffer.
    pub worst_index: usize,
    /// `||analytic - numeric|| / ||numeric||` over all parameters.
    pub relative_norm_error: f64,
    pub checked: usize,
}

/// Central-difference gradient of the model's loss (with penalty, no dropout) on a batch.
pub fn numeric_gradients(model: &mut Model, x: &[f32], y: &[f32], rows: usize, h: f32) -> Result<Vec<f64>> {
    let n = model.parameter_count();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let w = model.params()[i];
        model.params_mut()[i] = w + h;
        let plus = model.evaluate(x, y, rows)?.loss;
        model.params_mut()[i] = w - h;
        let minus = model.evaluate(x, y, rows)?.loss;
        model.params_mut()[i] = w;
        // The step actually taken in f32 arithmetic.
        let step = ((w + h) as f64) - ((w - h) as f64);
        out.push((plus - minus) / step);
    }
    Ok(out)
}

/// Compares gradients element by element. `floor` keeps near-zero components from
/// dominating: it is `1e-3` times the largest numeric component (at least `1e-7`).
pub fn compare(analytic: &[f32], numeric: &[f64]) -> GradCheck {
    let scale = numeric.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let floor = (1e-3 * scale).max(1e-7);
    let (mut worst, mut worst_index) = (0.0f64, 0);
    let (mut diff2, mut norm2) = (0.0f64, 0.0f64);
    for (i, (&a, &n)) in analytic.iter().zip(numeric).enumerate() {
        let a = a as f64;
        let err = (a - n).abs() / a.abs().max(n.abs()).max(floor);
        if err > worst {
            worst = err;
            worst_index = i;
        }
        diff2 += (a - n) * (a - n);
        norm2 += n * n;
    }
    GradCheck {
        worst_relative_error: worst,
        worst_index,
        relative_norm_error: (diff2 / norm2.max(1e-30)).sqrt(),
        checked: analytic.len(),
    }
}

/// Back-propagation against central differences with step `h` on one batch.
pub fn check(model: &mut Model, x: &[f32], y: &[f32], rows: usize, h: f32) -> Result<GradCheck> {
    model.loss_and_gradients(x, y, rows, false)?;
    let analytic = model.gradients().to_vec();
    let numeric = numeric_gradients(model, x, y, rows, h)?;
    Ok(compare(&analytic, &numeric))
}
