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

/// Output rows per block.
const MR: usize = 4;
/// Output columns per block (two `f32x4` vectors).
const NR: usize = 8;

/// A matrix operand read as `at(r, t) = data[r * row_stride + t * depth_stride]`: a
/// row-major matrix (`row_stride = cols`, `depth_stride = 1`) or the transpose of one
/// (`row_stride = 1`, `depth_stride = cols`).
#[derive(Clone, Copy)]
struct Strided<'a> {
    data: &'a [f32],
    row_stride: usize,
    depth_stride: usize,
}

/// `c = a · b`.
///
/// # Shapes
/// `a`: `m × k`, `b`: `k × n`, `c`: `m × n`.
pub fn matmul(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    let a = Strided {
        data: a,
        row_stride: k,
        depth_stride: 1,
    };
    gemm(a, b, None, c, m, k, n);
}

/// `c = a · b + bias`, the bias added to every row (a dense layer's affine map).
///
/// # Shapes
/// `a`: `m × k`, `b`: `k × n`, `bias`: `n`, `c`: `m × n`.
pub fn matmul_bias(
    a: &[f32],
    b: &[f32],
    bias: &[f32],
    c: &mut [f32],
    m: usize,
    k: usize,
    n: usize,
) {
    assert!(a.len() >= m * k && b.len() >= k * n && bias.len() >= n && c.len() >= m * n);
    let a = Strided {
        data: a,
        row_stride: k,
        depth_stride: 1,
    };
    gemm(a, b, Some(bias), c, m, k, n);
}

/// `c = aᵀ · b`.
///
/// # Shapes
/// `a`: `m × k`, `b`: `m × n`, `c`: `k × n`.
pub fn matmul_tn(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    assert!(a.len() >= m * k && b.len() >= m * n && c.len() >= k * n);
    let a = Strided {
        data: a,
        row_stride: 1,
        depth_stride: k,
    };
    gemm(a, b, None, c, k, m, n);
}

/// `c = a · bᵀ`.
///
/// # Shapes
/// `a`: `m × n`, `b`: `k × n`, `c`: `m × k`.
pub fn matmul_nt(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    assert!(a.len() >= m * n && b.len() >= k * n && c.len() >= m * k);
    dots(a, b, c, m, k, n);
}

/// `c[r][j] = bias[j] + sum over t of a(r, t) * b[t][j]`.
///
/// # Shapes
/// `a`: `rows × depth` (strided), `b`: `depth × cols`, `bias`: `cols`, `c`: `rows × cols`.
fn gemm(
    a: Strided,
    b: &[f32],
    bias: Option<&[f32]>,
    c: &mut [f32],
    rows: usize,
    depth: usize,
    cols: usize,
) {
    let mut r = 0;
    while r < rows {
        let mr = MR.min(rows - r);
        match mr {
            4 => row_block::<4>(a, b, bias, c, r, depth, cols),
            3 => row_block::<3>(a, b, bias, c, r, depth, cols),
            2 => row_block::<2>(a, b, bias, c, r, depth, cols),
            _ => row_block::<1>(a, b, bias, c, r, depth, cols),
        }
        r += mr;
    }
}

/// Output rows `r0..r0 + R`, all columns: blocks of 8, then 4, then single columns.
#[inline(always)]
fn row_block<const R: usize>(
    a: Strided,
    b: &[f32],
    bias: Option<&[f32]>,
    c: &mut [f32],
    r0: usize,
    depth: usize,
    cols: usize,
) {
    let mut j = 0;
    while j + NR <= cols {
        block::<R, 8>(a, b, bias, c, r0, j, depth, cols);
        j += NR;
    }
    if j + 4 <= cols {
        block::<R, 4>(a, b, bias, c, r0, j, depth, cols);
        j += 4;
    }
    while j < cols {
        block::<R, 1>(a, b, bias, c, r0, j, depth, cols);
        j += 1;
    }
}

