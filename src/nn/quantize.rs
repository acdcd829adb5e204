//! Post-training int8 quantisation of a trained network, with inference in integer
//! arithmetic.
//!
//! Activations: each input `i` of a layer gets a symmetric range `s_i = max |x_i| / 127`,
//! calibrated on rows the model has seen (the training rows); `q_x,i = round(x_i / s_i)` in
//! `[-127, 127]`, values beyond the range clamped. The ranges are folded into the weights
//! (`w'_ij = w_ij s_i`, exact in real arithmetic), which are then quantised symmetrically per
//! output channel: `q_w,ij = round(w'_ij / t_j)` with `t_j = max_i |w'_ij| / 127`. A dense
//! layer computes `z_j = t_j Σ_i q_x,i q_w,ij + b_j` with the sum in `i32` (`127 × 127 ×
//! fan_in` fits for any fan-in up to 133,000); the bias and the activation stay in `f32`,
//! and the output is quantised again for the next layer. (One range per input rather than
//! per layer: z-scored features and hidden units differ in range by orders of magnitude.) The output layer's result is given as
//! [`Model::predict`] gives it (probabilities for a classifier).

use crate::error::{Error, Result};
use crate::nn::activation::Activation;
use crate::nn::kernels::dot_i8;
use crate::nn::model::squash_logits;
use crate::nn::{class_of, Loss, Model};

/// One dense layer in int8.
#[derive(Clone, Debug)]
struct Layer {
    fan_in: usize,
    units: usize,
    /// `units × fan_in`: unit `j`'s weights contiguous, for the integer dot product.
    weights: Vec<i8>,
    /// Per unit: `t_j`, what one unit of the integer sum is worth.
    scales: Vec<f32>,
    bias: Vec<f32>,
    /// Per input: `s_i`.
    input_scales: Vec<f32>,
    activation: Activation,
    alpha: f32,
}

/// A network with int8 weights and int8 layer inputs.
#[derive(Clone, Debug)]
pub struct QuantizedModel {
    layers: Vec<Layer>,
    /// The loss the model was compiled with: a logit output is squashed as it squashes.
    loss: Option<Loss>,
    float_bytes: usize,
}

/// `value / scale` rounded (half away from zero) and clamped to `[-127, 127]`.
///
/// Written with `trunc` (one WebAssembly instruction) rather than `round`, which there is
/// a library call: the quantisation of every layer input is on the int8 inference path.
/// The same result: `x − trunc(x)` is exact, so a fraction of at least one half, and only
/// that, rounds away from zero.
#[inline]
fn quantize(value: f32, scale: f32) -> i8 {
    let x = (value / scale).clamp(-127.0, 127.0);
    let t = x.trunc();
    let away = if (x - t).abs() >= 0.5 {
        x.signum()
    } else {
        0.0
    };
    (t + away) as i8
}

/// The symmetric scale of values reaching `max_abs` (1 for an all-zero range).
fn scale_of(max_abs: f32) -> f32 {
    if max_abs > 0.0 {
        max_abs / 127.0
    } else {
        1.0
    }
}

impl QuantizedModel {
    /// Quantises `model`, calibrating each layer's input range on the rows of `x` (prepared
    /// features, `rows × inputs`; the training rows).
    ///
    /// # Errors
    /// As [`Model::predict`] for `x`.
    pub fn calibrate(model: &mut Model, x: &[f32]) -> Result<QuantizedModel> {
        let outputs = model.layer_outputs(x)?;
        let config = model.config().clone();
        let ranges = |values: &[f32], width: usize| -> Vec<f32> {
            let mut r = vec![0.0f32; width];
            for row in values.chunks_exact(width) {
                for (m, v) in r.iter_mut().zip(row) {
                    *m = m.max(v.abs());
                }
            }
            r.into_iter().map(scale_of).collect()
        };
        let mut layers = Vec::with_capacity(config.layers.len());
        for (i, l) in config.layers.iter().enumerate() {
            let (kernel, bias) = model.layer_params(i).expect("a layer per config entry");
            let units = l.units;
            let fan_in = kernel.len() / units;
            let input_scales = ranges(if i == 0 { x } else { &outputs[i - 1] }, fan_in);
            let mut weights = vec![0i8; units * fan_in];
            let mut scales = vec![0.0; units];
            for j in 0..units {
                // The kernel is `fan_in × units`, row-major: unit j's weights are a column,
                // each scaled by its input's range.
                let column = (0..fan_in).map(|r| kernel[r * units + j] * input_scales[r]);
                let t = scale_of(column.clone().fold(0.0, |m, v: f32| m.max(v.abs())));
                for (r, w) in column.enumerate() {
                    weights[j * fan_in + r] = quantize(w, t);
                }
                scales[j] = t;
            }
            layers.push(Layer {
                fan_in,
                units,
                weights,
                scales,
                bias: bias.to_vec(),
                input_scales,
                activation: l.activation,
                alpha: l.alpha(),
            });
        }
        Ok(QuantizedModel {
            layers,
            loss: model.loss(),
            float_bytes: model.parameter_count() * 4,
        })
    }

