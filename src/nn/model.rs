//! The network: configuration, one flat parameter buffer, and forward/backward passes over
//! preallocated workspaces.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::nn::activation::{sigmoid, softmax_row, Activation};
use crate::nn::distill::Distillation;
use crate::nn::init::Init;
use crate::nn::kernels::{all_finite, matmul_bias, matmul_nt, matmul_tn};
use crate::nn::loss::Loss;
use crate::nn::optim::{Optimizer, OptimizerConfig};
use crate::nn::prune::{self, LayerSparsity, PruneScope, PruningSchedule, Sparsity};
use crate::nn::shaped::{
    ConvConfig, LayerType, Padding, Pair, PoolConfig, Shape, ShapedBuf, ShapedLayer, ShapedOp,
};
use crate::rng::Rng;
use crate::task::Task;

/// The most parameters a model may have.
pub const MAX_PARAMETERS: usize = 10_000_000;

/// One dense (fully connected) layer: `a = activation(x · W + b)`, then optional dropout.
///
/// In configurations (see [`ModelConfig`]): `{ units, activation, alpha, dropout, l1, l2,
/// kernelInitializer }`, only `units` required.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DenseConfig {
    pub units: usize,
    pub activation: Activation,
    /// Slope for `leaky_relu` (default 0.2) or scale for `elu` (default 1.0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f32>,
    /// Fraction of this layer's outputs dropped while training (0 = off).
    pub dropout: f32,
    /// L1 penalty on this layer's kernel; `None` uses the model-wide rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub l1: Option<f32>,
    /// L2 penalty on this layer's kernel; `None` uses the model-wide rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub l2: Option<f32>,
    pub kernel_initializer: Init,
}

impl DenseConfig {
    /// A layer of `units` with `activation` and every other setting at its default.
    pub fn new(units: usize, activation: Activation) -> Self {
        DenseConfig {
            units,
            activation,
            alpha: None,
            dropout: 0.0,
            l1: None,
            l2: None,
            kernel_initializer: Init::default(),
        }
    }

    pub fn alpha(&self) -> f32 {
        self.alpha
            .unwrap_or_else(|| self.activation.default_alpha())
    }
}

/// A model's architecture.
///
/// In configurations: `{ inputs, inputShape, layers: [...], seed, l1, l2 }`. Each item of
/// `layers` is a dense layer (see [`DenseConfig`]; `type: "dense"` may be given), after one
/// a Keras-style `{ type: "dropout", rate }` that sets that layer's dropout, or — before
/// the dense layers, on an `inputShape` — a shaped layer ([`ShapedLayer`]: `conv2d`,
/// `conv1d`, `max_pool2d`, `average_pool2d`, `flatten`, `embedding`,
/// `global_average_pool1d`).
#[derive(Clone, Debug, PartialEq)]
pub struct ModelConfig {
    /// Number of input features (0, for "not given", is refused by [`ModelConfig::check`];
    /// cross-validation fills it in per fold). With an `input_shape`, its product.
    pub inputs: usize,
    /// The shape of each input row for shaped layers (see [`Shape::from_dims`]); `None`
    /// for a flat vector of `inputs`.
    pub input_shape: Option<Vec<usize>>,
    /// Shaped layers, before the dense ones.
    pub shaped: Vec<ShapedLayer>,
    /// Dense layers, the last one being the output layer.
    pub layers: Vec<DenseConfig>,
    /// Model-wide L1 rate on every dense kernel (a layer's own rate overrides it).
    pub l1: f32,
    /// Model-wide L2 rate on every dense kernel (a layer's own rate overrides it).
    pub l2: f32,
    /// Seed of the one random-number generator (weights, shuffling, dropout).
    pub seed: u64,
}

impl Default for ModelConfig {
    /// No inputs and no layers (refused by [`ModelConfig::check`] until they are given).
    fn default() -> Self {
        ModelConfig {
            inputs: 0,
            input_shape: None,
            shaped: Vec::new(),
            layers: Vec::new(),
            l1: 0.0,
            l2: 0.0,
            seed: 0,
        }
    }
}

/// A model configuration as written.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WrittenConfig {
    #[serde(default)]
    inputs: usize,
    #[serde(default)]
    input_shape: Option<Vec<usize>>,
    layers: Vec<Layer>,
    #[serde(default)]
    l1: f32,
    #[serde(default)]
    l2: f32,
    #[serde(default)]
    seed: u64,
}

impl<'de> Deserialize<'de> for ModelConfig {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let w = WrittenConfig::deserialize(d)?;
        let mut shaped = Vec::new();
        let mut layers: Vec<DenseConfig> = Vec::new();
        for (i, item) in w.layers.into_iter().enumerate() {
            match item {
                Layer::Dense(l) => layers.push(l),
                Layer::Shaped(l) => {
                    if !layers.is_empty() {
                        return Err(D::Error::custom(format!(
                            "item {i} is a {} layer after a dense layer; shaped layers come \
                             first, then flatten (or a global pooling), then the dense layers",
                            l.kind().name()
                        )));
                    }
                    shaped.push(l);
                }
                Layer::Dropout(rate) => match layers.last_mut() {
                    Some(prev) => prev.dropout = rate,
                    None => {
                        return Err(D::Error::custom(format!(
                            "item {i} is a dropout layer with no dense layer before it"
                        )))
                    }
                },
            }
        }
        let inputs = match (&w.input_shape, w.inputs) {
            (Some(dims), 0) => dims.iter().product(),
            _ => w.inputs,
        };
        Ok(ModelConfig {
            inputs,
            input_shape: w.input_shape,
            shaped,
            layers,
            l1: w.l1,
            l2: w.l2,
            seed: w.seed,
        })
    }
}

impl Serialize for ModelConfig {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Item<'a> {
            Shaped(&'a ShapedLayer),
            Dense(&'a DenseConfig),
        }
        let items: Vec<Item> = self
            .shaped
            .iter()
            .map(Item::Shaped)
            .chain(self.layers.iter().map(Item::Dense))
            .collect();
        let mut st = s.serialize_struct("ModelConfig", 6)?;
        st.serialize_field("inputs", &self.inputs)?;
        if let Some(dims) = &self.input_shape {
            st.serialize_field("inputShape", dims)?;
        }
        st.serialize_field("layers", &items)?;
        st.serialize_field("l1", &self.l1)?;
        st.serialize_field("l2", &self.l2)?;
        st.serialize_field("seed", &self.seed)?;
        st.end()
    }
}

/// One item of `layers` as written.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LayerItem {
    #[serde(rename = "type")]
    kind: Option<LayerType>,
    units: Option<usize>,
    activation: Option<Activation>,
    alpha: Option<f32>,
    dropout: Option<f32>,
    l1: Option<f32>,
    l2: Option<f32>,
    #[serde(alias = "kernel_initializer")]
    kernel_initializer: Option<Init>,
    rate: Option<f32>,
    filters: Option<usize>,
    kernel_size: Option<Pair>,
    strides: Option<Pair>,
    padding: Option<Padding>,
    pool_size: Option<Pair>,
    input_dim: Option<usize>,
    output_dim: Option<usize>,
}

/// A layer item read and checked in place (so its errors carry its path).
enum Layer {
    Dense(DenseConfig),
    Dropout(f32),
    Shaped(ShapedLayer),
}

impl LayerItem {
    /// The keys given that `kind` does not take (by their written names).
    fn stray_keys(&self, kind: LayerType) -> Vec<&'static str> {
        use LayerType as T;
        let conv = matches!(kind, T::Conv2d | T::Conv1d);
        let pool = matches!(kind, T::MaxPool2d | T::AveragePool2d);
        let dense = kind == T::Dense;
        let keys = [
            ("units", self.units.is_some(), dense),
            ("activation", self.activation.is_some(), dense || conv),
            ("alpha", self.alpha.is_some(), dense || conv),
            ("dropout", self.dropout.is_some(), dense),
            ("l1", self.l1.is_some(), dense),
            ("l2", self.l2.is_some(), dense),
            (
                "kernelInitializer",
                self.kernel_initializer.is_some(),
                dense || conv,
            ),
            ("rate", self.rate.is_some(), kind == T::Dropout),
            ("filters", self.filters.is_some(), conv),
            ("kernelSize", self.kernel_size.is_some(), conv),
            ("strides", self.strides.is_some(), conv || pool),
            ("padding", self.padding.is_some(), conv || pool),
            ("poolSize", self.pool_size.is_some(), pool),
            ("inputDim", self.input_dim.is_some(), kind == T::Embedding),
            ("outputDim", self.output_dim.is_some(), kind == T::Embedding),
        ];
        keys.iter()
            .filter(|(_, given, takes)| *given && !*takes)
            .map(|(k, _, _)| *k)
            .collect()
    }
}

