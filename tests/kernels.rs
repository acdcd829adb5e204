//! The matrix kernels against the textbook triple loop, on shapes that exercise every block
//! size and remainder (1×1, odd sizes, sizes just past a block, the training shapes).
//! Natively and in the browser; `scripts/test.sh` runs the browser pass twice, with and
//! without `simd128`, so both kernel paths are checked.

use nnplay::nn::kernels::{matmul, matmul_bias, matmul_nt, matmul_tn, tanh, tanh_slice};
use nnplay::Rng;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// `(m, k, n)` triples: single elements, odd shapes, one past each block size (4 rows,
/// 4 and 8 columns), the products of the benchmark networks, and one whose `b` is too big
/// for the kernels' row-block order (taken by column panels, every remainder included).
const SHAPES: [(usize, usize, usize); 21] = [
    (1, 1, 1),
    (3, 2, 0),
    (0, 3, 2),
    (1, 5, 1),
    (3, 7, 5),
    (5, 3, 9),
    (17, 33, 9),
    (4, 8, 8),
    (9, 1, 13),
    (2, 11, 4),
    (7, 16, 3),
    (6, 4, 17),
    (13, 2, 31),
    (10, 2, 8),
    (10, 8, 1),
    (10, 8, 8),
    (32, 100, 100),
    (32, 100, 1),
    (64, 128, 10),
    (64, 33, 128),
    (13, 300, 37),
];

/// The sum `Σ_t x_t y_t` in f64, and `Σ_t |x_t y_t|`, the scale of its f32 rounding error.
fn reference(terms: impl Iterator<Item = (f32, f32)>) -> (f64, f64) {
    terms.fold((0.0, 0.0), |(s, m), (x, y)| {
        let p = x as f64 * y as f64;
        (s + p, m + p.abs())
    })
}

/// An f32 sum of `d` rounded products is within about `(d + 1) · 2⁻²⁴ · Σ|terms|` of the
/// exact sum, in any order (the classic bound for recursive summation). A wrong, missing or
/// doubled term of these random O(1) values is off by far more.
fn assert_close(got: f32, (want, scale): (f64, f64), depth: usize, what: &str) {
    let tol = (depth as f64 + 1.0) * 6e-8 * scale + 1e-30;
    assert!(
        (got as f64 - want).abs() <= tol,
        "{what}: got {got}, want {want} (tolerance {tol})"
    );
}