    /// The network's inputs per row.
    pub fn inputs(&self) -> usize {
        self.layers[0].fan_in
    }

    /// The network's outputs per row.
    pub fn outputs(&self) -> usize {
        self.layers.last().expect("non-empty").units
    }

    /// Bytes of the quantised network: one per weight, and `f32` per-unit scales and biases
    /// and per-input ranges.
    pub fn bytes(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.weights.len() + 4 * (l.scales.len() + l.bias.len() + l.input_scales.len()))
            .sum()
    }

    /// Bytes of the int8 network with its weights stored sparse, as deep compression (Han
    /// et al.) stores a pruned network: per unit, the non-zero int8 weights with their input
    /// indices (16-bit, 32-bit beyond 65,536 inputs) and a 32-bit row start, besides the
    /// scales, biases and input ranges. Below [`QuantizedModel::bytes`] once about two
    /// thirds of the weights are zero.
    pub fn sparse_bytes(&self) -> usize {
        self.layers
            .iter()
            .map(|l| {
                let index = if l.fan_in <= 1 << 16 { 2 } else { 4 };
                let nonzero = l.weights.iter().filter(|&&w| w != 0).count();
                nonzero * (1 + index)
                    + 4 * (l.units + 1)
                    + 4 * (l.scales.len() + l.bias.len() + l.input_scales.len())
            })
            .sum()
    }

    /// Bytes of the `f32` network it came from.
    pub fn float_bytes(&self) -> usize {
        self.float_bytes
    }

    /// Predictions for the rows of `x` (`rows × outputs`), as [`Model::predict`].
    ///
    /// # Errors
    /// `x` empty, not whole rows, or not finite.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        let inputs = self.inputs();
        if x.is_empty() || x.len() % inputs != 0 {
            return Err(Error::shape(
                "features",
                format!("a non-empty multiple of {inputs} values (rows × inputs)"),
                format!("{} values", x.len()),
            ));
        }
        if x.iter().any(|v| !v.is_finite()) {
            return Err(Error::data("features", "a value is not a finite number"));
        }
        let rows = x.len() / inputs;
        let mut a = x.to_vec();
        let mut q = Vec::new();
        let mut z = Vec::new();
        for l in &self.layers {
            q.clear();
            q.extend(a.chunks_exact(l.fan_in).flat_map(|row| {
                row.iter()
                    .zip(&l.input_scales)
                    .map(|(&v, &s)| quantize(v, s))
            }));
            z.clear();
            z.resize(rows * l.units, 0.0);
            for (qr, zr) in q.chunks_exact(l.fan_in).zip(z.chunks_exact_mut(l.units)) {
                for (j, zj) in zr.iter_mut().enumerate() {
                    let w = &l.weights[j * l.fan_in..(j + 1) * l.fan_in];
                    let sum = dot_i8(qr, w);
                    *zj = sum as f32 * l.scales[j] + l.bias[j];
                }
            }
            a.clear();
            a.resize(z.len(), 0.0);
            l.activation.forward(l.alpha, &z, &mut a, l.units);
        }
        let last = self.layers.last().expect("non-empty");
        squash_logits(self.loss, last.activation, last.units, &mut a);
        Ok(a)
    }
}

/// The int8 model set beside the `f32` one on the same rows.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub rows: usize,
    /// Accuracy of each (classification; `None` for regression).
    pub float_accuracy: Option<f64>,
    pub int8_accuracy: Option<f64>,
    /// The fraction of rows whose predicted class is the same (classification).
    pub agreement: Option<f64>,
    /// The largest difference between the two models' outputs.
    pub max_difference: f64,
    pub float_bytes: usize,
    pub int8_bytes: usize,
    /// The int8 weights stored sparse ([`QuantizedModel::sparse_bytes`]).
    pub sparse_bytes: usize,
}

/// The class of each row of `out` (`outputs` per row).
fn classes(out: &[f32], outputs: usize) -> Vec<usize> {
    out.chunks_exact(outputs).map(class_of).collect()
}