impl<'de> Deserialize<'de> for Layer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let item = LayerItem::deserialize(d)?;
        let kind = item.kind.unwrap_or(LayerType::Dense);
        let stray = item.stray_keys(kind);
        // The dropout and dense messages that name the key to use instead.
        if kind == LayerType::Dropout && !stray.is_empty() && stray != ["dropout"] {
            return Err(D::Error::custom("a dropout layer takes only `rate`"));
        }
        if kind == LayerType::Dense && stray == ["rate"] {
            return Err(D::Error::custom(
                "`rate` belongs to a dropout layer; a dense layer takes `dropout`",
            ));
        }
        if kind != LayerType::Dropout && !stray.is_empty() {
            return Err(D::Error::custom(format!(
                "a {} layer does not take {}",
                kind.name(),
                stray
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let need = |v: Option<usize>, key: &str| {
            v.ok_or_else(|| D::Error::custom(format!("a {} layer needs `{key}`", kind.name())))
        };
        let conv = |one_d: bool| -> std::result::Result<ConvConfig, D::Error> {
            let filters = need(item.filters, "filters")?;
            let kernel = item.kernel_size.as_ref().ok_or_else(|| {
                D::Error::custom(format!("a {} layer needs `kernelSize`", kind.name()))
            })?;
            let (mut k, mut st) = (
                kernel.get(),
                item.strides.as_ref().map_or((1, 1), Pair::get),
            );
            if one_d {
                if matches!(kernel, Pair::Two(_)) || matches!(item.strides, Some(Pair::Two(_))) {
                    return Err(D::Error::custom(
                        "a conv1d layer takes one number for `kernelSize` and `strides`",
                    ));
                }
                k.0 = 1;
                st.0 = 1;
            }
            Ok(ConvConfig {
                filters,
                kernel_size: k,
                strides: st,
                padding: item.padding.unwrap_or_default(),
                activation: item.activation.unwrap_or(Activation::Linear),
                alpha: item.alpha,
                kernel_initializer: item.kernel_initializer.unwrap_or_default(),
            })
        };
        let pool = || {
            let size = item.pool_size.as_ref().map_or((2, 2), Pair::get);
            PoolConfig {
                pool_size: size,
                strides: item.strides.as_ref().map_or(size, Pair::get),
                padding: item.padding.unwrap_or_default(),
            }
        };
        Ok(match kind {
            LayerType::Dropout => Layer::Dropout(
                item.rate
                    .or(item.dropout)
                    .ok_or_else(|| D::Error::custom("a dropout layer needs a `rate`"))?,
            ),
            LayerType::Dense => {
                let units = item
                    .units
                    .ok_or_else(|| D::Error::custom("a dense layer needs `units`"))?;
                let mut l = DenseConfig::new(units, item.activation.unwrap_or_default());
                l.alpha = item.alpha;
                l.l1 = item.l1;
                l.l2 = item.l2;
                if let Some(v) = item.dropout {
                    l.dropout = v;
                }
                if let Some(v) = item.kernel_initializer {
                    l.kernel_initializer = v;
                }
                Layer::Dense(l)
            }
            LayerType::Conv2d => Layer::Shaped(ShapedLayer::Conv2d(conv(false)?)),
            LayerType::Conv1d => Layer::Shaped(ShapedLayer::Conv1d(conv(true)?)),
            LayerType::MaxPool2d => Layer::Shaped(ShapedLayer::MaxPool2d(pool())),
            LayerType::AveragePool2d => Layer::Shaped(ShapedLayer::AveragePool2d(pool())),
            LayerType::Flatten => Layer::Shaped(ShapedLayer::Flatten),
            LayerType::GlobalAveragePool1d => Layer::Shaped(ShapedLayer::GlobalAveragePool1d),
            LayerType::Embedding => Layer::Shaped(ShapedLayer::Embedding {
                input_dim: need(item.input_dim, "inputDim")?,
                output_dim: need(item.output_dim, "outputDim")?,
            }),
        })
    }
}

impl ModelConfig {
    /// Refuses impossible architectures.
    pub fn check(&self) -> Result<()> {
        if self.inputs == 0 {
            return Err(Error::config("inputs", "a model needs at least 1 input"));
        }
        if self.layers.is_empty() {
            return Err(Error::config(
                "layers",
                "a model needs at least one (output) layer",
            ));
        }
        let mut total: usize = 0;
        let mut fan_in = self.inputs;
        if let Some(input) = self.input_shape()? {
            let mut shape = input;
            let offset = self.shaped.len();
            for (i, l) in self.shaped.iter().enumerate() {
                total = total.saturating_add(l.parameters(shape));
                shape = l.output_shape(shape, i == 0, &format!("layers[{i}]"))?;
            }
            if !shape.is_flat() {
                return Err(Error::config(
                    format!("layers[{offset}]"),
                    format!(
                        "dense layers take one vector per row, but the layers before give \
                         {:?} values (height, width, channels); add a flatten (or a \
                         global_average_pool1d) first",
                        shape.dims()
                    ),
                ));
            }
            fan_in = shape.channels;
        }
        let rate_ok = |v: f32| v.is_finite() && (0.0..=1.0).contains(&v);
        for (i, l) in self.layers.iter().enumerate() {
            let name = |f: &str| format!("layers[{}].{f}", i + self.shaped.len());
            if l.units == 0 {
                return Err(Error::config(name("units"), "must be at least 1"));
            }
            if !(0.0..1.0).contains(&l.dropout) {
                return Err(Error::config(
                    name("dropout"),
                    format!("must be in [0, 1), got {}", l.dropout),
                ));
            }
            if let Some(a) = l.alpha {
                if !(a.is_finite() && a >= 0.0) {
                    return Err(Error::config(name("alpha"), "must be zero or positive"));
                }
            }
            for (f, v) in [("l1", l.l1), ("l2", l.l2)] {
                if let Some(v) = v {
                    if !rate_ok(v) {
                        return Err(Error::config(
                            name(f),
                            format!("must be in [0, 1], got {v}"),
                        ));
                    }
                }
            }
            total = total
                .saturating_add(fan_in.saturating_mul(l.units))
                .saturating_add(l.units);
            fan_in = l.units;
        }
        if total > MAX_PARAMETERS {
            return Err(Error::config(
                "layers",
                format!("the model would have {total} parameters; the limit is {MAX_PARAMETERS}"),
            ));
        }
        for (f, v) in [("l1", self.l1), ("l2", self.l2)] {
            if !rate_ok(v) {
                return Err(Error::config(f, format!("must be in [0, 1], got {v}")));
            }
        }
        let last = self.layers.last().expect("checked non-empty");
        if last.dropout > 0.0 {
            return Err(Error::config(
                format!(
                    "layers[{}].dropout",
                    self.shaped.len() + self.layers.len() - 1
                ),
                "the output layer cannot have dropout",
            ));
        }
        Ok(())
    }

    /// The input shape of the shaped layers: `None` for a model of dense layers on flat
    /// rows.
    ///
    /// # Errors
    /// Shaped layers without an `inputShape`, a shape that is not 1 to 3 dimensions or
    /// does not multiply to `inputs`.
    pub fn input_shape(&self) -> Result<Option<Shape>> {
        let Some(dims) = &self.input_shape else {
            if let Some(l) = self.shaped.first() {
                return Err(Error::config(
                    "inputShape",
                    format!(
                        "a {} layer needs the shape of each input row: give inputShape, \
                         e.g. [8, 8, 1] for 8×8 grey images or [20] for 20 token ids",
                        l.kind().name()
                    ),
                ));
            }
            return Ok(None);
        };
        let shape = Shape::from_dims(dims)?;
        if shape.size() != self.inputs {
            return Err(Error::config(
                "inputShape",
                format!(
                    "{dims:?} holds {} values a row, but the model has {} inputs",
                    shape.size(),
                    self.inputs
                ),
            ));
        }
        Ok(Some(shape))
    }

    /// The number of kernel and bias values of every layer with weights, in order (the
    /// shaped layers', then the dense layers'), as a model file lists them.
    ///
    /// # Errors
    /// An architecture [`ModelConfig::check`] refuses.
    pub fn weight_shapes(&self) -> Result<Vec<(usize, usize)>> {
        self.check()?;
        let mut out = Vec::new();
        let mut fan_in = self.inputs;
        if let Some(input) = self.input_shape()? {
            let (ops, _) = ShapedOp::build(&self.shaped, input, 0);
            for op in ops.iter().filter(|op| op.has_params()) {
                out.push((op.b - op.w, op.end - op.b));
            }
            fan_in = ops.last().map_or(input, |op| op.output).size();
        }
        for l in &self.layers {
            out.push((fan_in * l.units, l.units));
            fan_in = l.units;
        }
        Ok(out)
    }

    /// Output units.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, |l| l.units)
    }
}

/// The error for using a model before `compile`.
pub fn not_compiled() -> Error {
    Error::State("the model is not compiled: call compile({ optimizer, loss }) first".into())
}

/// Where a layer's parameters sit in the flat buffer.
#[derive(Clone, Copy, Debug)]
struct Slot {
    fan_in: usize,
    units: usize,
    w: usize,
    b: usize,
}

/// Per-layer scratch buffers for one batch (sized for `capacity` rows).
#[derive(Clone, Debug, Default)]
struct LayerBuf {
    z: Vec<f32>,
    a: Vec<f32>,
    /// Dropout keep-scales (`0` or `1 / (1 - rate)`), and the dropped output.
    mask: Vec<f32>,
    dropped: Vec<f32>,
    delta: Vec<f32>,
}

/// A loss and optimizer attached to a model, and the distillation it trains with, if any.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub loss: Loss,
    pub optimizer: Optimizer,
    /// Set by [`Model::set_distillation`]: training targets then carry a teacher's logits.
    pub distillation: Option<Distillation>,
}

