//! Image augmentation for small greyscale images such as the 8×8 digits: each training
//! image gets shifted, noisy copies. Off unless configured; seeded.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::rng::Rng;

/// How to augment: `copies` new images per training image, each shifted by up to
/// `max_shift` pixels in each direction (the uncovered edge filled with the darkest value)
/// and given Gaussian noise of standard deviation `noise` (in pixel units), clamped to the
/// training range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct AugmentConfig {
    pub width: usize,
    pub height: usize,
    pub copies: usize,
    pub max_shift: usize,
    pub noise: f32,
    pub seed: u64,
}

impl Default for AugmentConfig {
    fn default() -> Self {
        AugmentConfig {
            width: 8,
            height: 8,
            copies: 1,
            max_shift: 1,
            noise: 0.5,
            seed: 1,
        }
    }
}

/// The most copies per image.
pub const MAX_COPIES: usize = 10;

impl AugmentConfig {
    pub fn check(&self) -> Result<()> {
        if self.width == 0 || self.height == 0 {
            return Err(Error::config(
                "augment",
                "width and height must be at least 1",
            ));
        }
        if self.copies == 0 || self.copies > MAX_COPIES {
            return Err(Error::config(
                "augment.copies",
                format!("must be between 1 and {MAX_COPIES}, got {}", self.copies),
            ));
        }
        if self.max_shift >= self.width.min(self.height) {
            return Err(Error::config(
                "augment.maxShift",
                format!(
                    "must be smaller than the image ({}×{})",
                    self.width, self.height
                ),
            ));
        }
        if !(self.noise.is_finite() && self.noise >= 0.0) {
            return Err(Error::config("augment.noise", "must be zero or positive"));
        }
        Ok(())
    }
}

/// Returns the images `x` (`rows × features`, row-major pixels) followed by `copies`
/// augmented copies of each, their targets `y` (one per row), and for every output row the
/// input row it came from.
///
/// # Errors
/// When `features` is not `width × height` or the settings are impossible.
pub fn augment_images(
    x: &[f32],
    y: &[f32],
    features: usize,
    config: &AugmentConfig,
) -> Result<(Vec<f32>, Vec<f32>, Vec<usize>)> {
    config.check()?;
    let (w, h) = (config.width, config.height);
    if features != w * h || x.len() != y.len() * features {
        return Err(Error::config(
            "augment",
            format!(
                "images of {w}×{h} need {} pixel features; the data has {features}",
                w * h
            ),
        ));
    }
    let rows = y.len();
    let lo = x.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut rng = Rng::seed(config.seed);
    let mut out_x = Vec::with_capacity(x.len() * (config.copies + 1));
    let mut out_y = Vec::with_capacity(rows * (config.copies + 1));
    let mut source = Vec::with_capacity(rows * (config.copies + 1));
    out_x.extend_from_slice(x);
    out_y.extend_from_slice(y);
    source.extend(0..rows);
    let span = 2 * config.max_shift + 1;
    let m = config.max_shift as isize;
    for _ in 0..config.copies {
        for (r, image) in x.chunks_exact(features).enumerate() {
            let dx = rng.below(span) as isize - m;
            let dy = rng.below(span) as isize - m;
            for row in 0..h as isize {
                for col in 0..w as isize {
                    let (sr, sc) = (row - dy, col - dx);
                    let v = if (0..h as isize).contains(&sr) && (0..w as isize).contains(&sc) {
                        image[sr as usize * w + sc as usize]
                    } else {
                        lo
                    };
                    let noisy = if config.noise > 0.0 {
                        (v + config.noise * rng.normal()).clamp(lo, hi)
                    } else {
                        v
                    };
                    out_x.push(noisy);
                }
            }
            out_y.push(y[r]);
            source.push(r);
        }
    }
    Ok((out_x, out_y, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_without_noise_moves_the_image_by_at_most_one_pixel() {
        // A 3×3 image with one bright pixel in the middle: every copy has the pixel at one
        // of the 9 positions within one step of the centre, and nothing else lit.
        let x = [0., 0., 0., 0., 9., 0., 0., 0., 0.];
        let config = AugmentConfig {
            width: 3,
            height: 3,
            copies: 10,
            max_shift: 1,
            noise: 0.0,
            seed: 3,
        };
        let (out, y, source) = augment_images(&x, &[1.0], 9, &config).unwrap();
        assert_eq!(out.len(), 9 * 11);
        assert_eq!(y, vec![1.0; 11]);
        assert_eq!(source, vec![0; 11]);
        for copy in out.chunks_exact(9) {
            assert_eq!(copy.iter().filter(|&&v| v == 9.0).count(), 1);
            assert_eq!(copy.iter().filter(|&&v| v == 0.0).count(), 8);
        }
    }
}
