//! Dense matrix kernels for the three products training needs. All matrices are row-major
//! `f32` slices. These are the hot path: no allocation, inner loops over contiguous rows.

/// `c = a · b` (or `c += a · b` when `accumulate`).
///
/// # Shapes
/// `a`: `m × k`, `b`: `k × n`, `c`: `m × n`.
pub fn matmul(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    debug_assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    for i in 0..m {
        let ci = &mut c[i * n..(i + 1) * n];
        ci.fill(0.0);
        let ai = &a[i * k..(i + 1) * k];
        for (p, &aip) in ai.iter().enumerate() {
            if aip == 0.0 {
                continue;
            }
            axpy(aip, &b[p * n..(p + 1) * n], ci);
        }
    }
}

/// `c = aᵀ · b`.
///
/// # Shapes
/// `a`: `m × k`, `b`: `m × n`, `c`: `k × n`.
pub fn matmul_tn(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    debug_assert!(a.len() >= m * k && b.len() >= m * n && c.len() >= k * n);
    c[..k * n].fill(0.0);
    for i in 0..m {
        let bi = &b[i * n..(i + 1) * n];
        for (p, &aip) in a[i * k..(i + 1) * k].iter().enumerate() {
            if aip == 0.0 {
                continue;
            }
            axpy(aip, bi, &mut c[p * n..(p + 1) * n]);
        }
    }
}

/// `c = a · bᵀ`.
///
/// # Shapes
/// `a`: `m × n`, `b`: `k × n`, `c`: `m × k`.
pub fn matmul_nt(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    debug_assert!(a.len() >= m * n && b.len() >= k * n && c.len() >= m * k);
    for i in 0..m {
        let ai = &a[i * n..(i + 1) * n];
        for p in 0..k {
            c[i * k + p] = dot(ai, &b[p * n..(p + 1) * n]);
        }
    }
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
        // aᵀ·[[1,2],[3,4]] = [[13,18],[17,24],[21,30]]
        let mut c = [0.0; 6];
        matmul_tn(&a, &[1.0, 2.0, 3.0, 4.0], &mut c, 2, 3, 2);
        assert_eq!(c, [13.0, 18.0, 17.0, 24.0, 21.0, 30.0]);
        // a·aᵀ = [[14,32],[32,77]]
        let mut c = [0.0; 4];
        matmul_nt(&a, &a, &mut c, 2, 2, 3);
        assert_eq!(c, [14.0, 32.0, 32.0, 77.0]);
    }
}