/// How the columns of a batch's target rows are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TargetLayout {
    /// Values per row.
    stride: usize,
    /// The label columns at the start of each row (a class index, or one per unit).
    labels: usize,
    /// Whether the teacher's logits follow the labels (`stride = labels + units`).
    teacher: bool,
}

/// Result of one training step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepOutcome {
    /// Batch loss including the regularisation penalty.
    pub loss: f64,
    /// Correct predictions in the batch (classification only).
    pub correct: usize,
}

/// Turns a network's outputs (`outputs` per row) into what [`Model::predict`] gives: a
/// linear (logit) last layer trained with a cross-entropy gets its sigmoid or softmax.
pub(crate) fn squash_logits(loss: Option<Loss>, last: Activation, outputs: usize, out: &mut [f32]) {
    if last != Activation::Linear {
        return;
    }
    match loss {
        Some(Loss::BinaryCrossentropy) => out.iter_mut().for_each(|v| *v = sigmoid(*v)),
        Some(Loss::CategoricalCrossentropy) => {
            let mut logits = vec![0.0; outputs];
            for row in out.chunks_exact_mut(outputs) {
                logits.copy_from_slice(row);
                softmax_row(&logits, row);
            }
        }
        _ => {}
    }
}

/// A multilayer perceptron.
#[derive(Clone, Debug)]
pub struct Model {
    config: ModelConfig,
    slots: Vec<Slot>,
    params: Vec<f32>,
    grads: Vec<f32>,
    compiled: Option<Compiled>,
    rng: Rng,
    bufs: Vec<LayerBuf>,
    /// The shaped layers before the dense ones, and their buffers.
    shaped: Vec<ShapedOp>,
    shaped_bufs: Vec<ShapedBuf>,
    capacity: usize,
    /// `1` for a kept parameter, `0` for a pruned kernel weight; `None` when unpruned.
    mask: Option<Vec<f32>>,
    /// Gradual pruning applied by [`Model::train_step`].
    pruning: Option<PruningSchedule>,
    /// How many times the weights were changed other than by a training step.
    edits: u64,
}

impl Model {
    /// Builds a model and initialises its weights from `config.seed`.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] for impossible architectures (no layers, zero units, more
    /// than [`MAX_PARAMETERS`], bad dropout or regularisation rates).
    pub fn new(config: ModelConfig) -> Result<Self> {
        config.check()?;
        let (shaped, mut offset, mut fan_in) = match config.input_shape()? {
            Some(input) => {
                let (ops, offset) = ShapedOp::build(&config.shaped, input, 0);
                let out = ops.last().map_or(input, |op| op.output);
                (ops, offset, out.size())
            }
            None => (Vec::new(), 0, config.inputs),
        };
        let mut slots = Vec::with_capacity(config.layers.len());
        for l in &config.layers {
            slots.push(Slot {
                fan_in,
                units: l.units,
                w: offset,
                b: offset + fan_in * l.units,
            });
            offset += fan_in * l.units + l.units;
            fan_in = l.units;
        }
        let mut rng = Rng::seed(config.seed);
        let mut params = vec![0.0; offset];
        for op in &shaped {
            op.init(&config.shaped[op.layer], &mut params, &mut rng);
        }
        for (slot, l) in slots.iter().zip(&config.layers) {
            l.kernel_initializer.fill(
                &mut params[slot.w..slot.b],
                slot.fan_in,
                slot.units,
                &mut rng,
            );
        }
        Ok(Model {
            bufs: vec![LayerBuf::default(); config.layers.len()],
            shaped_bufs: vec![ShapedBuf::default(); shaped.len()],
            shaped,
            grads: vec![0.0; offset],
            config,
            slots,
            params,
            compiled: None,
            rng,
            capacity: 0,
            mask: None,
            pruning: None,
            edits: 0,
        })
    }

    /// How many times the weights were changed other than by a training step
    /// ([`Model::set_params`], [`Model::set_weight`], [`Model::prune`],
    /// [`Model::set_pruned`]): a [`crate::Trainer`] forgets its early-stopping best when it
    /// sees the count move, so it never brings back weights of the network before.
    pub fn edits(&self) -> u64 {
        self.edits
    }

    /// Attaches a loss and an optimizer (fresh optimizer state).
    ///
    /// # Errors
    /// When the loss cannot be computed from the output layer (e.g. binary cross-entropy on a
    /// relu output) or a hyperparameter is impossible.
    pub fn compile(&mut self, loss: Loss, optimizer: OptimizerConfig) -> Result<()> {
        let last = self.config.layers.last().expect("checked non-empty");
        loss.check_output(last.activation, last.units)?;
        let optimizer = Optimizer::new(optimizer, self.params.len())?;
        self.compiled = Some(Compiled {
            loss,
            optimizer,
            distillation: None,
        });
        Ok(())
    }

    /// Trains with knowledge distillation from here on (see [`crate::nn::distill`]), or
    /// plainly again with `None`. With a distillation, each training target row is the
    /// labels followed by the teacher's logits for that row (`rows × (label columns +
    /// outputs)`); [`Model::evaluate`] takes either those rows (giving the distillation
    /// loss) or the labels alone (giving the plain loss). A new `compile` removes it.
    ///
    /// # Errors
    /// A model not compiled, a regression loss, or impossible settings
    /// ([`Distillation::check`]).
    pub fn set_distillation(&mut self, distillation: Option<Distillation>) -> Result<()> {
        let compiled = self.compiled.as_mut().ok_or_else(not_compiled)?;
        if let Some(d) = &distillation {
            d.check()?;
            Distillation::check_loss(compiled.loss)?;
        }
        compiled.distillation = distillation;
        Ok(())
    }

    /// The distillation training uses, if any.
    pub fn distillation(&self) -> Option<Distillation> {
        self.compiled.as_ref().and_then(|c| c.distillation)
    }

    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    pub fn compiled(&self) -> Option<&Compiled> {
        self.compiled.as_ref()
    }

    pub fn compiled_mut(&mut self) -> Option<&mut Compiled> {
        self.compiled.as_mut()
    }

    fn compiled_or_err(&self) -> Result<&Compiled> {
        self.compiled.as_ref().ok_or_else(not_compiled)
    }

