//! Loss-surface slices: the grid's losses are the model's at those weights (by hand for a
//! one-weight regression), random directions are scaled per tensor to the weights' norm,
//! and a point of the slice is found again where it was put.

mod common;

use common::*;
use nnplay::train::{loss_surface, Plane, Slice, SurfaceSettings};
use nnplay::{Activation, Error, Loss, OptimizerKind, Rng};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test(unsupported = test)]
fn two_parameters_of_a_line_give_the_mean_squared_error_by_hand() {
    // y = w x + b on x = [1, 2], y = [2, 4], MSE; the weights at w = 2, b = 0 (loss 0).
    let mut m = mlp(1, &[(1, Activation::Linear)], 1);
    compiled(&mut m, Loss::MeanSquaredError, OptimizerKind::Sgd, 0.1);
    m.set_params(&[2.0, 0.0]).unwrap();
    let settings = SurfaceSettings {
        plane: Plane::Parameters { a: 0, b: 1 },
        span: 1.0,
        resolution: 3,
    };
    let (s, _) = loss_surface(&m, &[1.0, 2.0], &[2.0, 4.0], 2, &settings).unwrap();
    assert_eq!(s.xs, [1.0, 2.0, 3.0]);
    assert_eq!(s.ys, [-1.0, 0.0, 1.0]);
    // (w, b) = (1, -1): errors 1 - 1 - 2 = -2 and 2 - 1 - 4 = -3, mean of squares 6.5;
    // (3, 1): errors 2 and 3, 6.5; (2, 0): 0; (1, 0): errors -1, -2, 2.5.
    assert_eq!(s.losses[0], 6.5);
    assert_eq!(s.losses[8], 6.5);
    assert_eq!(s.losses[4], 0.0);
    assert_eq!(s.losses[3], 2.5);
    assert_eq!(s.center, 0.0);
    assert_eq!(m.params(), [2.0, 0.0], "the model is left as it was");
}

#[wasm_bindgen_test(unsupported = test)]
fn random_directions_are_scaled_per_tensor_and_points_are_found_again() {
    let data = two_circles(60, 0.1, &mut Rng::seed(2));
    let mut m = mlp(2, &[(6, Activation::Tanh), (1, Activation::Sigmoid)], 4);
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.01);
    let plane = Plane::Random { seed: 9 };
    let slice = Slice::new(&m, &plane).unwrap();
    let mut p = vec![0.0; m.params().len()];
    // One unit along the first direction moves each tensor by its own norm.
    slice.point(1.0, 0.0, &mut p);
    for (name, r) in m.tensor_ranges() {
        let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
        let moved: Vec<f32> = p[r.clone()]
            .iter()
            .zip(&m.params()[r.clone()])
            .map(|(a, b)| a - b)
            .collect();
        let (got, want) = (norm(&moved), norm(&m.params()[r]));
        assert!(
            (got - want).abs() <= 1e-5 * want.max(1.0),
            "{name}: {got} vs {want}"
        );
    }
    slice.point(0.3, -0.7, &mut p);
    let (x, y) = slice.coordinates(&p);
    assert!(
        (x - 0.3).abs() < 1e-4 && (y + 0.7).abs() < 1e-4,
        "found at ({x}, {y})"
    );
    let settings = SurfaceSettings {
        plane,
        span: 0.5,
        resolution: 5,
    };
    let (s, _) = loss_surface(&m, data.x_slice(), data.y_slice(), data.rows(), &settings).unwrap();
    let here = m
        .evaluate(data.x_slice(), data.y_slice(), data.rows())
        .unwrap()
        .loss;
    assert_eq!(s.center, here);
    assert_eq!(
        s.losses[12], here,
        "the middle of an odd grid is the weights themselves"
    );
    assert!(s.losses.iter().all(|l| l.is_finite()) && s.losses.len() == 25);
}

#[wasm_bindgen_test(unsupported = test)]
fn impossible_slices_are_refused() {
    let mut m = mlp(1, &[(1, Activation::Linear)], 1);
    compiled(&mut m, Loss::MeanSquaredError, OptimizerKind::Sgd, 0.1);
    let ok = SurfaceSettings {
        plane: Plane::Parameters { a: 0, b: 1 },
        span: 1.0,
        resolution: 3,
    };
    for (bad, field) in [
        (
            SurfaceSettings {
                plane: Plane::Parameters { a: 0, b: 2 },
                ..ok.clone()
            },
            "plane.b",
        ),
        (
            SurfaceSettings {
                plane: Plane::Parameters { a: 1, b: 1 },
                ..ok.clone()
            },
            "plane.b",
        ),
        (
            SurfaceSettings {
                span: 0.0,
                ..ok.clone()
            },
            "span",
        ),
        (
            SurfaceSettings {
                resolution: 1,
                ..ok.clone()
            },
            "resolution",
        ),
        (
            SurfaceSettings {
                resolution: 1000,
                ..ok.clone()
            },
            "resolution",
        ),
    ] {
        match loss_surface(&m, &[1.0], &[1.0], 1, &bad) {
            Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}
