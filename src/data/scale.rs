//! Feature scaling fitted on the training rows: none, min-max to `[0, 1]`, or z-score.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How features are scaled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scaling {
    /// Values as they are.
    None,
    /// `(x - min) / (max - min)`, so training values lie in `[0, 1]`.
    MinMax,
    /// `(x - mean) / std` with the population standard deviation (scikit-learn's
    /// `StandardScaler`).
    #[default]
    Zscore,
}

crate::named!(Scaling, "scaling" {
    None => "none",
    MinMax => "minmax" | "min_max",
    Zscore => "zscore" | "z_score" | "standard",
});

/// A fitted scaler: `x' = (x - center) / spread`, feature by feature. Constant columns get
/// spread 1, so they become 0 (z-score) or 0 (min-max) instead of dividing by zero.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scaler {
    pub kind: Scaling,
    /// Per feature; empty for [`Scaling::None`].
    pub center: Vec<f32>,
    pub spread: Vec<f32>,
}

impl Scaler {
    /// Leaves the inputs in `range` as they are (centre 0, spread 1).
    pub fn leave(&mut self, range: std::ops::Range<usize>) {
        if self.center.is_empty() {
            return;
        }
        self.center[range.clone()].fill(0.0);
        self.spread[range].fill(1.0);
    }

    /// Fits on `x` (`rows × features`, row-major), statistics in `f64`.
    ///
    /// # Errors
    /// When `x` is not a whole number of rows or has no rows.
    pub fn fit(kind: Scaling, x: &[f32], features: usize) -> Result<Scaler> {
        if features == 0 || x.is_empty() || x.len() % features != 0 {
            return Err(Error::shape(
                "scaler input",
                format!("a non-empty multiple of {features} values"),
                x.len(),
            ));
        }
        let rows = x.len() / features;
        let (center, spread) = match kind {
            Scaling::None => (Vec::new(), Vec::new()),
            Scaling::MinMax => {
                let mut lo = vec![f32::INFINITY; features];
                let mut hi = vec![f32::NEG_INFINITY; features];
                for row in x.chunks_exact(features) {
                    for (j, &v) in row.iter().enumerate() {
                        lo[j] = lo[j].min(v);
                        hi[j] = hi[j].max(v);
                    }
                }
                let spread = lo
                    .iter()
                    .zip(&hi)
                    .map(|(&l, &h)| nonzero((h as f64 - l as f64) as f32))
                    .collect();
                (lo, spread)
            }
            Scaling::Zscore => {
                let mut sum = vec![0.0f64; features];
                for row in x.chunks_exact(features) {
                    for (s, &v) in sum.iter_mut().zip(row) {
                        *s += v as f64;
                    }
                }
                let mean: Vec<f64> = sum.iter().map(|s| s / rows as f64).collect();
                let mut sq = vec![0.0f64; features];
                for row in x.chunks_exact(features) {
                    for ((s, &v), m) in sq.iter_mut().zip(row).zip(&mean) {
                        *s += (v as f64 - m).powi(2);
                    }
                }
                let spread = sq
                    .iter()
                    .map(|s| nonzero((s / rows as f64).sqrt() as f32))
                    .collect();
                (mean.iter().map(|&m| m as f32).collect(), spread)
            }
        };
        Ok(Scaler {
            kind,
            center,
            spread,
        })
    }

    /// Scales `x` (`rows × features`) in place.
    pub fn apply(&self, x: &mut [f32]) {
        if self.kind == Scaling::None || self.center.is_empty() {
            return;
        }
        let features = self.center.len();
        for row in x.chunks_exact_mut(features) {
            for ((v, c), s) in row.iter_mut().zip(&self.center).zip(&self.spread) {
                *v = (*v - c) / s;
            }
        }
    }

    /// Checks a loaded scaler against the number of features it will scale.
    pub fn check(&self, features: usize) -> Result<()> {
        let want = if self.kind == Scaling::None {
            0
        } else {
            features
        };
        if self.center.len() != want || self.spread.len() != want {
            return Err(Error::file(
                "preprocessing.scaler",
                format!(
                    "expected {want} centers and spreads, got {} and {}",
                    self.center.len(),
                    self.spread.len()
                ),
            ));
        }
        if self
            .center
            .iter()
            .chain(&self.spread)
            .any(|v| !v.is_finite())
            || self.spread.contains(&0.0)
        {
            return Err(Error::file(
                "preprocessing.scaler",
                "holds a non-finite center or a zero spread",
            ));
        }
        Ok(())
    }
}

fn nonzero(spread: f32) -> f32 {
    if spread > 0.0 && spread.is_finite() {
        spread
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zscore_by_hand() {
        // Column 0: 1, 2, 3 → mean 2, population std sqrt(2/3) = 0.816497.
        // Column 1: constant 5 → spread 1, scaled to 0.
        let x = [1.0, 5.0, 2.0, 5.0, 3.0, 5.0];
        let s = Scaler::fit(Scaling::Zscore, &x, 2).unwrap();
        assert_eq!(s.center, vec![2.0, 5.0]);
        assert!((s.spread[0] - 0.816_497).abs() < 1e-6);
        assert_eq!(s.spread[1], 1.0);
        let mut y = x;
        s.apply(&mut y);
        assert!((y[0] + 1.224_745).abs() < 1e-5);
        assert_eq!(y[1], 0.0);
    }

    #[test]
    fn minmax_by_hand() {
        // Column 0: min 2, max 6 → 4 maps to 0.5; column 1 constant → 0.
        let x = [2.0, 7.0, 6.0, 7.0];
        let s = Scaler::fit(Scaling::MinMax, &x, 2).unwrap();
        let mut y = [4.0, 7.0];
        s.apply(&mut y);
        assert_eq!(y, [0.5, 0.0]);
    }
}