    /// The loss, once compiled.
    pub fn loss(&self) -> Option<Loss> {
        self.compiled.as_ref().map(|c| c.loss)
    }

    pub fn inputs(&self) -> usize {
        self.config.inputs
    }

    pub fn outputs(&self) -> usize {
        self.config.outputs()
    }

    /// Number of trainable parameters.
    pub fn parameter_count(&self) -> usize {
        self.params.len()
    }

    /// All parameters, layer by layer: kernel (`fan_in × units`, row-major) then bias.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// Gradients from the last backward pass, laid out like [`Model::params`].
    pub fn gradients(&self) -> &[f32] {
        &self.grads
    }

    /// The kernel (or embedding table) and bias of every shaped layer with weights, in
    /// order.
    pub fn shaped_params(&self) -> Vec<(&[f32], &[f32])> {
        self.shaped
            .iter()
            .filter(|op| op.has_params())
            .map(|op| (&self.params[op.w..op.b], &self.params[op.b..op.end]))
            .collect()
    }

    /// Whether the model has shaped layers (convolutions, pooling, embeddings) before its
    /// dense ones.
    pub fn has_shaped_layers(&self) -> bool {
        !self.config.shaped.is_empty()
    }

    /// Dense layer `i`'s kernel (`fan_in × units`, row-major) and bias.
    pub fn layer_params(&self, i: usize) -> Option<(&[f32], &[f32])> {
        let s = self.slots.get(i)?;
        Some((&self.params[s.w..s.b], &self.params[s.b..s.b + s.units]))
    }

    /// Name and index range in [`Model::params`] of every parameter tensor
    /// (`layers[i].kernel`, `layers[i].bias`).
    pub fn tensor_ranges(&self) -> Vec<(String, std::ops::Range<usize>)> {
        let offset = self.config.shaped.len();
        let shaped = self.shaped.iter().flat_map(ShapedOp::tensors);
        shaped
            .chain(self.slots.iter().enumerate().flat_map(|(i, s)| {
                let i = i + offset;
                [
                    (format!("layers[{i}].kernel"), s.w..s.b),
                    (format!("layers[{i}].bias"), s.b..s.b + s.units),
                ]
            }))
            .collect()
    }

