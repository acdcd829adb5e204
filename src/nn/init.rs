//! Weight initialisers (Keras's formulas). Biases always start at zero.

use crate::rng::Rng;

/// How a dense layer's kernel is initialised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Init {
    /// `U(-l, l)`, `l = sqrt(6 / (fan_in + fan_out))` — Keras's default.
    #[default]
    GlorotUniform,
    /// Truncated normal with `std = sqrt(2 / fan_in) / 0.87962566` (Keras `HeNormal`).
    HeNormal,
    /// `U(-l, l)`, `l = sqrt(6 / fan_in)`.
    HeUniform,
    /// All zeros.
    Zeros,
}

crate::named!(Init, "initializer" {
    GlorotUniform => "glorot_uniform" | "xavier_uniform" | "glorot" | "xavier",
    HeNormal => "he_normal",
    HeUniform => "he_uniform",
    Zeros => "zeros",
});

impl Init {
    /// Fills a `fan_in × fan_out` kernel.
    pub fn fill(self, w: &mut [f32], fan_in: usize, fan_out: usize, rng: &mut Rng) {
        match self {
            Init::GlorotUniform => {
                let limit = (6.0 / (fan_in + fan_out) as f32).sqrt();
                w.iter_mut().for_each(|w| *w = rng.uniform(-limit, limit));
            }
            Init::HeUniform => {
                let limit = (6.0 / fan_in as f32).sqrt();
                w.iter_mut().for_each(|w| *w = rng.uniform(-limit, limit));
            }
            Init::HeNormal => {
                // Keras divides by the std of a unit normal truncated at ±2 so that the
                // truncated draw has the intended variance 2 / fan_in.
                let std = (2.0 / fan_in as f32).sqrt() / 0.879_625_7;
                w.iter_mut().for_each(|w| *w = rng.truncated_normal(std));
            }
            Init::Zeros => w.fill(0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(v: &[f32]) -> (f32, f32, f32) {
        let n = v.len() as f32;
        let mean = v.iter().sum::<f32>() / n;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n;
        let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        (mean, var, max)
    }

    #[test]
    fn variances_match_the_formulas() {
        let mut rng = Rng::seed(1);
        let (fan_in, fan_out) = (200, 100);
        let mut w = vec![0.0; fan_in * fan_out];
        // Glorot uniform: var = l^2 / 3 = 2 / (fan_in + fan_out) = 0.0066667
        Init::GlorotUniform.fill(&mut w, fan_in, fan_out, &mut rng);
        let (mean, var, max) = moments(&w);
        assert!(mean.abs() < 2e-3 && (var - 2.0 / 300.0).abs() < 2e-4 && max <= 0.1415);
        // He uniform: var = 2 / fan_in = 0.01
        Init::HeUniform.fill(&mut w, fan_in, fan_out, &mut rng);
        let (_, var, max) = moments(&w);
        assert!((var - 0.01).abs() < 3e-4 && max <= (6.0f32 / 200.0).sqrt());
        // He normal: var = 2 / fan_in = 0.01, truncated at 2 std of the untruncated normal
        Init::HeNormal.fill(&mut w, fan_in, fan_out, &mut rng);
        let (_, var, max) = moments(&w);
        assert!((var - 0.01).abs() < 3e-4, "{var}");
        assert!(max <= 2.0 * 0.1 / 0.879_625_7 + 1e-6);
    }
}