/// The `R × C` output block at rows `r0..`, columns `j0..`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn block<const R: usize, const C: usize>(
    a: Strided,
    b: &[f32],
    bias: Option<&[f32]>,
    c: &mut [f32],
    r0: usize,
    j0: usize,
    depth: usize,
    cols: usize,
) {
    // Bounds for every access below, checked once so the loops run unchecked.
    if depth > 0 {
        let last_a = (r0 + R - 1) * a.row_stride + (depth - 1) * a.depth_stride;
        assert!(last_a < a.data.len() && (depth - 1) * cols + j0 + C <= b.len());
    }
    assert!((r0 + R - 1) * cols + j0 + C <= c.len());
    assert!(bias.is_none_or(|bias| j0 + C <= bias.len()));
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        if C % 4 == 0 {
            // SAFETY: the asserts above bound every index the kernel reads or writes.
            unsafe { simd::block::<R, C>(a, b, bias, c, r0, j0, depth, cols) };
            return;
        }
        if R == 4 && cols == 1 {
            // SAFETY: as above; with one column, `j0 = 0` and the four outputs are
            // contiguous.
            unsafe { simd::column(a, b, bias, c, r0, depth) };
            return;
        }
    }
    let mut acc = [[0.0f32; C]; R];
    if let Some(bias) = bias {
        for row in acc.iter_mut() {
            row.copy_from_slice(&bias[j0..j0 + C]);
        }
    }
    for t in 0..depth {
        // SAFETY: bounded by the asserts above.
        let bt: [f32; C] = unsafe { *(b.as_ptr().add(t * cols + j0) as *const [f32; C]) };
        for (i, row) in acc.iter_mut().enumerate() {
            let ait = unsafe {
                *a.data
                    .get_unchecked((r0 + i) * a.row_stride + t * a.depth_stride)
            };
            for (acc, &b) in row.iter_mut().zip(&bt) {
                *acc += ait * b;
            }
        }
    }
    for (i, row) in acc.iter().enumerate() {
        let start = (r0 + i) * cols + j0;
        c[start..start + C].copy_from_slice(row);
    }
}

/// `c[i][p] = a[i] · b[p]` for rows of `a` (`m × n`) and rows of `b` (`k × n`).
fn dots(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if n >= 4 || n == 1 {
        // SAFETY: `matmul_nt` checked the lengths of `a`, `b` and `c`.
        unsafe { simd::dots(a, b, c, m, k, n) };
        return;
    }
    if n == 0 {
        c[..m * k].fill(0.0);
        return;
    }
    if n == 1 {
        // An outer product.
        for (ci, &ai) in c[..m * k].chunks_exact_mut(k).zip(a) {
            for (c, &bp) in ci.iter_mut().zip(&b[..k]) {
                *c = ai * bp;
            }
        }
        return;
    }
    if n < 8 {
        // Too short for `dot`'s eight lanes.
        for (ci, ai) in c[..m * k].chunks_exact_mut(k).zip(a.chunks_exact(n)) {
            for (c, bp) in ci.iter_mut().zip(b.chunks_exact(n)) {
                *c = ai.iter().zip(bp).map(|(x, y)| x * y).sum();
            }
        }
        return;
    }
    for i in 0..m {
        let ai = &a[i * n..(i + 1) * n];
        for p in 0..k {
            c[i * k + p] = dot(ai, &b[p * n..(p + 1) * n]);
        }
    }
}

/// `2^52 + 2^51`: adding and subtracting it rounds an f64 of magnitude below `2^51` to the
/// nearest integer (ties to even) with two additions, on every target.
const ROUND: f64 = 6_755_399_441_055_744.0;

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
const EXPM1_C: [f64; 7] = [
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

/// Whether every value is finite (neither infinite nor NaN). `x * 0` is NaN exactly for
/// the non-finite `x`, and NaN survives any sum, so eight running sums of `x * 0` answer in
/// one vectorised pass with no branch per element and no overflow.
pub fn all_finite(x: &[f32]) -> bool {
    let mut acc = [0.0f32; 8];
    let chunks = x.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (acc, &x) in acc.iter_mut().zip(chunk) {
            *acc += x * 0.0;
        }
    }
    acc.iter().chain(tail).all(|v| v.is_finite())
}