    /// Every shaped layer (flatten included) with its shapes and parameter count.
    pub fn shaped_summary(&self) -> Vec<ShapedSummary> {
        let Ok(Some(mut shape)) = self.config.input_shape() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, l) in self.config.shaped.iter().enumerate() {
            let next = l
                .output_shape(shape, i == 0, "")
                .expect("checked when the model was built");
            let (filters, kernel_size, activation) = match l {
                ShapedLayer::Conv2d(c) | ShapedLayer::Conv1d(c) => (
                    Some(c.filters),
                    Some([c.kernel_size.0, c.kernel_size.1]),
                    Some(c.activation),
                ),
                ShapedLayer::MaxPool2d(p) | ShapedLayer::AveragePool2d(p) => {
                    (None, Some([p.pool_size.0, p.pool_size.1]), None)
                }
                _ => (None, None, None),
            };
            out.push(ShapedSummary {
                layer: i,
                kind: l.kind().name(),
                input: shape.dims(),
                output: next.dims(),
                parameters: l.parameters(shape),
                filters,
                kernel_size,
                activation,
            });
            shape = next;
        }
        out
    }

    /// What each shaped layer with work to do (not flatten) makes of one input row `x`
    /// (already scaled), in inference mode, with each convolution's kernel: what the page
    /// draws as feature maps and filters.
    ///
    /// # Errors
    /// `x` is not one row, or holds a value the model refuses (see [`Model::predict`]).
    pub fn feature_maps(&mut self, x: &[f32]) -> Result<Vec<FeatureMap>> {
        if x.len() != self.config.inputs {
            return Err(Error::shape(
                "features",
                format!("one row of {} inputs", self.config.inputs),
                format!("{} values", x.len()),
            ));
        }
        // The checks and the forward pass of inference (one chunk of one row).
        self.infer(x, |_, _, _| {})?;
        let kinds: Vec<&'static str> = self.config.shaped.iter().map(|l| l.kind().name()).collect();
        Ok(self
            .shaped
            .iter()
            .zip(&self.shaped_bufs)
            .map(|(op, buf)| FeatureMap {
                layer: op.layer,
                kind: kinds[op.layer],
                shape: op.output,
                values: buf.a[..op.output.size()].to_vec(),
                kernel: op
                    .kernel_shape()
                    .map(|shape| (self.params[op.w..op.b].to_vec(), shape)),
            })
            .collect())
    }

    /// For a model that starts with an embedding: the `k` token ids whose vectors point
    /// most nearly the way `id`'s does (cosine similarity, largest first; `id` itself, the
    /// padding id 0 and the out-of-vocabulary id 1 left out), with their similarity.
    ///
    /// # Errors
    /// No embedding, or `id` outside the vocabulary.
    pub fn nearest_tokens(&self, id: usize, k: usize) -> Result<Vec<(usize, f32)>> {
        let Some(op) = self.shaped.first().filter(|op| op.vocabulary().is_some()) else {
            return Err(Error::State("the model has no embedding layer".into()));
        };
        let vocabulary = op.vocabulary().expect("filtered");
        if id >= vocabulary {
            return Err(Error::config(
                "id",
                format!("the embedding has ids 0 to {}, not {id}", vocabulary - 1),
            ));
        }
        let dim = op.output.channels;
        let table = &self.params[op.w..op.b];
        let row = |i: usize| &table[i * dim..(i + 1) * dim];
        let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
        let (q, qn) = (row(id), norm(row(id)));
        let mut scored: Vec<(usize, f32)> = (2..vocabulary)
            .filter(|&i| i != id)
            .map(|i| {
                let v = row(i);
                let dot: f32 = q.iter().zip(v).map(|(a, b)| a * b).sum();
                let n = qn * norm(v);
                (i, if n > 0.0 { dot / n } else { 0.0 })
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(k);
        Ok(scored)
    }

    /// `(fan_in, units)` of every layer.
    pub fn layer_shapes(&self) -> Vec<(usize, usize)> {
        self.slots.iter().map(|s| (s.fan_in, s.units)).collect()
    }

    /// Every layer with its shape, activation (and its resolved `alpha`), dropout and
    /// parameter count.
    pub fn summary(&self) -> Vec<LayerSummary> {
        self.slots
            .iter()
            .zip(&self.config.layers)
            .map(|(s, l)| LayerSummary {
                inputs: s.fan_in,
                units: s.units,
                activation: l.activation,
                alpha: matches!(l.activation, Activation::LeakyRelu | Activation::Elu)
                    .then(|| l.alpha()),
                dropout: l.dropout,
                parameters: s.fan_in * s.units + s.units,
            })
            .collect()
    }

    /// The random-number generator (shared by shuffling and dropout).
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// Sets one weight: layer `layer`'s link from its input `from` to its unit `to` (as
    /// a learner does by editing a link of the network diagram). A value that is not
    /// finite, or a link that does not exist, is refused and nothing changes.
    pub fn set_weight(&mut self, layer: usize, from: usize, to: usize, value: f32) -> Result<()> {
        let Some(s) = self.slots.get(layer) else {
            return Err(Error::config(
                "layer",
                format!(
                    "the network has layers 0 to {}, not {layer}",
                    self.slots.len() - 1
                ),
            ));
        };
        if from >= s.fan_in || to >= s.units {
            return Err(Error::config(
                "weight",
                format!(
                    "layer {layer} links inputs 0 to {} with units 0 to {}, not {from} → {to}",
                    s.fan_in - 1,
                    s.units - 1
                ),
            ));
        }
        if !value.is_finite() {
            return Err(Error::config(
                "weight",
                format!("must be a finite number, got {value}"),
            ));
        }
        let i = s.w + from * s.units + to;
        if self.mask.as_ref().is_some_and(|m| m[i] == 0.0) {
            return Err(Error::config(
                "weight",
                format!("layer {layer}'s link {from} → {to} is pruned (held at zero)"),
            ));
        }
        self.params[i] = value;
        self.edits += 1;
        Ok(())
    }

    /// Replaces the parameters (same length).
    pub fn set_params(&mut self, params: &[f32]) -> Result<()> {
        if params.len() != self.params.len() {
            return Err(Error::shape("parameters", self.params.len(), params.len()));
        }
        self.params.copy_from_slice(params);
        self.apply_mask();
        self.edits += 1;
        Ok(())
    }

    /// Prunes the kernels to `sparsity` (a fraction of their weights, at most
    /// [`MAX_SPARSITY`](super::prune::MAX_SPARSITY)): the weights of smallest magnitude, in
    /// each layer or over all of them (`scope`), set to zero and held there by every later
    /// training step. Weights pruned before stay pruned, so a lower sparsity than the
    /// model's changes nothing. Returns the sparsity reached.
    ///
    /// # Errors
    /// A sparsity outside `[0, 0.99]`.
    pub fn prune(&mut self, sparsity: f32, scope: PruneScope) -> Result<Sparsity> {
        let reached = self.prune_to(sparsity, scope)?;
        self.edits += 1;
        Ok(reached)
    }

    /// [`Model::prune`] as training's gradual schedule does it (not an edit from outside).
    fn prune_to(&mut self, sparsity: f32, scope: PruneScope) -> Result<Sparsity> {
        prune::check_sparsity("sparsity", sparsity)?;
        let n = self.params.len();
        let mask = self.mask.get_or_insert_with(|| vec![1.0; n]);
        match scope {
            PruneScope::Layer => {
                for s in &self.slots {
                    let mut candidates: Vec<usize> = (s.w..s.b).collect();
                    let count = prune::target_count(sparsity, candidates.len());
                    prune::prune_smallest(&mut self.params, mask, &mut candidates, count);
                }
            }
            PruneScope::Global => {
                let mut candidates: Vec<usize> = self.slots.iter().flat_map(|s| s.w..s.b).collect();
                let count = prune::target_count(sparsity, candidates.len());
                prune::prune_smallest(&mut self.params, mask, &mut candidates, count);
            }
        }
        Ok(self.sparsity())
    }

    /// Attaches a gradual pruning schedule (checked), or removes it with `None`; the
    /// schedule counts optimizer steps, as [`Optimizer::iterations`] does.
    ///
    /// # Errors
    /// An impossible schedule ([`PruningSchedule::check`]).
    pub fn set_pruning(&mut self, schedule: Option<PruningSchedule>) -> Result<()> {
        if let Some(s) = &schedule {
            s.check()?;
        }
        self.pruning = schedule;
        Ok(())
    }

    /// The gradual pruning schedule, if any.
    pub fn pruning(&self) -> Option<&PruningSchedule> {
        self.pruning.as_ref()
    }

    /// The pruning mask (laid out like [`Model::params`]: `0` for a pruned weight), or
    /// `None` for a model never pruned.
    pub fn mask(&self) -> Option<&[f32]> {
        self.mask.as_deref()
    }

    /// Prunes exactly the kernel weights listed per layer (indices into the layer's kernel,
    /// as [`Model::pruned_indices`] gives them), as a model file stores its mask.
    ///
    /// # Errors
    /// More lists than layers, or an index outside its layer's kernel.
    pub fn set_pruned(&mut self, pruned: &[Vec<u32>]) -> Result<()> {
        if pruned.len() > self.slots.len() {
            return Err(Error::shape(
                "pruned layers",
                self.slots.len(),
                pruned.len(),
            ));
        }
        let mut mask = vec![1.0; self.params.len()];
        for (i, (s, list)) in self.slots.iter().zip(pruned).enumerate() {
            for &j in list {
                let j = j as usize;
                if j >= s.b - s.w {
                    return Err(Error::config(
                        format!("weights[{i}].pruned"),
                        format!("the kernel has {} weights, not index {j}", s.b - s.w),
                    ));
                }
                mask[s.w + j] = 0.0;
            }
        }
        self.mask = pruned.iter().any(|l| !l.is_empty()).then_some(mask);
        self.apply_mask();
        self.edits += 1;
        Ok(())
    }

    /// Forgets the mask: every weight trains again (the pruned ones from zero).
    pub fn clear_pruning(&mut self) {
        self.mask = None;
        self.pruning = None;
    }

    /// Per layer, the indices (into the layer's kernel) of the pruned weights.
    pub fn pruned_indices(&self) -> Vec<Vec<u32>> {
        self.slots
            .iter()
            .map(|s| match &self.mask {
                None => Vec::new(),
                Some(m) => (s.w..s.b)
                    .filter(|&i| m[i] == 0.0)
                    .map(|i| (i - s.w) as u32)
                    .collect(),
            })
            .collect()
    }

    /// How many kernel weights are pruned, per layer and in all.
    pub fn sparsity(&self) -> Sparsity {
        let layers: Vec<LayerSparsity> = self
            .slots
            .iter()
            .map(|s| LayerSparsity {
                pruned: self
                    .mask
                    .as_ref()
                    .map_or(0, |m| m[s.w..s.b].iter().filter(|&&v| v == 0.0).count()),
                weights: s.b - s.w,
            })
            .collect();
        let pruned: usize = layers.iter().map(|l| l.pruned).sum();
        let weights: usize = layers.iter().map(|l| l.weights).sum();
        Sparsity {
            sparsity: pruned as f64 / weights as f64,
            pruned,
            weights,
            layers,
        }
    }

    /// Zeroes the pruned parameters (after any change to the parameters).
    fn apply_mask(&mut self) {
        if let Some(m) = &self.mask {
            for (w, &k) in self.params.iter_mut().zip(m) {
                *w *= k;
            }
        }
    }

    fn ensure_capacity(&mut self, rows: usize) {
        if rows <= self.capacity {
            return;
        }
        for (buf, (slot, l)) in self
            .bufs
            .iter_mut()
            .zip(self.slots.iter().zip(&self.config.layers))
        {
            let n = rows * slot.units;
            buf.z.resize(n, 0.0);
            buf.a.resize(n, 0.0);
            buf.delta.resize(n, 0.0);
            if l.dropout > 0.0 {
                buf.mask.resize(n, 0.0);
                buf.dropped.resize(n, 0.0);
            }
        }
        for (op, buf) in self.shaped.iter().zip(&mut self.shaped_bufs) {
            op.reserve(buf, rows);
        }
        self.capacity = rows;
    }

    /// Forward pass over `rows` rows of `x`; with `training`, dropout is applied.
    fn forward(&mut self, x: &[f32], rows: usize, training: bool) {
        self.ensure_capacity(rows);
        for l in 0..self.shaped.len() {
            let (before, rest) = self.shaped_bufs.split_at_mut(l);
            let op = &self.shaped[l];
            let input: &[f32] = match before.last() {
                None => &x[..rows * op.input.size()],
                Some(prev) => &prev.a[..rows * op.input.size()],
            };
            op.forward(&self.params, input, rows, &mut rest[0]);
        }
        for l in 0..self.slots.len() {
            let slot = self.slots[l];
            let cfg = &self.config.layers[l];
            let (before, rest) = self.bufs.split_at_mut(l);
            let input: &[f32] = match before.last() {
                None => match self.shaped_bufs.last() {
                    Some(shaped) => &shaped.a[..rows * slot.fan_in],
                    None => &x[..rows * slot.fan_in],
                },
                Some(prev) => prev.output(rows * slot.fan_in, training),
            };
            let buf = &mut rest[0];
            let n = rows * slot.units;
            let w = &self.params[slot.w..slot.b];
            let b = &self.params[slot.b..slot.b + slot.units];
            matmul_bias(input, w, b, &mut buf.z[..n], rows, slot.fan_in, slot.units);
            cfg.activation
                .forward(cfg.alpha(), &buf.z[..n], &mut buf.a[..n], slot.units);
            if training && cfg.dropout > 0.0 {
                let keep = 1.0 - cfg.dropout;
                let scale = 1.0 / keep;
                for ((m, d), &a) in buf.mask[..n]
                    .iter_mut()
                    .zip(&mut buf.dropped[..n])
                    .zip(&buf.a[..n])
                {
                    *m = if self.rng.unit() < keep { scale } else { 0.0 };
                    *d = a * *m;
                }
            }
        }
    }

    /// Back-propagates `delta` (already in the last layer's buffer) and fills `grads`,
    /// including the regularisation gradient.
    fn backward(&mut self, x: &[f32], rows: usize, training: bool) {
        for l in (0..self.slots.len()).rev() {
            let slot = self.slots[l];
            let (l1, l2) = self.rates(l);
            let (before, rest) = self.bufs.split_at_mut(l);
            let buf = &rest[0];
            let n = rows * slot.units;
            let input: &[f32] = match before.last() {
                None => match self.shaped_bufs.last() {
                    Some(shaped) => &shaped.a[..rows * slot.fan_in],
                    None => &x[..rows * slot.fan_in],
                },
                Some(prev) => prev.output(rows * slot.fan_in, training),
            };
            let (gw, gb) = self.grads[slot.w..slot.b + slot.units].split_at_mut(slot.b - slot.w);
            matmul_tn(input, &buf.delta[..n], gw, rows, slot.fan_in, slot.units);
            column_sums(&buf.delta[..n], slot.units, gb);
            if l1 > 0.0 || l2 > 0.0 {
                let w = &self.params[slot.w..slot.b];
                for (g, &w) in gw.iter_mut().zip(w) {
                    *g += l1 * sign(w) + 2.0 * l2 * w;
                }
            }
            if let Some(prev) = before.last_mut() {
                let prev_cfg = &self.config.layers[l - 1];
                let m = rows * slot.fan_in;
                let w = &self.params[slot.w..slot.b];
                matmul_nt(
                    &buf.delta[..n],
                    w,
                    &mut prev.delta[..m],
                    rows,
                    slot.fan_in,
                    slot.units,
                );
                if training && prev_cfg.dropout > 0.0 {
                    for (d, &k) in prev.delta[..m].iter_mut().zip(&prev.mask[..m]) {
                        *d *= k;
                    }
                }
                prev_cfg.activation.backward(
                    prev_cfg.alpha(),
                    &prev.z[..m],
                    &prev.a[..m],
                    &mut prev.delta[..m],
                    slot.fan_in,
                );
            } else if let Some(shaped) = self.shaped_bufs.last_mut() {
                // The first dense layer hands dL/d(its input) to the shaped layers.
                let w = &self.params[slot.w..slot.b];
                let m = rows * slot.fan_in;
                matmul_nt(
                    &buf.delta[..n],
                    w,
                    &mut shaped.delta[..m],
                    rows,
                    slot.fan_in,
                    slot.units,
                );
            }
        }
        for l in (0..self.shaped.len()).rev() {
            let op = &self.shaped[l];
            let (before, rest) = self.shaped_bufs.split_at_mut(l);
            let buf = &mut rest[0];
            match before.last_mut() {
                None => op.backward(
                    &self.params,
                    &x[..rows * op.input.size()],
                    rows,
                    buf,
                    &mut self.grads,
                    None,
                ),
                Some(prev) => {
                    let m = rows * op.input.size();
                    op.backward(
                        &self.params,
                        &prev.a[..m],
                        rows,
                        buf,
                        &mut self.grads,
                        Some(&mut prev.delta[..m]),
                    )
                }
            }
        }
    }

    /// `(l1, l2)` rates in force for layer `l`.
    fn rates(&self, l: usize) -> (f32, f32) {
        let c = &self.config.layers[l];
        (
            c.l1.unwrap_or(self.config.l1),
            c.l2.unwrap_or(self.config.l2),
        )
    }

    /// The regularisation penalty `sum l1 |w| + l2 w^2` over all kernels.
    pub fn penalty(&self) -> f64 {
        let mut total = 0.0f64;
        for (l, slot) in self.slots.iter().enumerate() {
            let (l1, l2) = self.rates(l);
            if l1 == 0.0 && l2 == 0.0 {
                continue;
            }
            let (mut s1, mut s2) = (0.0f64, 0.0f64);
            for &w in &self.params[slot.w..slot.b] {
                s1 += w.abs() as f64;
                s2 += (w * w) as f64;
            }
            total += l1 as f64 * s1 + l2 as f64 * s2;
        }
        total
    }

    /// How target rows of `target_cols` columns read: the labels alone (`outputs` columns,
    /// or 1 class index for categorical cross-entropy), or with a distillation, the labels
    /// then the teacher's `outputs` logits. `training` asks for the teacher's logits when
    /// the model distils (evaluation takes the labels alone too).
    fn target_layout(&self, target_cols: usize, training: bool) -> Result<TargetLayout> {
        let compiled = self.compiled_or_err()?;
        let outputs = self.outputs();
        let label_ok =
            |c: usize| c == outputs || (compiled.loss == Loss::CategoricalCrossentropy && c == 1);
        let plain = TargetLayout {
            stride: target_cols,
            labels: target_cols,
            teacher: false,
        };
        if compiled.distillation.is_none() {
            if !label_ok(target_cols) {
                return Err(Error::shape(
                    "targets",
                    format!("{outputs} column(s), one per output unit"),
                    format!("{target_cols} column(s)"),
                ));
            }
            return Ok(plain);
        }
        if target_cols > outputs && label_ok(target_cols - outputs) {
            return Ok(TargetLayout {
                stride: target_cols,
                labels: target_cols - outputs,
                teacher: true,
            });
        }
        if !training && label_ok(target_cols) {
            return Ok(plain);
        }
        let widths = if compiled.loss == Loss::CategoricalCrossentropy {
            format!(
                "{} (a class index and the teacher's {outputs} logits) or {} (a one-hot row \
                 and the logits) columns",
                1 + outputs,
                2 * outputs
            )
        } else {
            format!(
                "{} columns ({outputs} label(s) and the teacher's {outputs} logit(s))",
                2 * outputs
            )
        };
        Err(Error::shape(
            "targets",
            format!("with distillation, each row's labels then the teacher's logits: {widths}"),
            format!("{target_cols} column(s)"),
        ))
    }

    /// Checks that a whole set of targets (`target_cols` a row) fits the compiled model:
    /// its width (see [`Model::set_distillation`]; `training` asks for the teacher's
    /// logits of a distilling model), label values in range and finite teacher logits.
    ///
    /// # Errors
    /// The first column count, label or logit that does not fit, naming its row.
    pub fn check_targets(&self, y: &[f32], target_cols: usize, training: bool) -> Result<()> {
        let loss = self.compiled_or_err()?.loss;
        let layout = self.target_layout(target_cols, training)?;
        loss.check_label_columns(y, layout.stride, layout.labels, self.outputs())?;
        if layout.teacher {
            for (r, row) in y.chunks_exact(layout.stride).enumerate() {
                if let Some(v) = row[layout.labels..].iter().find(|v| !v.is_finite()) {
                    return Err(Error::data(
                        "targets",
                        format!("row {}: the teacher's logit {v} is not finite", r + 1),
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_batch(
        &self,
        x: &[f32],
        y: &[f32],
        rows: usize,
        training: bool,
    ) -> Result<TargetLayout> {
        if x.len() != rows * self.config.inputs {
            return Err(Error::shape(
                "features",
                format!("{rows} rows × {} inputs", self.config.inputs),
                format!("{} values", x.len()),
            ));
        }
        self.check_token_ids(x)?;
        let outputs = self.outputs();
        let target_cols = y.len().checked_div(rows).unwrap_or(outputs);
        if rows == 0 || y.len() != rows * target_cols {
            return Err(Error::shape(
                "targets",
                format!("{rows} rows"),
                format!("{} values", y.len()),
            ));
        }
        let layout = self.target_layout(target_cols, training)?;
        if layout.labels == 1 && outputs > 1 {
            // Class indices address the output row: an out-of-range one must not get that far.
            if let Some(r) = y
                .chunks_exact(layout.stride)
                .position(|row| !(row[0] >= 0.0 && (row[0] as usize) < outputs))
            {
                return Err(Error::data(
                    "targets",
                    format!(
                        "row {}: class index {} is not in 0..{}",
                        r + 1,
                        y[r * layout.stride],
                        outputs - 1
                    ),
                ));
            }
        }
        Ok(layout)
    }

    /// For a model that starts with an embedding: every input is a whole token id below
    /// the vocabulary size.
    fn check_token_ids(&self, x: &[f32]) -> Result<()> {
        let Some(vocabulary) = self.shaped.first().and_then(ShapedOp::vocabulary) else {
            return Ok(());
        };
        let ok = |v: f32| v >= 0.0 && v.fract() == 0.0 && (v as usize) < vocabulary;
        match x.iter().position(|&v| !ok(v)) {
            None => Ok(()),
            Some(i) => {
                let inputs = self.config.inputs;
                Err(Error::data(
                    "features",
                    format!(
                        "row {}, position {}: {} is not a token id (a whole number from 0 to \
                         {}, the embedding's inputDim − 1)",
                        i / inputs + 1,
                        i % inputs + 1,
                        x[i],
                        vocabulary - 1
                    ),
                ))
            }
        }
    }

    /// Loss (with penalty) and gradients for one batch, without updating the weights.
    /// `training` turns dropout on. Gradients are left in [`Model::gradients`].
    ///
    /// # Shapes
    /// `x`: `rows × inputs`; `y`: `rows × outputs` (or `rows × 1` class indices for
    /// categorical cross-entropy), with a distillation followed on each row by the
    /// teacher's `outputs` logits (see [`Model::set_distillation`]).
    pub fn loss_and_gradients(
        &mut self,
        x: &[f32],
        y: &[f32],
        rows: usize,
        training: bool,
    ) -> Result<StepOutcome> {
        let layout = self.check_batch(x, y, rows, true)?;
        let compiled = self.compiled_or_err()?;
        let (loss, distillation) = (compiled.loss, compiled.distillation);
        self.forward(x, rows, training);
        let last = self.slots.len() - 1;
        let cfg = &self.config.layers[last];
        let units = self.slots[last].units;
        let buf = &mut self.bufs[last];
        let value = output_loss(loss, distillation, layout, cfg, units, buf, rows, y);
        let correct = count_correct(
            loss,
            &buf.a[..rows * units],
            cfg.activation,
            y,
            layout,
            units,
        );
        self.backward(x, rows, training);
        Ok(StepOutcome {
            loss: value + self.penalty(),
            correct,
        })
    }

    /// One optimizer step on a batch.
    ///
    /// # Errors
    /// [`Error::Diverged`] (with `epoch` and `batch` left at 0 for the caller to fill in) when
    /// the loss or a gradient is not finite; the weights are then left untouched.
    pub fn train_step(&mut self, x: &[f32], y: &[f32], rows: usize) -> Result<StepOutcome> {
        let outcome = self.loss_and_gradients(x, y, rows, true)?;
        if !outcome.loss.is_finite() {
            return Err(Error::Diverged {
                epoch: 0,
                batch: 0,
                quantity: "loss".into(),
                value: format!("{}", outcome.loss),
            });
        }
        if !all_finite(&self.grads) {
            return Err(Error::Diverged {
                epoch: 0,
                batch: 0,
                quantity: "gradient".into(),
                value: "not finite".into(),
            });
        }
        let compiled = self
            .compiled
            .as_mut()
            .expect("checked in loss_and_gradients");
        // A pruned weight gets no gradient (its optimizer state stays zero) and is zeroed
        // again after the update (weight decay cannot revive it).
        if let Some(m) = &self.mask {
            for (g, &k) in self.grads.iter_mut().zip(m) {
                *g *= k;
            }
        }
        compiled.optimizer.apply(&mut self.params, &self.grads);
        let step = compiled.optimizer.iterations();
        self.apply_mask();
        if let Some(schedule) = self.pruning {
            if let Some(target) = schedule.sparsity_at(step) {
                self.prune_to(target, schedule.scope)?;
            }
        }
        Ok(outcome)
    }

    /// Predictions for `rows` rows of `x` (`rows × outputs`). For cross-entropy losses on
    /// a linear (logit) output layer the squashing function is applied, so classification
    /// predictions are always probabilities.
    ///
    /// # Errors
    /// `x` is empty, not a whole number of rows, or holds a non-finite value.
    pub fn predict(&mut self, x: &[f32]) -> Result<Vec<f32>> {
        let last = self.slots.len() - 1;
        let mut out = Vec::new();
        self.infer(x, |l, _, a| {
            if l == last {
                out.extend_from_slice(a);
            }
        })?;
        self.squash(&mut out);
        Ok(out)
    }

    /// The output layer's pre-activations for the rows of `x` (`rows × outputs`), in
    /// inference mode: the logits of a softmax or sigmoid output, the outputs themselves of
    /// a linear one. A distilling student learns from a teacher's logits.
    ///
    /// # Errors
    /// As [`Model::predict`].
    pub fn logits(&mut self, x: &[f32]) -> Result<Vec<f32>> {
        let last = self.slots.len() - 1;
        let mut out = Vec::new();
        self.infer(x, |l, z, _| {
            if l == last {
                out.extend_from_slice(z);
            }
        })?;
        Ok(out)
    }

    /// The output of every layer for the rows of `x`: one `rows × units` buffer per layer,
    /// after its activation (dropout is off at inference), the last one as
    /// [`Model::predict`] gives it. The page draws each hidden unit's output from these.
    ///
    /// # Errors
    /// As [`Model::predict`].
    pub fn layer_outputs(&mut self, x: &[f32]) -> Result<Vec<Vec<f32>>> {
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); self.slots.len()];
        self.infer(x, |l, _, a| out[l].extend_from_slice(a))?;
        if let Some(last) = out.last_mut() {
            self.squash(last);
        }
        Ok(out)
    }

    /// Runs the rows of `x` forward in inference mode, 256 rows at a time, handing each
    /// layer's pre-activation and output blocks (`r × units` each) to `take(layer, z, a)`.
    fn infer(&mut self, x: &[f32], mut take: impl FnMut(usize, &[f32], &[f32])) -> Result<()> {
        let inputs = self.config.inputs;
        if x.is_empty() || x.len() % inputs != 0 {
            return Err(Error::shape(
                "features",
                format!("a non-empty multiple of {inputs} values (rows × inputs)"),
                format!("{} values", x.len()),
            ));
        }
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            return Err(Error::data(
                "features",
                format!(
                    "row {}, feature {} is not a finite number",
                    i / inputs + 1,
                    i % inputs + 1
                ),
            ));
        }
        self.check_token_ids(x)?;
        let rows = x.len() / inputs;
        let chunk = self.chunk_rows();
        for start in (0..rows).step_by(chunk) {
            let r = chunk.min(rows - start);
            self.forward(&x[start * inputs..(start + r) * inputs], r, false);
            for (l, slot) in self.slots.iter().enumerate() {
                let n = r * slot.units;
                take(l, &self.bufs[l].z[..n], &self.bufs[l].a[..n]);
            }
        }
        Ok(())
    }

    /// How many rows inference runs at a time: 256, or fewer when the shaped layers'
    /// buffers would pass about 4 million values (16 MB) a batch, or the batch size
    /// training has already reserved for, if larger.
    fn chunk_rows(&self) -> usize {
        let per_row: usize = self
            .shaped
            .iter()
            .map(|op| op.buffer_values(1))
            .sum::<usize>()
            .max(1);
        (4_000_000 / per_row)
            .clamp(1, 256)
            .max(self.capacity.min(256))
    }

    /// Turns logits into probabilities when a cross-entropy loss sits on a linear output.
    fn squash(&self, out: &mut [f32]) {
        let last = self.config.layers[self.slots.len() - 1].activation;
        squash_logits(self.loss(), last, self.outputs(), out);
    }

    /// Mean loss (with penalty) and, for classification, accuracy over a whole dataset, in
    /// inference mode.
    pub fn evaluate(&mut self, x: &[f32], y: &[f32], rows: usize) -> Result<Evaluation> {
        let layout = self.check_batch(x, y, rows, false)?;
        self.check_targets(y, layout.stride, false)?;
        let compiled = self.compiled_or_err()?;
        let (loss, distillation) = (compiled.loss, compiled.distillation);
        let inputs = self.config.inputs;
        let units = self.outputs();
        let last = self.slots.len() - 1;
        let chunk = self.chunk_rows();
        let (mut total, mut correct) = (0.0f64, 0usize);
        let stride = layout.stride;
        for start in (0..rows).step_by(chunk) {
            let r = chunk.min(rows - start);
            self.forward(&x[start * inputs..(start + r) * inputs], r, false);
            let yb = &y[start * stride..(start + r) * stride];
            let cfg = &self.config.layers[last];
            let buf = &mut self.bufs[last];
            let mean = output_loss(loss, distillation, layout, cfg, units, buf, r, yb);
            total += mean * r as f64;
            correct += count_correct(loss, &buf.a[..r * units], cfg.activation, yb, layout, units);
        }
        let value = total / rows as f64 + self.penalty();
        Ok(Evaluation {
            loss: value,
            accuracy: (loss.task() != Task::Regression).then(|| correct as f64 / rows as f64),
        })
    }
}

/// One shaped layer as [`Model::shaped_summary`] lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapedSummary {
    /// Its index in the configuration's `layers`.
    pub layer: usize,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Input and output shapes as Keras writes them (`[h, w, c]`, `[length, c]`, `[n]`).
    pub input: Vec<usize>,
    pub output: Vec<usize>,
    pub parameters: usize,
    /// A convolution's filters and kernel size, a pool's window, an embedding's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel_size: Option<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation: Option<Activation>,
}

/// What one shaped layer made of one input row ([`Model::feature_maps`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureMap {
    /// Its index in the configuration's `layers`.
    pub layer: usize,
    pub kind: &'static str,
    /// The output's shape and values (`height × width × channels`, row-major).
    pub shape: Shape,
    pub values: Vec<f32>,
    /// A convolution's kernel (`kh × kw × in × filters`, row-major) and its shape.
    pub kernel: Option<(Vec<f32>, [usize; 4])>,
}

/// One layer as [`Model::summary`] lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerSummary {
    pub inputs: usize,
    pub units: usize,
    pub activation: Activation,
    /// The slope of `leaky_relu` or scale of `elu` in use; absent for other activations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f32>,
    pub dropout: f32,
    pub parameters: usize,
}

/// Loss and accuracy over a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    pub loss: f64,
    /// `None` for regression.
    pub accuracy: Option<f64>,
}

