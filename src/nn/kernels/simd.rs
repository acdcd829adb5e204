//! The `f32x4` micro-kernels of the WebAssembly SIMD build (simd128): the products'
//! blocks and `tanh` four values at a time.

use core::arch::wasm32::*;

use super::fast_math::{EXPM1_C, ROUND as ROUND_F64};
use super::gemm::Product;

#[inline(always)]
unsafe fn load(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}

#[inline(always)]
unsafe fn splat(p: *const f32) -> v128 {
    v128_load32_splat(p as *const u32)
}

/// `acc + x * y`, rounded twice: plain simd128 has no fused multiply-add.
#[cfg(not(target_feature = "relaxed-simd"))]
#[inline(always)]
fn madd(acc: v128, x: v128, y: v128) -> v128 {
    f32x4_add(acc, f32x4_mul(x, y))
}

/// `acc + x * y` in one instruction, `f32x4.relaxed_madd` (the relaxed-SIMD build): fused
/// (rounded once) where the CPU has FMA, as two roundings where it has not — so the
/// last bit may differ from one machine to the next, within the kernels' tested tolerance.
#[cfg(target_feature = "relaxed-simd")]
#[inline(always)]
fn madd(acc: v128, x: v128, y: v128) -> v128 {
    f32x4_relaxed_madd(x, y, acc)
}

/// `gemm::block` for `C` = 4 or 8 columns.
///
/// # Safety
/// Every index of `a`, `b`, `bias` and `c` the block touches must be in bounds.
#[inline(always)]
pub(super) unsafe fn block<const R: usize, const C: usize>(
    p: Product,
    c: &mut [f32],
    r0: usize,
    j0: usize,
) {
    debug_assert!(C == 4 || C == 8);
    let Product {
        a,
        b,
        bias,
        depth,
        cols,
    } = p;
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

/// `fast_math::expm1_reduced` on two values.
#[inline(always)]
fn expm1_reduced(r: v128) -> v128 {
    let c = EXPM1_C.map(|c| f64x2_splat(c));
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
    const ROUND: f64 = ROUND_F64;
    let abs = f32x4_abs(x);
    let half = [
        f64x2_promote_low_f32x4(abs),
        f64x2_promote_low_f32x4(i32x4_shuffle::<2, 3, 2, 3>(abs, abs)),
    ];
    let out = half.map(|h| {
        let y = f64x2_add(h, h);
        // `y > 40 ? 40 : y` (NaN is put back at the end: with relaxed SIMD enabled the
        // compiler may turn this into `relaxed_min`, which gives 40 for NaN on x86).
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
    // copysign(t, x): t is never negative here; NaN in, NaN out.
    let t = v128_or(t, v128_and(x, u32x4_splat(0x8000_0000)));
    v128_bitselect(x, t, f32x4_ne(x, x))
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

/// `gemm::block` for four rows of a one-column product: the four rows side by side
/// in one vector, each output still summed in order of the shared index.
///
/// # Safety
/// Every index of `a`, `b`, `bias` and `c` the block touches must be in bounds, and
/// `b` and `c` must have one column.
#[inline(always)]
pub(super) unsafe fn column(p: Product, c: &mut [f32], r0: usize) {
    let Product {
        a, b, bias, depth, ..
    } = p;
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

/// `gemm::dots`: blocks of `R` rows of `a` against 4 rows of `b`, the shared
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

/// `kernels::dot_i8` on simd128: each 16 int8 pairs widened to two `i16x8` pairs, whose
/// products `i32x4.dot_i16x8_s` sums pairwise into four `i32` lanes.
pub(super) fn dot_i8(x: &[i8], w: &[i8]) -> i32 {
    debug_assert_eq!(x.len(), w.len());
    let n = x.len() / 16 * 16;
    let mut acc = i32x4_splat(0);
    let mut i = 0;
    while i < n {
        // SAFETY: i + 16 <= n <= len of both slices; v128_load has no alignment need.
        let (a, b) = unsafe {
            (
                v128_load(x.as_ptr().add(i) as *const v128),
                v128_load(w.as_ptr().add(i) as *const v128),
            )
        };
        acc = i32x4_add(
            acc,
            i32x4_dot_i16x8(i16x8_extend_low_i8x16(a), i16x8_extend_low_i8x16(b)),
        );
        acc = i32x4_add(
            acc,
            i32x4_dot_i16x8(i16x8_extend_high_i8x16(a), i16x8_extend_high_i8x16(b)),
        );
        i += 16;
    }
    let lanes = i32x4_extract_lane::<0>(acc)
        + i32x4_extract_lane::<1>(acc)
        + i32x4_extract_lane::<2>(acc)
        + i32x4_extract_lane::<3>(acc);
    lanes
        + x[n..]
            .iter()
            .zip(&w[n..])
            .map(|(&a, &b)| a as i32 * b as i32)
            .sum::<i32>()
}