/// `y += alpha * x`.
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
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

/// The `f32x4` micro-kernels.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    use super::Strided;

    #[inline(always)]
    unsafe fn load(p: *const f32) -> v128 {
        v128_load(p as *const v128)
    }

    #[inline(always)]
    unsafe fn splat(p: *const f32) -> v128 {
        v128_load32_splat(p as *const u32)
    }

    /// `acc + x * y`, rounded twice. (Relaxed SIMD's fused `f32x4.relaxed_madd` gains
    /// 10–15 % on the largest products, but rounds differently from one CPU to the next.)
    #[inline(always)]
    fn madd(acc: v128, x: v128, y: v128) -> v128 {
        f32x4_add(acc, f32x4_mul(x, y))
    }

    /// [`super::block`] for `C` = 4 or 8 columns.
    ///
    /// # Safety
    /// Every index of `a`, `b`, `bias` and `c` the block touches must be in bounds.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) unsafe fn block<const R: usize, const C: usize>(
        a: Strided,
        b: &[f32],
        bias: Option<&[f32]>,
        c: &mut [f32],
        r0: usize,
        j0: usize,
        depth: usize,
        cols: usize,
    ) {
        debug_assert!(C == 4 || C == 8);
        let v = C / 4;
        let init = match bias {
            Some(bias) => {
                let p = bias.as_ptr().add(j0);
                [
                    load(p),
                    if v == 2 {
                        load(p.add(4))
                    } else {
                        f32x4_splat(0.0)
                    },
                ]
            }
            None => [f32x4_splat(0.0); 2],
        };
        let mut acc = [init; R];
        let mut ap = a.data.as_ptr().add(r0 * a.row_stride);
        let mut bp = b.as_ptr().add(j0);
        for _ in 0..depth {
            let b0 = load(bp);
            let b1 = if v == 2 { load(bp.add(4)) } else { b0 };
            for (i, acc) in acc.iter_mut().enumerate() {
                let ai = splat(ap.add(i * a.row_stride));
                acc[0] = madd(acc[0], ai, b0);
                if v == 2 {
                    acc[1] = madd(acc[1], ai, b1);
                }
            }
            ap = ap.add(a.depth_stride);
            bp = bp.add(cols);
        }
        for (i, acc) in acc.iter().enumerate() {
            let p = c.as_mut_ptr().add((r0 + i) * cols + j0);
            v128_store(p as *mut v128, acc[0]);
            if v == 2 {
                v128_store(p.add(4) as *mut v128, acc[1]);
            }
        }
    }

    /// [`super::expm1_reduced`] on two values.
    #[inline(always)]
    fn expm1_reduced(r: v128) -> v128 {
        let c = super::EXPM1_C.map(|c| f64x2_splat(c));
        let pair = |a: v128, b: v128| f64x2_add(a, f64x2_mul(b, r));
        let r2 = f64x2_mul(r, r);
        let r4 = f64x2_mul(r2, r2);
        let low = f64x2_add(pair(c[0], c[1]), f64x2_mul(r2, pair(c[2], c[3])));
        let high = f64x2_add(pair(c[4], c[5]), f64x2_mul(r2, c[6]));
        let p = f64x2_add(low, f64x2_mul(r4, high));
        f64x2_add(r, f64x2_mul(r2, p))
    }

    /// [`super::tanh`] on two `f64x2` vectors at once (the same operations in the same
    /// order, so the same bits), for four `f32` values `x`.
    #[inline(always)]
    fn tanh4(x: v128) -> v128 {
        const ROUND: f64 = super::ROUND;
        let abs = f32x4_abs(x);
        let half = [
            f64x2_promote_low_f32x4(abs),
            f64x2_promote_low_f32x4(i32x4_shuffle::<2, 3, 2, 3>(abs, abs)),
        ];
        let out = half.map(|h| {
            let y = f64x2_add(h, h);
            // `y > 40 ? 40 : y`; NaN stays.
            let y = f64x2_pmin(y, f64x2_splat(40.0));
            let shifted = f64x2_add(
                f64x2_mul(y, f64x2_splat(std::f64::consts::LOG2_E)),
                f64x2_splat(ROUND),
            );
            let k = f64x2_sub(shifted, f64x2_splat(ROUND));
            let r = f64x2_sub(y, f64x2_mul(k, f64x2_splat(std::f64::consts::LN_2)));
            let p = expm1_reduced(r);
            // 2^k: the low bits of `shifted` moved into the exponent field (the low twelve
            // bits of `ROUND` are zero, so they drop out of the shift).
            let scale = i64x2_add(i64x2_shl(shifted, 52), i64x2_splat(1.0f64.to_bits() as i64));
            let em = f64x2_add(f64x2_mul(scale, p), f64x2_sub(scale, f64x2_splat(1.0)));
            f64x2_div(em, f64x2_add(em, f64x2_splat(2.0)))
        });
        let t = i32x4_shuffle::<0, 1, 4, 5>(
            f32x4_demote_f64x2_zero(out[0]),
            f32x4_demote_f64x2_zero(out[1]),
        );
        // copysign(t, x): t is never negative here.
        v128_or(t, v128_and(x, u32x4_splat(0x8000_0000)))
    }

    /// [`super::tanh_slice`].
    ///
    /// # Safety
    /// `z` and `a` must have the same length.
    pub(super) unsafe fn tanh_slice(z: &[f32], a: &mut [f32]) {
        let n = z.len();
        let mut i = 0;
        while i + 8 <= n {
            let t0 = tanh4(load(z.as_ptr().add(i)));
            let t1 = tanh4(load(z.as_ptr().add(i + 4)));
            v128_store(a.as_mut_ptr().add(i) as *mut v128, t0);
            v128_store(a.as_mut_ptr().add(i + 4) as *mut v128, t1);
            i += 8;
        }
        while i + 4 <= n {
            let t = tanh4(load(z.as_ptr().add(i)));
            v128_store(a.as_mut_ptr().add(i) as *mut v128, t);
            i += 4;
        }
        if i < n && n >= 4 {
            // The last four values, overlapping some already done: the same bits again,
            // cheaper than one-value calls.
            let t = tanh4(load(z.as_ptr().add(n - 4)));
            v128_store(a.as_mut_ptr().add(n - 4) as *mut v128, t);
        } else {
            for (a, &z) in a[i..].iter_mut().zip(&z[i..]) {
                *a = super::tanh(z);
            }
        }
    }

    /// [`super::block`] for four rows of a one-column product: the four rows side by side
    /// in one vector, each output still summed in order of the shared index.
    ///
    /// # Safety
    /// Every index of `a`, `b`, `bias` and `c` the block touches must be in bounds, and
    /// `b` and `c` must have one column.
    #[inline(always)]
    pub(super) unsafe fn column(
        a: Strided,
        b: &[f32],
        bias: Option<&[f32]>,
        c: &mut [f32],
        r0: usize,
        depth: usize,
    ) {
        let mut acc = match bias {
            Some(bias) => splat(bias.as_ptr()),
            None => f32x4_splat(0.0),
        };
        let rs = a.row_stride;
        let mut ap = a.data.as_ptr().add(r0 * rs);
        if rs == 1 {
            // A transposed operand: the four rows' values are adjacent.
            for t in 0..depth {
                acc = madd(acc, load(ap), splat(b.as_ptr().add(t)));
                ap = ap.add(a.depth_stride);
            }
        } else {
            for t in 0..depth {
                let at = f32x4(*ap, *ap.add(rs), *ap.add(2 * rs), *ap.add(3 * rs));
                acc = madd(acc, at, splat(b.as_ptr().add(t)));
                ap = ap.add(a.depth_stride);
            }
        }
        v128_store(c.as_mut_ptr().add(r0) as *mut v128, acc);
    }

    /// Sums each of four vectors across its lanes: `[Σx0, Σx1, Σx2, Σx3]`.
    #[inline(always)]
    fn sum4(x0: v128, x1: v128, x2: v128, x3: v128) -> v128 {
        let s01 = f32x4_add(
            i32x4_shuffle::<0, 4, 1, 5>(x0, x1),
            i32x4_shuffle::<2, 6, 3, 7>(x0, x1),
        );
        let s23 = f32x4_add(
            i32x4_shuffle::<0, 4, 1, 5>(x2, x3),
            i32x4_shuffle::<2, 6, 3, 7>(x2, x3),
        );
        f32x4_add(
            i32x4_shuffle::<0, 1, 4, 5>(s01, s23),
            i32x4_shuffle::<2, 3, 6, 7>(s01, s23),
        )
    }

    /// [`super::dots`]: blocks of `R` rows of `a` against 4 rows of `b`, the shared
    /// dimension in `f32x4` steps with a scalar tail.
    ///
    /// # Safety
    /// `a`, `b`, `c` must hold `m × n`, `k × n` and `m × k` values; `n >= 4` or `n == 1`.
    pub(super) unsafe fn dots(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
        if n == 1 {
            // An outer product: row `i` of `c` is `a[i]` times `b`.
            for i in 0..m {
                let ai = splat(a.as_ptr().add(i));
                let ci = c.as_mut_ptr().add(i * k);
                let mut p = 0;
                while p + 4 <= k {
                    v128_store(
                        ci.add(p) as *mut v128,
                        f32x4_mul(ai, load(b.as_ptr().add(p))),
                    );
                    p += 4;
                }
                while p < k {
                    *ci.add(p) = a[i] * b[p];
                    p += 1;
                }
            }
            return;
        }
        let mut i = 0;
        while i + 2 <= m {
            dot_rows::<2>(a, b, c, i, k, n);
            i += 2;
        }
        if i < m {
            dot_rows::<1>(a, b, c, i, k, n);
        }
    }

    #[inline(always)]
    unsafe fn dot_rows<const R: usize>(
        a: &[f32],
        b: &[f32],
        c: &mut [f32],
        i0: usize,
        k: usize,
        n: usize,
    ) {
        let n4 = n & !3;
        let ap = a.as_ptr().add(i0 * n);
        let mut p = 0;
        while p + 4 <= k {
            let bp = b.as_ptr().add(p * n);
            let mut acc = [[f32x4_splat(0.0); 4]; R];
            let mut j = 0;
            while j < n4 {
                let bv = [
                    load(bp.add(j)),
                    load(bp.add(n + j)),
                    load(bp.add(2 * n + j)),
                    load(bp.add(3 * n + j)),
                ];
                for (r, acc) in acc.iter_mut().enumerate() {
                    let av = load(ap.add(r * n + j));
                    for q in 0..4 {
                        acc[q] = madd(acc[q], av, bv[q]);
                    }
                }
                j += 4;
            }
            for (r, acc) in acc.iter().enumerate() {
                let mut out = sum4(acc[0], acc[1], acc[2], acc[3]);
                if n4 < n {
                    let mut tail = [0.0f32; 4];
                    for (q, t) in tail.iter_mut().enumerate() {
                        for j in n4..n {
                            *t += *ap.add(r * n + j) * *bp.add(q * n + j);
                        }
                    }
                    out = f32x4_add(out, load(tail.as_ptr()));
                }
                v128_store(c.as_mut_ptr().add((i0 + r) * k + p) as *mut v128, out);
            }
            p += 4;
        }
        while p < k {
            let bp = b.as_ptr().add(p * n);
            for r in 0..R {
                let mut acc = f32x4_splat(0.0);
                let mut j = 0;
                while j < n4 {
                    acc = madd(acc, load(ap.add(r * n + j)), load(bp.add(j)));
                    j += 4;
                }
                let mut s = f32x4_extract_lane::<0>(acc)
                    + f32x4_extract_lane::<1>(acc)
                    + (f32x4_extract_lane::<2>(acc) + f32x4_extract_lane::<3>(acc));
                for j in n4..n {
                    s += *ap.add(r * n + j) * *bp.add(j);
                }
                *c.as_mut_ptr().add((i0 + r) * k + p) = s;
            }
            p += 1;
        }
    }
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
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
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
