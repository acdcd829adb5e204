//! A short, fixed workout of the training path — dense layers of a few shapes, every
//! common activation, loss and optimizer — that the browser's engine runs while a page
//! loads. WebAssembly starts in a quick baseline compile and swaps in optimised code for
//! a function only once it has run a while; run here first, the kernels are optimised
//! before a learner's first short training instead of during it.

use crate::nn::{
    Activation, DenseConfig, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind,
};
use crate::train::{Dataset, TrainConfig, Trainer};
use crate::{Result, Rng};

/// One network of the workout: `(inputs, hidden layers, output, loss, optimizer, batch)`.
type Workout = (
    usize,
    &'static [(usize, Activation)],
    (usize, Activation),
    Loss,
    OptimizerKind,
    usize,
);

/// The shapes a learner's first runs meet: the 2-D playground sets (tanh and relu, SGD and
/// Adam), a wide table with a softmax output, a regression — small, middling and blocked
/// GEMM paths, batch sizes 1 to 32.
const WORKOUTS: &[Workout] = &[
    (
        2,
        &[(8, Activation::Tanh), (8, Activation::Tanh)],
        (1, Activation::Tanh),
        Loss::MeanSquaredError,
        OptimizerKind::Sgd,
        10,
    ),
    (
        2,
        &[(4, Activation::Tanh), (2, Activation::Tanh)],
        (1, Activation::Sigmoid),
        Loss::BinaryCrossentropy,
        OptimizerKind::Adam,
        10,
    ),
    (
        2,
        &[(8, Activation::Relu)],
        (1, Activation::Sigmoid),
        Loss::BinaryCrossentropy,
        OptimizerKind::Momentum,
        1,
    ),
    (
        16,
        &[(64, Activation::Relu), (32, Activation::Relu)],
        (4, Activation::Softmax),
        Loss::CategoricalCrossentropy,
        OptimizerKind::Adam,
        32,
    ),
    (
        8,
        &[(16, Activation::Sigmoid), (16, Activation::LeakyRelu)],
        (1, Activation::Linear),
        Loss::MeanSquaredError,
        OptimizerKind::Rmsprop,
        16,
    ),
];

/// The most epochs one call takes (a few hundred milliseconds in the browser).
pub const MAX_WARM_UP_EPOCHS: usize = 100;

/// Trains each workout network `epochs` epochs on 64 seeded random rows; returns the sum
/// of their last losses (finite: the workout trains, it does not diverge).
///
/// # Errors
/// `epochs` of 0 or over [`MAX_WARM_UP_EPOCHS`].
pub fn warm_up(epochs: usize) -> Result<f64> {
    if epochs == 0 || epochs > MAX_WARM_UP_EPOCHS {
        return Err(crate::Error::config(
            "epochs",
            format!("the warm-up takes 1 to {MAX_WARM_UP_EPOCHS} epochs, not {epochs}"),
        ));
    }
    let mut rng = Rng::seed(1);
    let rows = 64;
    let mut total = 0.0;
    for &(inputs, hidden, (units, activation), loss, optimizer, batch_size) in WORKOUTS {
        let x: Vec<f32> = (0..rows * inputs).map(|_| rng.uniform(-1.0, 1.0)).collect();
        let y: Vec<f32> = (0..rows)
            .flat_map(|r| {
                let s = x[r * inputs] * x[r * inputs + 1];
                let class = usize::from(s > 0.0) + 2 * usize::from(x[r * inputs] > 0.0);
                match loss {
                    Loss::CategoricalCrossentropy => (0..units)
                        .map(|k| f32::from(k == class % units))
                        .collect::<Vec<_>>(),
                    Loss::BinaryCrossentropy => vec![f32::from(s > 0.0)],
                    _ => vec![s],
                }
            })
            .collect();
        let mut layers: Vec<DenseConfig> = hidden
            .iter()
            .map(|&(u, a)| DenseConfig::new(u, a))
            .collect();
        layers.push(DenseConfig::new(units, activation));
        let mut model = Model::new(ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs,
            layers,
            l1: 0.0,
            l2: 0.0,
            seed: 3,
        })?;
        model.compile(loss, OptimizerConfig::new(optimizer))?;
        let data = Dataset::from_vecs(x, inputs, y, units)?;
        let config = TrainConfig {
            epochs,
            batch_size,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&model, data, None, config)?;
        let history = trainer.fit(&mut model)?;
        total += history.epochs.last().map_or(0.0, |e| e.loss);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workout_trains_every_network_and_stays_finite() {
        let loss = warm_up(3).unwrap();
        assert!(loss.is_finite() && loss > 0.0, "{loss}");
    }

    #[test]
    fn no_epochs_or_too_many_are_refused() {
        assert!(warm_up(0).is_err());
        assert!(warm_up(MAX_WARM_UP_EPOCHS + 1).is_err());
    }
}
