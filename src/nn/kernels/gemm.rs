//! The three matrix products of a dense layer's forward and backward passes, blocked so
//! that a small block of the output stays in registers while the shared dimension streams
//! past it.

use super::dot;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use super::simd;

/// Output rows per block.
const MR: usize = 4;
/// Output columns per block (two `f32x4` vectors).
const NR: usize = 8;

/// A matrix operand read as `at(r, t) = data[r * row_stride + t * depth_stride]`: a
/// row-major matrix (`row_stride = cols`, `depth_stride = 1`) or the transpose of one
/// (`row_stride = 1`, `depth_stride = cols`).
#[derive(Clone, Copy)]
pub(super) struct Strided<'a> {
    pub(super) data: &'a [f32],
    pub(super) row_stride: usize,
    pub(super) depth_stride: usize,
}

/// One product `c = a · b (+ bias)` being computed: the operands and the shared and
/// output widths (`a`: `rows × depth`, `b`: `depth × cols`, `bias`: `cols`).
#[derive(Clone, Copy)]
pub(super) struct Product<'a> {
    pub(super) a: Strided<'a>,
    pub(super) b: &'a [f32],
    pub(super) bias: Option<&'a [f32]>,
    pub(super) depth: usize,
    pub(super) cols: usize,
}

/// `a` (`m × k`) read row by row, or as its transpose (`k × m`).
fn strided(a: &[f32], m: usize, k: usize, transposed: bool) -> Strided<'_> {
    debug_assert!(a.len() >= m * k);
    let (row_stride, depth_stride) = if transposed { (1, k) } else { (k, 1) };
    Strided {
        data: a,
        row_stride,
        depth_stride,
    }
}

/// `c = a · b`.
///
/// # Shapes
/// `a`: `m × k`, `b`: `k × n`, `c`: `m × n`.
pub fn matmul(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    gemm(product(strided(a, m, k, false), b, None, k, n), c, m);
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
    gemm(product(strided(a, m, k, false), b, Some(bias), k, n), c, m);
}

/// `c = aᵀ · b`.
///
/// # Shapes
/// `a`: `m × k`, `b`: `m × n`, `c`: `k × n`.
pub fn matmul_tn(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    assert!(a.len() >= m * k && b.len() >= m * n && c.len() >= k * n);
    gemm(product(strided(a, m, k, true), b, None, m, n), c, k);
}

/// `c = a · bᵀ`.
///
/// # Shapes
/// `a`: `m × n`, `b`: `k × n`, `c`: `m × k`.
///
/// With a short shared dimension (`n` under 64, as a back-propagated delta of
/// a few units or channels has) and rows enough for a block, the product is a GEMM on a
/// transposed copy of `b` (`n × k`, kept in a scratch buffer that only grows): `m·k` dot
/// products of a few terms each cost their horizontal sums, where the GEMM's blocks keep
/// 32 outputs in registers.
pub fn matmul_nt(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    assert!(a.len() >= m * n && b.len() >= k * n && c.len() >= m * k);
    if n > 0 && n < SHORT_DOTS && m >= MR && k >= 4 {
        TRANSPOSED.with(|scratch| {
            let mut bt = scratch.borrow_mut();
            if bt.len() < n * k {
                bt.resize(n * k, 0.0);
            }
            for (p, row) in b[..k * n].chunks_exact(n).enumerate() {
                for (t, &v) in row.iter().enumerate() {
                    bt[t * k + p] = v;
                }
            }
            gemm(
                product(strided(a, m, n, false), &bt[..n * k], None, n, k),
                c,
                m,
            );
        });
        return;
    }
    dots(a, b, c, m, k, n);
}

/// Shared dimensions below this take [`matmul_nt`]'s GEMM path.
const SHORT_DOTS: usize = 64;

thread_local! {
    /// `matmul_nt`'s transposed copy of `b`: grown to the largest product seen, then reused.
    static TRANSPOSED: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn product<'a>(
    a: Strided<'a>,
    b: &'a [f32],
    bias: Option<&'a [f32]>,
    depth: usize,
    cols: usize,
) -> Product<'a> {
    Product {
        a,
        b,
        bias,
        depth,
        cols,
    }
}

/// `b` operands up to this many values (32 KB, a typical L1 data cache) are taken row block
/// by row block; larger ones column panel by column panel.
const B_IN_CACHE: usize = 8192;

/// `c[r][j] = bias[j] + sum over t of a(r, t) * b[t][j]` for `rows` rows of `c`.
///
/// The order of the blocks keeps the operand that is read again and again in the L1 cache:
/// a small `b` (a layer's deltas, for its kernel gradient) stays there while row blocks of
/// `a` pass; a large `b` (a wide layer's kernel, forward) is taken column panel by column
/// panel (`depth × 8`, still a few tens of KB), each down all the rows, where row by row
/// every block would fetch all of `b` again. Each output's sum is the same either way.
fn gemm(p: Product, c: &mut [f32], rows: usize) {
    if p.depth * p.cols <= B_IN_CACHE {
        let mut r = 0;
        while r < rows {
            let mr = MR.min(rows - r);
            match mr {
                4 => row_block::<4>(p, c, r),
                3 => row_block::<3>(p, c, r),
                2 => row_block::<2>(p, c, r),
                _ => row_block::<1>(p, c, r),
            }
            r += mr;
        }
        return;
    }
    let mut j = 0;
    while j + NR <= p.cols {
        column_panel::<NR>(p, c, rows, j);
        j += NR;
    }
    if j + 4 <= p.cols {
        column_panel::<4>(p, c, rows, j);
        j += 4;
    }
    while j < p.cols {
        column_panel::<1>(p, c, rows, j);
        j += 1;
    }
}

/// Output rows `r0..r0 + R`, all columns: blocks of 8, then 4, then single columns.
#[inline(always)]
fn row_block<const R: usize>(p: Product, c: &mut [f32], r0: usize) {
    let mut j = 0;
    while j + NR <= p.cols {
        block::<R, 8>(p, c, r0, j);
        j += NR;
    }
    if j + 4 <= p.cols {
        block::<R, 4>(p, c, r0, j);
        j += 4;
    }
    while j < p.cols {
        block::<R, 1>(p, c, r0, j);
        j += 1;
    }
}

/// Columns `j0..j0 + C`, all rows, in blocks of up to `MR` rows.
#[inline(always)]
fn column_panel<const C: usize>(p: Product, c: &mut [f32], rows: usize, j0: usize) {
    let mut r = 0;
    while r < rows {
        let mr = MR.min(rows - r);
        match mr {
            4 => block::<4, C>(p, c, r, j0),
            3 => block::<3, C>(p, c, r, j0),
            2 => block::<2, C>(p, c, r, j0),
            _ => block::<1, C>(p, c, r, j0),
        }
        r += mr;
    }
}

/// The `R × C` output block at rows `r0..`, columns `j0..`.
#[inline(always)]
fn block<const R: usize, const C: usize>(p: Product, c: &mut [f32], r0: usize, j0: usize) {
    let Product {
        a,
        b,
        bias,
        depth,
        cols,
    } = p;
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
            unsafe { simd::block::<R, C>(p, c, r0, j0) };
            return;
        }
        if R == 4 && cols == 1 {
            // SAFETY: as above; with one column, `j0 = 0` and the four outputs are
            // contiguous.
            unsafe { simd::column(p, c, r0) };
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