impl LayerBuf {
    fn output(&self, n: usize, training: bool) -> &[f32] {
        if training && !self.dropped.is_empty() {
            &self.dropped[..n]
        } else {
            &self.a[..n]
        }
    }
}

/// `out[j] = 0 + x[0][j] + x[1][j] + ...`, the column sums of `x` (`rows × cols`, at least
/// one row) in row order: a dense layer's bias gradient.
///
/// Eight columns at a time, held in a fixed-size block through all the rows, so that each
/// row costs two vector adds rather than a loop set up anew; the sums start from `0.0 + x`
/// rather than a `fill(0.0)`, the same values without a `memset` call per step.
fn column_sums(x: &[f32], cols: usize, out: &mut [f32]) {
    let (first, others) = x.split_at(cols);
    let mut j = 0;
    while j + 8 <= cols {
        let mut acc = [0.0f32; 8];
        for (acc, &x) in acc.iter_mut().zip(&first[j..j + 8]) {
            *acc += x;
        }
        for row in others.chunks_exact(cols) {
            for (acc, &x) in acc.iter_mut().zip(&row[j..j + 8]) {
                *acc += x;
            }
        }
        out[j..j + 8].copy_from_slice(&acc);
        j += 8;
    }
    for (j, out) in out.iter_mut().enumerate().take(cols).skip(j) {
        let mut sum = 0.0 + first[j];
        for row in others.chunks_exact(cols) {
            sum += row[j];
        }
        *out = sum;
    }
}

