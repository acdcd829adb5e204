//! The single seeded random-number generator: the only source of randomness in nnplay.
//!
//! ChaCha8 produces the same stream on every platform, so a seed gives the same weights,
//! the same shuffles and the same dropout masks natively and in WebAssembly.

use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// A seeded, platform-independent random-number generator.
#[derive(Clone, Debug)]
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn seed(seed: u64) -> Self {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in `[low, high)`.
    pub fn uniform(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.0.random::<f32>()
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f32 {
        self.0.random::<f32>()
    }

    /// A draw from the standard normal distribution.
    pub fn normal(&mut self) -> f32 {
        let v: f64 = StandardNormal.sample(&mut self.0);
        v as f32
    }

    /// A draw from a normal distribution truncated to two standard deviations (as Keras's
    /// `TruncatedNormal` and `HeNormal` do).
    pub fn truncated_normal(&mut self, std: f32) -> f32 {
        loop {
            let v = self.normal();
            if v.abs() <= 2.0 {
                return v * std;
            }
        }
    }

    /// An integer in `0..n` (`0 < n <= u32::MAX`), drawn as a `u32` so that the stream is the
    /// same on 32- and 64-bit targets.
    pub fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n as u32) as usize
    }

    /// Fisher–Yates shuffle in place (at most `u32::MAX` items).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.0.random_range(0..=i as u32) as usize;
            items.swap(i, j);
        }
    }
}
