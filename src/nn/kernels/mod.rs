//! Dense matrix kernels for the three products training needs. All matrices are row-major
//! `f32` slices. These are the hot path: they never allocate.
//!
//! Each product is computed block by block: a small block of the output (up to 4 rows × 8
//! columns) is held in registers while the whole shared dimension streams past it, so every
//! output is written once and every loaded value feeds several multiply-adds. On WebAssembly
//! built with `simd128` the blocks are explicit `f32x4` micro-kernels; everywhere else the
//! same blocking is written over plain arrays, which native compilers vectorise and which is
//! the scalar path for browsers without SIMD. Both paths add the products of each output in
//! the same order (shared index ascending), so they agree to the last bit with each other up
//! to the reassociation inside [`matmul_nt`]'s dot products.
//!
//! - [`gemm`]: the three products (`a·b + bias`, `aᵀ·b`, `a·bᵀ`);
//! - [`fast_math`]: `exp` and `tanh` within one unit in the last place;
//! - [`dot_i8`]: the int8 layers' exact integer dot product;
//! - `simd` (WebAssembly with simd128 only): the `f32x4` micro-kernels of both, and the
//!   `i16x8` dot product of `dot_i8`.

pub mod fast_math;
pub mod gemm;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

pub use fast_math::{exp, tanh, tanh_slice};
pub use gemm::{matmul, matmul_bias, matmul_nt, matmul_tn};

/// Whether every value is finite (neither infinite nor NaN). A value is finite exactly
/// when its bits with the sign cleared are below those of infinity, so the largest of
/// them answers: an integer maximum, which vectorises with no branch per element and no
/// dependency on the slow floating-point adder (the training step runs it over every
/// gradient).
pub fn all_finite(x: &[f32]) -> bool {
    const MAGNITUDE: u32 = 0x7fff_ffff;
    let largest = x
        .iter()
        .fold(0u32, |largest, v| largest.max(v.to_bits() & MAGNITUDE));
    largest < f32::INFINITY.to_bits()
}

/// `y += alpha * x`.
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
    }
}

/// `Σ x_i w_i` of int8 vectors, summed in `i32` — exact, so every build gives the same
/// sum (no overflow for lengths up to 133,000 of values in `[-127, 127]`). The int8
/// layers' inner loop: on WebAssembly with simd128, sixteen products at a time
/// (`i16x8` widening and `i32x4.dot_i16x8_s`); elsewhere sixteen running sums the compiler
/// vectorises.
#[inline]
pub fn dot_i8(x: &[i8], w: &[i8]) -> i32 {
    let n = x.len().min(w.len());
    let (x, w) = (&x[..n], &w[..n]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::dot_i8(x, w)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let mut acc = [0i32; 16];
        let (xc, wc) = (x.chunks_exact(16), w.chunks_exact(16));
        let tail: i32 = xc
            .remainder()
            .iter()
            .zip(wc.remainder())
            .map(|(&a, &b)| a as i32 * b as i32)
            .sum();
        for (x, w) in xc.zip(wc) {
            for j in 0..16 {
                acc[j] += x[j] as i32 * w[j] as i32;
            }
        }
        acc.iter().sum::<i32>() + tail
    }
}

/// Dot product with eight independent accumulators (so the compiler can vectorise it).
#[inline]
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let xc = x.chunks_exact(8);
    let yc = y.chunks_exact(8);
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (x, y) in xc.zip(yc) {
        for j in 0..8 {
            acc[j] += x[j] * y[j];
        }
    }
    let mut tail = 0.0;
    for (x, y) in xr.iter().zip(yr) {
        tail += x * y;
    }
    (acc[0] + acc[4]) + (acc[1] + acc[5]) + (acc[2] + acc[6]) + (acc[3] + acc[7]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_by_hand() {
        // a = [[1,2,3],[4,5,6]] (2×3), b = [[1,0],[0,1],[1,1]] (3×2)
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let b = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        let mut c = [0.0; 4];
        matmul(&a, &b, &mut c, 2, 3, 2);
        assert_eq!(c, [4.0, 5.0, 10.0, 11.0]);
        // ... + bias [10, 20] on every row
        matmul_bias(&a, &b, &[10.0, 20.0], &mut c, 2, 3, 2);
        assert_eq!(c, [14.0, 25.0, 20.0, 31.0]);
        // aᵀ·[[1,2],[3,4]] = [[13,18],[17,24],[21,30]]
        let mut c = [0.0; 6];
        matmul_tn(&a, &[1.0, 2.0, 3.0, 4.0], &mut c, 2, 3, 2);
        assert_eq!(c, [13.0, 18.0, 17.0, 24.0, 21.0, 30.0]);
        // a·aᵀ = [[14,32],[32,77]]
        let mut c = [0.0; 4];
        matmul_nt(&a, &a, &mut c, 2, 2, 3);
        assert_eq!(c, [14.0, 32.0, 32.0, 77.0]);
    }

    #[test]
    fn non_finite_values_are_found_anywhere() {
        let mut x = vec![1e38f32; 21];
        // The plain sum of these overflows, yet every value is finite.
        assert!(all_finite(&x));
        x[3] = -0.0;
        x[4] = f32::MAX;
        x[5] = -f32::MAX;
        x[6] = f32::MIN_POSITIVE / 2.0;
        assert!(all_finite(&x));
        for bad in [f32::NAN, -f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            for i in [0, 7, 8, 15, 16, 20] {
                let keep = x[i];
                x[i] = bad;
                assert!(!all_finite(&x), "{bad} at {i}");
                x[i] = keep;
            }
        }
        assert!(all_finite(&[]));
    }

    /// Against the f64 standard functions rounded to f32 (the correctly rounded value but
    /// for near-ties), over a dense sweep, the extremes and the specials: never more than
    /// one unit in the last place apart. (glibc's own `tanhf` is off by 2 at -0.9915029.)
    #[test]
    fn exp_and_tanh_are_within_one_ulp() {
        fn ulps(a: f32, b: f32) -> u32 {
            if a == b {
                return 0;
            }
            (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs() as u32
        }
        let check = |x: f32| {
            let (e, t) = ((x as f64).exp() as f32, (x as f64).tanh() as f32);
            assert!(ulps(exp(x), e) <= 1, "exp({x}) = {} vs {e}", exp(x));
            assert!(ulps(tanh(x), t) <= 1, "tanh({x}) = {} vs {t}", tanh(x));
        };
        let mut x = -105.0f32;
        while x < 90.0 {
            check(x);
            x += if x.abs() < 1.0 { 1.0e-4 } else { 3.7e-3 };
        }
        for x in [
            0.0f32, -0.0, 1e-30, -1e-30, 1e-8, 3e-4, 0.1733, 0.1734, 9.0, -9.1, 20.0,
        ] {
            check(x);
        }
        assert_eq!(tanh(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp(f32::INFINITY), f32::INFINITY);
        assert_eq!(tanh(f32::INFINITY), 1.0);
        assert_eq!(tanh(f32::NEG_INFINITY), -1.0);
        assert!(exp(f32::NAN).is_nan() && tanh(f32::NAN).is_nan());
    }
}