fn sign(w: f32) -> f32 {
    if w > 0.0 {
        1.0
    } else if w < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// Correct classifications in a batch of outputs `a` (0 for regression). Binary outputs are
/// thresholded at probability 0.5 (logit 0 on a linear output); multiclass ones take the
/// arg-max. Only the label columns of each target row count, not a teacher's logits after
/// them.
fn count_correct(
    loss: Loss,
    a: &[f32],
    act: Activation,
    y: &[f32],
    layout: TargetLayout,
    units: usize,
) -> usize {
    let labels = y
        .chunks_exact(layout.stride)
        .map(|row| &row[..layout.labels]);
    match loss.task() {
        Task::Regression => 0,
        Task::Binary => {
            let threshold = if act == Activation::Linear { 0.0 } else { 0.5 };
            a.chunks_exact(units)
                .zip(labels)
                .map(|(a, y)| {
                    a.iter()
                        .zip(y)
                        .filter(|(&a, &y)| (a >= threshold) == (y >= 0.5))
                        .count()
                })
                .sum::<usize>()
                / units.max(1)
        }
        Task::Multiclass => a
            .chunks_exact(units)
            .zip(labels)
            .filter(|(a, y)| {
                let predicted = argmax(a);
                let truth = if y.len() == 1 {
                    y[0] as usize
                } else {
                    argmax(y)
                };
                predicted == truth
            })
            .count(),
    }
}

/// The output layer's batch-mean loss for `rows` rows of targets `y` (laid out as
/// `layout`), leaving `dLoss/dz` in `buf.delta`: the distillation loss when the rows carry
/// a teacher's logits, else the compiled loss.
#[allow(clippy::too_many_arguments)]
fn output_loss(
    loss: Loss,
    distillation: Option<Distillation>,
    layout: TargetLayout,
    cfg: &DenseConfig,
    units: usize,
    buf: &mut LayerBuf,
    rows: usize,
    y: &[f32],
) -> f64 {
    let n = rows * units;
    match distillation.filter(|_| layout.teacher) {
        Some(d) => d.forward_backward(
            loss,
            &buf.z[..n],
            y,
            layout.labels,
            units,
            &mut buf.delta[..n],
        ),
        None => loss.forward_backward(
            cfg.activation,
            cfg.alpha(),
            &buf.z[..n],
            &buf.a[..n],
            y,
            layout.stride,
            units,
            &mut buf.delta[..n],
        ),
    }
}

/// The class a row of predictions gives: `p ≥ 0.5` for one sigmoid output, else the
/// arg-max.
pub fn class_of(row: &[f32]) -> usize {
    if row.len() == 1 {
        usize::from(row[0] >= 0.5)
    } else {
        argmax(row)
    }
}

/// Index of the largest value (the first on ties).
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One edited weight changes exactly that entry of the kernel, and the output by
    /// weight × input (a linear 2-1 model: y = w0 x0 + w1 x1 + b).
    #[test]
    fn set_weight_changes_one_link() {
        let mut m = Model::new(ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs: 2,
            layers: vec![DenseConfig::new(1, Activation::Linear)],
            l1: 0.0,
            l2: 0.0,
            seed: 3,
        })
        .unwrap();
        let before = m.predict(&[2.0, 5.0]).unwrap()[0];
        let w1 = m.layer_params(0).unwrap().0[1];
        m.set_weight(0, 1, 0, w1 + 0.5).unwrap();
        // Only input 1's weight moved by 0.5, so the output moves by 0.5 × 5.
        let after = m.predict(&[2.0, 5.0]).unwrap()[0];
        assert!((after - before - 2.5).abs() < 1e-5, "{before} → {after}");
        assert_eq!(m.layer_params(0).unwrap().0[1], w1 + 0.5);
        let params = m.params().to_vec();
        for bad in [
            m.set_weight(1, 0, 0, 1.0),
            m.set_weight(0, 2, 0, 1.0),
            m.set_weight(0, 0, 1, 1.0),
            m.set_weight(0, 0, 0, f32::NAN),
        ] {
            assert!(bad.is_err());
        }
        assert_eq!(m.params(), &params[..], "a refused edit changes nothing");
    }

    /// Column sums by hand: whole blocks of eight columns, the columns after them, one row.
    #[test]
    fn column_sums_by_hand() {
        // x[r][j] = 100 r + j over 3 rows × 11 columns: column j sums to 300 + 3 j.
        let x: Vec<f32> = (0..3)
            .flat_map(|r| (0..11).map(move |j| (100 * r + j) as f32))
            .collect();
        let mut out = [f32::NAN; 11];
        column_sums(&x, 11, &mut out);
        let want: Vec<f32> = (0..11).map(|j| (300 + 3 * j) as f32).collect();
        assert_eq!(out.to_vec(), want);
        // One row: the row itself, with -0.0 summed from +0.0 as a fill-then-add would.
        let mut out = [f32::NAN; 2];
        column_sums(&[-0.0, 2.5], 2, &mut out);
        assert_eq!(out.map(f32::to_bits), [0.0f32.to_bits(), 2.5f32.to_bits()]);
    }
}
