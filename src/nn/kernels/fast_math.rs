//! `exp` and `tanh` for f32, computed in f64 from a range-reduced series: within one unit
//! in the last place, and far cheaper in WebAssembly than the software `expf`.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use super::simd;

/// `2^52 + 2^51`: adding and subtracting it rounds an f64 of magnitude below `2^51` to the
/// nearest integer (ties to even) with two additions, on every target.
pub(super) const ROUND: f64 = 6_755_399_441_055_744.0;

/// `e^r - 1` for `|r| <= ln(2) / 2`, by its Taylor series to `r^8`: the next term is below
/// `2e-10` relative, far inside the half unit in the last place (`3e-8`) of the f32 results
/// built on it.
///
/// The polynomial is evaluated by Estrin's scheme (pairs of terms, then pairs of pairs),
/// whose dependency chain is half as long as Horner's, so that vector loops over it are
/// not held up by the latency of each multiply and add.
#[inline(always)]
fn expm1_reduced(r: f64) -> f64 {
    let c = EXPM1_C;
    let r2 = r * r;
    let r4 = r2 * r2;
    let p = (c[0] + c[1] * r + r2 * (c[2] + c[3] * r)) + r4 * (c[4] + c[5] * r + r2 * c[6]);
    r + r2 * p
}

/// Taylor coefficients `1/2!` to `1/8!` of `(e^r - 1 - r) / r^2`.
pub(super) const EXPM1_C: [f64; 7] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
];

/// `(2^k, e^r - 1)` with `x = k ln 2 + r`, `|r| <= ln(2) / 2`, for `x` in `[-745, 709]`
/// (or NaN, which gives NaN). Branch-free, so loops over it vectorise.
#[inline(always)]
fn reduce(x: f64) -> (f64, f64) {
    let shifted = x * std::f64::consts::LOG2_E + ROUND;
    let k = shifted - ROUND;
    // The low bits of `shifted` hold k: move them into the exponent field.
    let k_bits = shifted.to_bits().wrapping_sub(ROUND.to_bits());
    let scale = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    (scale, expm1_reduced(x - k * std::f64::consts::LN_2))
}

/// `e^x`, correctly rounded to f32 but for rare ties (computed in f64 from a
/// range-reduced Taylor series). The same values as `f32::exp` to within one unit in the
/// last place, at a fraction of the cost in WebAssembly, whose `expf` is a slow software
/// routine; branch-free, so loops over it vectorise.
#[inline]
pub fn exp(x: f32) -> f32 {
    // Selects, not `min`/`max` (a call in WebAssembly); NaN fails both tests and stays.
    // Beyond these bounds the f32 result is already infinity or zero.
    let x = if x > 88.8 { 88.8 } else { x };
    let x = if x < -104.0 { -104.0 } else { x } as f64;
    let (scale, em) = reduce(x);
    (scale * (1.0 + em)) as f32
}

/// `tanh(x)`, as [`exp`]: within one unit in the last place, much faster in WebAssembly.
/// `tanh x = em / (em + 2)` with `em = e^{2|x|} - 1`; near zero `em` comes straight from the
/// series, which keeps full relative accuracy.
#[inline]
pub fn tanh(x: f32) -> f32 {
    // |tanh x| rounds to 1 in f32 from |x| ≈ 9; NaN fails the test and stays.
    let y = 2.0 * (x as f64).abs();
    let y = if y > 40.0 { 40.0 } else { y };
    let (scale, p) = reduce(y);
    // `e^y - 1 = 2^k (1 + p) - 1`, as `2^k p + (2^k - 1)`: the product is exact and so is
    // `2^k - 1` for the `k <= 53` that matter, so one rounding; and it is exactly `p` when
    // `k = 0`, which keeps full relative accuracy near zero.
    let em = scale * p + (scale - 1.0);
    ((em / (em + 2.0)) as f32).copysign(x)
}

/// `a[i] = tanh(z[i])` ([`tanh`] on every value).
///
/// # Shapes
/// `z` and `a` have the same length.
pub fn tanh_slice(z: &[f32], a: &mut [f32]) {
    assert_eq!(z.len(), a.len());
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        // SAFETY: `z` and `a` have the same length.
        unsafe { simd::tanh_slice(z, a) };
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (a, &z) in a.iter_mut().zip(z) {
        *a = tanh(z);
    }
}