/// Compares `model` and its quantised form on `x` with targets `y` (`rows × outputs`, or
/// one class index per row).
///
/// # Errors
/// As [`Model::predict`], or `y` of another shape.
pub fn compare(
    model: &mut Model,
    quantized: &QuantizedModel,
    x: &[f32],
    y: &[f32],
) -> Result<Comparison> {
    let float = model.predict(x)?;
    let int8 = quantized.predict(x)?;
    let outputs = model.outputs();
    let rows = float.len() / outputs;
    if y.len() != float.len() && y.len() != rows {
        return Err(Error::shape(
            "targets",
            format!("{rows} class indices or {} values", float.len()),
            y.len(),
        ));
    }
    let max_difference = float
        .iter()
        .zip(&int8)
        .fold(0.0f64, |m, (a, b)| m.max((a - b).abs() as f64));
    let classify = model
        .loss()
        .is_some_and(|l| l.task() != crate::task::Task::Regression);
    let (mut float_accuracy, mut int8_accuracy, mut agreement) = (None, None, None);
    if classify {
        // Targets as the engine takes them: one-hot rows, or one class index per row.
        let t: Vec<usize> = if y.len() == rows && outputs > 1 {
            y.iter().map(|&c| c as usize).collect()
        } else {
            classes(y, outputs)
        };
        let (f, q) = (classes(&float, outputs), classes(&int8, outputs));
        let share = |n: usize| n as f64 / rows as f64;
        float_accuracy = Some(share(f.iter().zip(&t).filter(|(a, b)| a == b).count()));
        int8_accuracy = Some(share(q.iter().zip(&t).filter(|(a, b)| a == b).count()));
        agreement = Some(share(f.iter().zip(&q).filter(|(a, b)| a == b).count()));
    }
    Ok(Comparison {
        rows,
        float_accuracy,
        int8_accuracy,
        agreement,
        max_difference,
        float_bytes: quantized.float_bytes(),
        int8_bytes: quantized.bytes(),
        sparse_bytes: quantized.sparse_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantize_rounds_half_away_from_zero_and_clamps_as_round_does() {
        let mut x = -140.0f32;
        while x < 140.0 {
            for v in [
                x,
                x + 0.5,
                x - 0.5,
                f32::from_bits((x + 0.5).to_bits().saturating_sub(1)),
            ] {
                let want = v.round().clamp(-127.0, 127.0) as i8;
                assert_eq!(quantize(v, 1.0), want, "{v}");
            }
            x += 0.125;
        }
        assert_eq!(quantize(0.499_999_97, 1.0), 0);
        assert_eq!(quantize(-0.5, 1.0), -1);
        assert_eq!(quantize(1e30, 1.0), 127);
    }
    use crate::nn::{DenseConfig, ModelConfig};

    #[test]
    fn one_unit_by_hand() {
        // W = [0.5, -1.0], b = 0.25, calibrated on x = [1, -2]: input ranges s = [1, 2] / 127,
        // so q_x = [127, -127]. Folded weights w' = [0.5, -2] / 127, t = (2 / 127) / 127 =
        // 2 / 16129, q_w = [round(31.75), -127] = [32, -127]. The sum is 127·32 + 127·127 =
        // 20193, and z = 20193 · 2 / 16129 + 0.25 = 2.753937 (in f32: 2.75).
        let mut m = Model::new(ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs: 2,
            layers: vec![DenseConfig::new(1, Activation::Linear)],
            l1: 0.0,
            l2: 0.0,
            seed: 1,
        })
        .unwrap();
        m.set_params(&[0.5, -1.0, 0.25]).unwrap();
        let q = QuantizedModel::calibrate(&mut m, &[1.0, -2.0]).unwrap();
        let z = q.predict(&[1.0, -2.0]).unwrap();
        assert!((z[0] - 2.753937).abs() < 1e-5, "{z:?}");
        // 2 int8 weights, the unit's scale and bias, the 2 input ranges: 2 + 16 bytes.
        assert_eq!((q.bytes(), q.float_bytes()), (18, 12));
        // Sparse: 2 non-zero weights × (1 + 2 index bytes), 2 row starts, 4 floats: 6 + 8 + 16.
        assert_eq!(q.sparse_bytes(), 30);
        // A value beyond the calibrated range is clamped: x = [4, 0] reads as [1, 0], so
        // z = 127·32 · 2 / 16129 + 0.25 = 0.753937.
        let clamped = q.predict(&[4.0, 0.0]).unwrap();
        assert!((clamped[0] - 0.753937).abs() < 1e-5, "{clamped:?}");
    }

    #[test]
    fn a_logit_output_is_squashed_as_the_model_squashes_it() {
        // 3 → 4 tanh → 3 linear trained with categorical cross-entropy: predict gives softmax
        // rows, and so does the int8 model, within the quantisation error.
        let mut m = Model::new(ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs: 3,
            layers: vec![
                DenseConfig::new(4, Activation::Tanh),
                DenseConfig::new(3, Activation::Linear),
            ],
            l1: 0.0,
            l2: 0.0,
            seed: 5,
        })
        .unwrap();
        m.compile(
            Loss::CategoricalCrossentropy,
            crate::nn::OptimizerConfig::new(crate::nn::OptimizerKind::Sgd),
        )
        .unwrap();
        let x = [0.5, -1.0, 2.0, -0.3, 0.8, 0.1, 1.5, 1.5, -2.0];
        let q = QuantizedModel::calibrate(&mut m, &x).unwrap();
        let (float, int8) = (m.predict(&x).unwrap(), q.predict(&x).unwrap());
        for (f, i) in float.chunks(3).zip(int8.chunks(3)) {
            assert!((i.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{i:?}");
            assert!(
                f.iter().zip(i).all(|(a, b)| (a - b).abs() < 0.02),
                "{f:?} vs {i:?}"
            );
        }
    }
}