fn random(len: usize, rng: &mut Rng) -> Vec<f32> {
    (0..len).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn matmul_matches_the_triple_loop() {
    let mut rng = Rng::seed(1);
    for (m, k, n) in SHAPES {
        let (a, b, bias) = (
            random(m * k, &mut rng),
            random(k * n, &mut rng),
            random(n, &mut rng),
        );
        // Poisoned output: every element must be overwritten.
        let mut c = vec![f32::NAN; m * n];
        let mut cb = vec![f32::NAN; m * n];
        matmul(&a, &b, &mut c, m, k, n);
        matmul_bias(&a, &b, &bias, &mut cb, m, k, n);
        for i in 0..m {
            for j in 0..n {
                let want = reference((0..k).map(|t| (a[i * k + t], b[t * n + j])));
                assert_close(
                    c[i * n + j],
                    want,
                    k,
                    &format!("a·b {m}×{k}×{n} at ({i},{j})"),
                );
                let with_bias = (want.0 + bias[j] as f64, want.1 + bias[j].abs() as f64);
                let what = format!("a·b+bias {m}×{k}×{n} at ({i},{j})");
                assert_close(cb[i * n + j], with_bias, k + 1, &what);
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn matmul_tn_matches_the_triple_loop() {
    let mut rng = Rng::seed(2);
    for (m, k, n) in SHAPES {
        let (a, b) = (random(m * k, &mut rng), random(m * n, &mut rng));
        let mut c = vec![f32::NAN; k * n];
        matmul_tn(&a, &b, &mut c, m, k, n);
        for p in 0..k {
            for j in 0..n {
                let want = reference((0..m).map(|i| (a[i * k + p], b[i * n + j])));
                assert_close(
                    c[p * n + j],
                    want,
                    m,
                    &format!("aᵀ·b {m}×{k}×{n} at ({p},{j})"),
                );
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn matmul_nt_matches_the_triple_loop() {
    let mut rng = Rng::seed(3);
    for (m, k, n) in SHAPES {
        let (a, b) = (random(m * n, &mut rng), random(k * n, &mut rng));
        let mut c = vec![f32::NAN; m * k];
        matmul_nt(&a, &b, &mut c, m, k, n);
        for i in 0..m {
            for p in 0..k {
                let want = reference((0..n).map(|j| (a[i * n + j], b[p * n + j])));
                assert_close(
                    c[i * k + p],
                    want,
                    n,
                    &format!("a·bᵀ {m}×{k}×{n} at ({i},{p})"),
                );
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn kernels_read_only_their_part_of_longer_buffers() {
    // Workspaces are sized for the largest batch; a smaller batch passes longer slices.
    let (m, k, n) = (3, 5, 6);
    let mut rng = Rng::seed(4);
    let a = random(m * k + 7, &mut rng);
    let b = random(k * n + 7, &mut rng);
    let mut c = vec![f32::NAN; m * n + 5];
    matmul(&a, &b, &mut c, m, k, n);
    assert!(c[m * n..].iter().all(|v| v.is_nan()), "wrote past m × n");
    let want = reference((0..k).map(|t| (a[2 * k + t], b[t * n + 5])));
    assert_close(c[2 * n + 5], want, k, "last element");
}

/// `tanh_slice` (four values at a time with `simd128`) gives the bits of the one-value
/// `tanh` (itself checked against f64 in `kernels.rs`), on every length up to past two
/// vector steps and on values across its range: zeros of both signs, tiny, saturated,
/// infinite and NaN.
#[wasm_bindgen_test(unsupported = test)]
fn tanh_slice_matches_tanh_bit_for_bit() {
    let mut rng = Rng::seed(5);
    let mut z: Vec<f32> = (0..40).map(|_| rng.uniform(-6.0, 6.0)).collect();
    z[..12].copy_from_slice(&[
        0.0,
        -0.0,
        1e-30,
        -3e-4,
        0.3466,
        -9.5,
        25.0,
        -80.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        0.1733,
    ]);
    for len in (0..=19).chain([40]) {
        let mut a = vec![7.0f32; len + 1];
        tanh_slice(&z[..len], &mut a[..len]);
        assert_eq!(a[len], 7.0, "wrote past {len} values");
        for (i, (&a, &z)) in a.iter().zip(&z[..len]).enumerate() {
            let want = tanh(z);
            assert!(
                a.to_bits() == want.to_bits() || (a.is_nan() && want.is_nan()),
                "length {len}, value {i}: tanh({z}) = {a}, want {want}"
            );
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn the_int8_dot_product_is_the_exact_integer_sum_in_every_build() {
    use nnplay::nn::kernels::dot_i8;
    let mut rng = Rng::seed(8);
    // Lengths around the 16-wide blocks, and the extremes ±127 (whose products stress the
    // pairwise i16 sums: 2 · 127 · 127 = 32,258 fits i32 lanes, not i16).
    for n in [0usize, 1, 15, 16, 17, 31, 32, 33, 64, 100, 784, 1000] {
        let x: Vec<i8> = (0..n)
            .map(|_| rng.uniform(-127.0, 127.0).round() as i8)
            .collect();
        let w: Vec<i8> = (0..n)
            .map(|_| rng.uniform(-127.0, 127.0).round() as i8)
            .collect();
        let want: i64 = x.iter().zip(&w).map(|(&a, &b)| a as i64 * b as i64).sum();
        assert_eq!(dot_i8(&x, &w) as i64, want, "length {n}");
        let big = vec![127i8; n];
        let low = vec![-127i8; n];
        assert_eq!(
            dot_i8(&big, &low) as i64,
            -(127 * 127 * n as i64),
            "extremes, length {n}"
        );
    }
}
