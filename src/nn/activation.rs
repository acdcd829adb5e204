//! Activation functions, each with its derivative right beside it.

use crate::nn::kernels;

/// The activation applied after a dense layer's affine map. Names follow Keras.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Activation {
    /// `f(z) = z` (Keras's default: no activation).
    #[default]
    Linear,
    /// `f(z) = max(z, 0)`.
    Relu,
    /// `f(z) = z` for `z > 0`, `alpha * z` otherwise.
    LeakyRelu,
    /// `f(z) = z` for `z > 0`, `alpha * (exp(z) - 1)` otherwise.
    Elu,
    /// `f(z) = 1 / (1 + exp(-z))`.
    Sigmoid,
    /// `f(z) = tanh(z)`.
    Tanh,
    /// Row-wise `exp(z_i) / sum_j exp(z_j)`.
    Softmax,
}

crate::named!(Activation, "activation" {
    Linear => "linear" | "none" | "identity",
    Relu => "relu",
    LeakyRelu => "leaky_relu" | "leakyrelu",
    Elu => "elu",
    Sigmoid => "sigmoid",
    Tanh => "tanh",
    Softmax => "softmax",
});

impl Activation {
    /// The output layer's activation a task trains with by default: sigmoid for two
    /// classes, softmax for more, linear for a number.
    pub fn for_task(task: crate::task::Task) -> Activation {
        match task {
            crate::task::Task::Binary => Activation::Sigmoid,
            crate::task::Task::Multiclass => Activation::Softmax,
            crate::task::Task::Regression => Activation::Linear,
        }
    }

    /// The default `alpha` (Keras: `leaky_relu` negative slope 0.2, `elu` alpha 1.0).
    pub fn default_alpha(self) -> f32 {
        match self {
            Activation::LeakyRelu => 0.2,
            _ => 1.0,
        }
    }

    /// Applies the activation to `z` (a `rows × cols` row-major block), writing `a`.
    pub fn forward(self, alpha: f32, z: &[f32], a: &mut [f32], cols: usize) {
        debug_assert_eq!(z.len(), a.len());
        match self {
            Activation::Linear => a.copy_from_slice(z),
            Activation::Relu => {
                // A select rather than `max`, which WebAssembly lowers to a call.
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = if z > 0.0 { z } else { 0.0 };
                }
            }
            Activation::LeakyRelu => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = if z > 0.0 { z } else { alpha * z };
                }
            }
            Activation::Elu => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = if z > 0.0 { z } else { alpha * z.exp_m1() };
                }
            }
            Activation::Sigmoid => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = sigmoid(z);
                }
            }
            Activation::Tanh => kernels::tanh_slice(z, a),
            Activation::Softmax => {
                for (a, z) in a.chunks_exact_mut(cols).zip(z.chunks_exact(cols)) {
                    softmax_row(z, a);
                }
            }
        }
    }

    /// Back-propagates through the activation: given `da = dL/da`, the pre-activation `z` and
    /// the output `a`, overwrites `da` with `dL/dz`.
    pub fn backward(self, alpha: f32, z: &[f32], a: &[f32], da: &mut [f32], cols: usize) {
        match self {
            Activation::Linear => {}
            Activation::Relu => {
                for (d, &z) in da.iter_mut().zip(z) {
                    *d = if z <= 0.0 { 0.0 } else { *d };
                }
            }
            Activation::LeakyRelu => {
                for (d, &z) in da.iter_mut().zip(z) {
                    *d = if z <= 0.0 { *d * alpha } else { *d };
                }
            }
            Activation::Elu => {
                for ((d, &z), &a) in da.iter_mut().zip(z).zip(a) {
                    if z <= 0.0 {
                        // d/dz alpha (e^z - 1) = alpha e^z = a + alpha
                        *d *= a + alpha;
                    }
                }
            }
            Activation::Sigmoid => {
                for (d, &a) in da.iter_mut().zip(a) {
                    *d *= a * (1.0 - a);
                }
            }
            Activation::Tanh => {
                for (d, &a) in da.iter_mut().zip(a) {
                    *d *= 1.0 - a * a;
                }
            }
            Activation::Softmax => {
                // dz_i = a_i (da_i - sum_j da_j a_j)
                for (d, a) in da.chunks_exact_mut(cols).zip(a.chunks_exact(cols)) {
                    let dot: f32 = d.iter().zip(a).map(|(d, a)| d * a).sum();
                    for (d, &a) in d.iter_mut().zip(a) {
                        *d = a * (*d - dot);
                    }
                }
            }
        }
    }
}

/// Numerically safe logistic function.
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + kernels::exp(-z))
    } else {
        let e = kernels::exp(z);
        e / (1.0 + e)
    }
}

/// Softmax of one row, shifted by the row maximum so that no `exp` overflows.
pub fn softmax_row(z: &[f32], out: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for (o, &z) in out.iter_mut().zip(z) {
        *o = kernels::exp(z - max);
        sum += *o;
    }
    let inv = 1.0 / sum;
    for o in out.iter_mut() {
        *o *= inv;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_hand() {
        let z = [-2.0f32, -0.5, 0.0, 1.5];
        let mut a = [0.0f32; 4];
        Activation::LeakyRelu.forward(0.2, &z, &mut a, 4);
        assert_eq!(a, [-0.4, -0.1, 0.0, 1.5]);
        Activation::Elu.forward(1.0, &z, &mut a, 4);
        // e^-2 - 1 = -0.8646647, e^-0.5 - 1 = -0.3934693
        assert!((a[0] + 0.864_664_7).abs() < 1e-6 && (a[1] + 0.393_469_3).abs() < 1e-6);
        Activation::Softmax.forward(1.0, &[1.0, 2.0, 3.0], &mut a[..3], 3);
        // softmax([1,2,3]) = [0.09003057, 0.24472847, 0.66524096]
        for (got, want) in a[..3]
            .iter()
            .zip([0.090_030_57, 0.244_728_47, 0.665_240_96])
        {
            assert!((got - want).abs() < 1e-6);
        }
    }

    #[test]
    fn softmax_and_sigmoid_do_not_overflow() {
        let mut a = [0.0f32; 2];
        Activation::Softmax.forward(1.0, &[1000.0, -1000.0], &mut a, 2);
        assert_eq!(a, [1.0, 0.0]);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
    }

    #[test]
    fn parse_names() {
        for &act in Activation::ALL {
            assert_eq!(Activation::parse(act.name()).unwrap(), act);
        }
        let err = Activation::parse("swishy").unwrap_err().to_string();
        assert!(
            err.contains("swishy") && err.contains("leaky_relu"),
            "{err}"
        );
    }
}
