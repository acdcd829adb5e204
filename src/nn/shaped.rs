//! Layers over shaped inputs, which come before a model's dense layers: convolutions,
//! pooling, flatten and embeddings.
//!
//! An input row is an image `height × width × channels` or a sequence `length × channels`
//! (a sequence is an image one pixel high), stored row-major as Keras's `channels_last`
//! does, so a flattened feature map is the same buffer read as one vector.
//!
//! - `conv2d` / `conv1d`: im2col (each output position's receptive field copied into one
//!   row of a preallocated matrix) and the dense layers' GEMM kernels; the backward pass
//!   reuses that matrix for the input gradient and scatters it back (col2im);
//! - `max_pool2d` / `average_pool2d`: windows over each channel (`same` padding ignores
//!   the padded cells, as Keras does);
//! - `flatten`: a change of shape only (no work, no buffer);
//! - `embedding`: token ids to rows of a `vocabulary × dimension` table;
//! - `global_average_pool1d`: the mean over a sequence's positions.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::nn::activation::Activation;
use crate::nn::init::Init;
use crate::nn::kernels::{matmul_bias, matmul_nt, matmul_tn};
use crate::rng::Rng;

/// The shape of one row's values between layers: `height × width × channels`, row-major.
/// A sequence is one pixel high; a flat vector is `1 × 1 × n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Shape {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

impl Shape {
    /// A flat vector of `n` values.
    pub fn flat(n: usize) -> Self {
        Shape {
            height: 1,
            width: 1,
            channels: n,
        }
    }

    /// The shape an `inputShape` list gives: `[height, width, channels]` (an image),
    /// `[length, channels]` or `[length]` (a sequence, one channel).
    ///
    /// # Errors
    /// Another number of dimensions, or a zero one.
    pub fn from_dims(dims: &[usize]) -> Result<Self> {
        if dims.contains(&0) {
            return Err(Error::config("inputShape", "no dimension can be 0"));
        }
        match *dims {
            [h, w, c] => Ok(Shape {
                height: h,
                width: w,
                channels: c,
            }),
            [l, c] => Ok(Shape {
                height: 1,
                width: l,
                channels: c,
            }),
            [l] => Ok(Shape {
                height: 1,
                width: l,
                channels: 1,
            }),
            _ => Err(Error::config(
                "inputShape",
                format!(
                    "give [height, width, channels] for images or [length] / [length, \
                     channels] for sequences, not {} dimensions",
                    dims.len()
                ),
            )),
        }
    }

    /// Values per row.
    pub fn size(&self) -> usize {
        self.height * self.width * self.channels
    }

    /// Whether dense layers can take it as it is (one vector per row).
    pub fn is_flat(&self) -> bool {
        self.height == 1 && self.width == 1
    }

    /// Whether it is a sequence (one pixel high).
    pub fn is_sequence(&self) -> bool {
        self.height == 1
    }

    /// As Keras writes it: `[h, w, c]` for images, `[length, channels]` for sequences,
    /// `[n]` for flat vectors.
    pub fn dims(&self) -> Vec<usize> {
        if self.is_flat() {
            vec![self.channels]
        } else if self.is_sequence() {
            vec![self.width, self.channels]
        } else {
            vec![self.height, self.width, self.channels]
        }
    }
}

/// How a window treats the edges: `valid` keeps only windows inside the input; `same`
/// pads so that the output has `ceil(input / stride)` positions (Keras's rule: the extra
/// cell, if any, after rather than before).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Padding {
    #[default]
    Valid,
    Same,
}

crate::named!(Padding, "padding" {
    Valid => "valid",
    Same => "same",
});

/// A window's size and stride along one axis, and the output length and padding before
/// they give.
fn axis(input: usize, size: usize, stride: usize, padding: Padding) -> (usize, usize) {
    match padding {
        Padding::Valid => {
            if input < size {
                (0, 0)
            } else {
                ((input - size) / stride + 1, 0)
            }
        }
        Padding::Same => {
            let out = input.div_ceil(stride);
            let total = ((out - 1) * stride + size).saturating_sub(input);
            (out, total / 2)
        }
    }
}

impl Padding {
    /// The cells a window of `size` moving by `stride` adds before and after an axis of
    /// `input` cells: none for `valid`; for `same`, Keras's rule, a total of
    /// `max((out − 1) · stride + size − input, 0)` with `out = ceil(input / stride)`, half of
    /// it (rounded down) before and the rest after.
    pub fn cells(self, input: usize, size: usize, stride: usize) -> (usize, usize) {
        match self {
            Padding::Valid => (0, 0),
            Padding::Same => {
                let out = input.div_ceil(stride);
                let total = ((out - 1) * stride + size).saturating_sub(input);
                (total / 2, total - total / 2)
            }
        }
    }
}

/// A 2-D (or, one pixel high, 1-D) convolution's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvConfig {
    pub filters: usize,
    /// `(height, width)`; a 1-D convolution's height is 1.
    pub kernel_size: (usize, usize),
    pub strides: (usize, usize),
    pub padding: Padding,
    pub activation: Activation,
    /// Slope of `leaky_relu` or scale of `elu`; `None` for the activation's default.
    pub alpha: Option<f32>,
    pub kernel_initializer: Init,
}

/// A pooling window's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolConfig {
    pub pool_size: (usize, usize),
    pub strides: (usize, usize),
    pub padding: Padding,
}

/// One shaped layer as configured (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub enum ShapedLayer {
    Conv2d(ConvConfig),
    Conv1d(ConvConfig),
    MaxPool2d(PoolConfig),
    AveragePool2d(PoolConfig),
    Flatten,
    /// `input_dim` token ids (0 … `input_dim − 1`) to vectors of `output_dim`.
    Embedding {
        input_dim: usize,
        output_dim: usize,
    },
    GlobalAveragePool1d,
}

/// Every kind of item a model's `layers` list may hold, by the names configurations give
/// them: the dense layers and dropout, then the shaped layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerType {
    Dense,
    Dropout,
    Conv2d,
    Conv1d,
    MaxPool2d,
    AveragePool2d,
    Flatten,
    Embedding,
    GlobalAveragePool1d,
}

crate::named!(LayerType, "layer type" {
    Dense => "dense",
    Dropout => "dropout",
    Conv2d => "conv2d",
    Conv1d => "conv1d",
    MaxPool2d => "max_pool2d" | "maxpool2d" | "max_pooling2d",
    AveragePool2d => "average_pool2d" | "avg_pool2d" | "average_pooling2d",
    Flatten => "flatten",
    Embedding => "embedding",
    GlobalAveragePool1d => "global_average_pool1d" | "global_average_pooling1d",
});

impl ShapedLayer {
    pub fn kind(&self) -> LayerType {
        match self {
            ShapedLayer::Conv2d(_) => LayerType::Conv2d,
            ShapedLayer::Conv1d(_) => LayerType::Conv1d,
            ShapedLayer::MaxPool2d(_) => LayerType::MaxPool2d,
            ShapedLayer::AveragePool2d(_) => LayerType::AveragePool2d,
            ShapedLayer::Flatten => LayerType::Flatten,
            ShapedLayer::Embedding { .. } => LayerType::Embedding,
            ShapedLayer::GlobalAveragePool1d => LayerType::GlobalAveragePool1d,
        }
    }

    /// The shape this layer makes of `input`, or why it cannot take it. `first` says
    /// whether it is the model's first layer (an embedding must be).
    ///
    /// # Errors
    /// A shape the layer cannot take, or settings that are impossible (`field` is the
    /// layer's path, `layers[i]`).
    pub fn output_shape(&self, input: Shape, first: bool, field: &str) -> Result<Shape> {
        let bad = |reason: String| Err(Error::config(field.to_string(), reason));
        let name = self.kind().name();
        match self {
            ShapedLayer::Conv2d(c) | ShapedLayer::Conv1d(c) => {
                let one_d = matches!(self, ShapedLayer::Conv1d(_));
                if one_d && !input.is_sequence() {
                    return bad(format!(
                        "conv1d takes a sequence (length × channels), not an image {}",
                        dims_text(input)
                    ));
                }
                if !one_d && input.is_flat() {
                    return bad(format!(
                        "conv2d takes an image (height × width × channels), not a flat \
                         vector of {}; set the model's inputShape",
                        input.channels
                    ));
                }
                if c.filters == 0 {
                    return bad("filters must be at least 1".into());
                }
                check_window(c.kernel_size, c.strides, "kernelSize", field)?;
                if c.activation == Activation::Softmax {
                    return bad(
                        "softmax belongs to an output layer; a convolution takes relu, tanh, \
                         sigmoid, elu, leaky_relu or linear"
                            .into(),
                    );
                }
                if let Some(a) = c.alpha {
                    if !(a.is_finite() && a >= 0.0) {
                        return bad("alpha must be zero or positive".into());
                    }
                }
                let (oh, _) = axis(input.height, c.kernel_size.0, c.strides.0, c.padding);
                let (ow, _) = axis(input.width, c.kernel_size.1, c.strides.1, c.padding);
                if oh == 0 || ow == 0 {
                    return bad(format!(
                        "a {}×{} kernel does not fit in a {} input with valid padding; use \
                         padding \"same\" or a smaller kernel",
                        c.kernel_size.0,
                        c.kernel_size.1,
                        dims_text(input)
                    ));
                }
                Ok(Shape {
                    height: oh,
                    width: ow,
                    channels: c.filters,
                })
            }
            ShapedLayer::MaxPool2d(p) | ShapedLayer::AveragePool2d(p) => {
                if input.is_flat() {
                    return bad(format!(
                        "{name} pools an image, but its input here is {}×{}×{}: one pixel, \
                         nothing to pool (remove a pooling layer, or put this one before the \
                         flatten)",
                        input.height, input.width, input.channels
                    ));
                }
                check_window(p.pool_size, p.strides, "poolSize", field)?;
                let (oh, _) = axis(input.height, p.pool_size.0, p.strides.0, p.padding);
                let (ow, _) = axis(input.width, p.pool_size.1, p.strides.1, p.padding);
                if oh == 0 || ow == 0 {
                    return bad(format!(
                        "a {}×{} window does not fit in a {} input",
                        p.pool_size.0,
                        p.pool_size.1,
                        dims_text(input)
                    ));
                }
                Ok(Shape {
                    height: oh,
                    width: ow,
                    channels: input.channels,
                })
            }
            ShapedLayer::Flatten => Ok(Shape::flat(input.size())),
            ShapedLayer::Embedding {
                input_dim,
                output_dim,
            } => {
                if !first {
                    return bad("an embedding must be the first layer: it reads token ids".into());
                }
                if !input.is_sequence() || input.channels != 1 {
                    return bad(format!(
                        "an embedding reads a sequence of token ids (inputShape [length]), \
                         not {}",
                        dims_text(input)
                    ));
                }
                if *input_dim < 2 {
                    return bad("inputDim (the vocabulary size) must be at least 2".into());
                }
                if *output_dim == 0 {
                    return bad("outputDim must be at least 1".into());
                }
                Ok(Shape {
                    height: 1,
                    width: input.width,
                    channels: *output_dim,
                })
            }
            ShapedLayer::GlobalAveragePool1d => {
                if !input.is_sequence() {
                    return bad(format!(
                        "global_average_pool1d takes a sequence, not an image {}",
                        dims_text(input)
                    ));
                }
                Ok(Shape::flat(input.channels))
            }
        }
    }

    /// Trainable parameters this layer has on `input`.
    pub fn parameters(&self, input: Shape) -> usize {
        match self {
            ShapedLayer::Conv2d(c) | ShapedLayer::Conv1d(c) => {
                let k = c.kernel_size.0 * c.kernel_size.1 * input.channels;
                k.saturating_mul(c.filters).saturating_add(c.filters)
            }
            ShapedLayer::Embedding {
                input_dim,
                output_dim,
            } => input_dim.saturating_mul(*output_dim),
            _ => 0,
        }
    }
}

fn dims_text(s: Shape) -> String {
    let d: Vec<String> = s.dims().iter().map(|d| d.to_string()).collect();
    d.join("×")
}

fn check_window(
    size: (usize, usize),
    strides: (usize, usize),
    key: &str,
    field: &str,
) -> Result<()> {
    if size.0 == 0 || size.1 == 0 {
        return Err(Error::config(
            format!("{field}.{key}"),
            "must be at least 1",
        ));
    }
    if strides.0 == 0 || strides.1 == 0 {
        return Err(Error::config(
            format!("{field}.strides"),
            "must be at least 1",
        ));
    }
    Ok(())
}

/// A pair as configurations write it: one number for both axes, or `[height, width]`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Pair {
    One(usize),
    Two([usize; 2]),
}

impl Pair {
    pub(crate) fn get(&self) -> (usize, usize) {
        match *self {
            Pair::One(v) => (v, v),
            Pair::Two([a, b]) => (a, b),
        }
    }
}

impl Serialize for ShapedLayer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("type", self.kind().name())?;
        match self {
            ShapedLayer::Conv2d(c) | ShapedLayer::Conv1d(c) => {
                let one_d = matches!(self, ShapedLayer::Conv1d(_));
                map.serialize_entry("filters", &c.filters)?;
                if one_d {
                    map.serialize_entry("kernelSize", &c.kernel_size.1)?;
                    map.serialize_entry("strides", &c.strides.1)?;
                } else {
                    map.serialize_entry("kernelSize", &[c.kernel_size.0, c.kernel_size.1])?;
                    map.serialize_entry("strides", &[c.strides.0, c.strides.1])?;
                }
                map.serialize_entry("padding", c.padding.name())?;
                map.serialize_entry("activation", &c.activation)?;
                if let Some(a) = c.alpha {
                    map.serialize_entry("alpha", &a)?;
                }
                map.serialize_entry("kernelInitializer", &c.kernel_initializer)?;
            }
            ShapedLayer::MaxPool2d(p) | ShapedLayer::AveragePool2d(p) => {
                map.serialize_entry("poolSize", &[p.pool_size.0, p.pool_size.1])?;
                map.serialize_entry("strides", &[p.strides.0, p.strides.1])?;
                map.serialize_entry("padding", p.padding.name())?;
            }
            ShapedLayer::Embedding {
                input_dim,
                output_dim,
            } => {
                map.serialize_entry("inputDim", input_dim)?;
                map.serialize_entry("outputDim", output_dim)?;
            }
            ShapedLayer::Flatten | ShapedLayer::GlobalAveragePool1d => {}
        }
        map.end()
    }
}

/// What a shaped layer does at run time, with its window geometry resolved.
#[derive(Clone, Copy, Debug)]
enum Op {
    Conv {
        kh: usize,
        kw: usize,
        sh: usize,
        sw: usize,
        top: usize,
        left: usize,
        activation: Activation,
        alpha: f32,
    },
    Pool {
        max: bool,
        ph: usize,
        pw: usize,
        sh: usize,
        sw: usize,
        top: usize,
        left: usize,
    },
    Embedding {
        vocabulary: usize,
    },
    GlobalAverage,
}

/// A shaped layer ready to run: its operation, shapes and parameters' place in the
/// model's flat buffer (`w..b` the kernel or table, `b..end` the bias).
#[derive(Clone, Debug)]
pub(crate) struct ShapedOp {
    op: Op,
    pub(crate) input: Shape,
    pub(crate) output: Shape,
    pub(crate) w: usize,
    pub(crate) b: usize,
    pub(crate) end: usize,
    /// The index of the layer in the configuration's `layers` list.
    pub(crate) layer: usize,
}

/// A shaped layer's scratch buffers for one batch.
#[derive(Clone, Debug, Default)]
pub(crate) struct ShapedBuf {
    /// Pre-activations (convolutions with a non-linear activation only).
    z: Vec<f32>,
    /// Outputs.
    pub(crate) a: Vec<f32>,
    /// `dL/d output`, turned into `dL/dz` in place by the backward pass.
    pub(crate) delta: Vec<f32>,
    /// A convolution's im2col matrix (`positions × kh·kw·channels`), then its gradient.
    cols: Vec<f32>,
    /// A max pool's chosen input cell for each output.
    argmax: Vec<u32>,
}

impl ShapedOp {
    /// Resolves the runtime form of the layers (flatten drops out: the buffer before it,
    /// read flat, is its output), placing their parameters from `offset` on. Returns the ops and the offset
    /// after them. `layers` are assumed checked ([`ShapedLayer::output_shape`]).
    pub(crate) fn build(
        layers: &[ShapedLayer],
        input: Shape,
        offset: usize,
    ) -> (Vec<ShapedOp>, usize) {
        let mut ops = Vec::new();
        let mut shape = input;
        let mut offset = offset;
        for (i, l) in layers.iter().enumerate() {
            let output = l
                .output_shape(shape, i == 0, "")
                .expect("shaped layers are checked before they are built");
            let params = l.parameters(shape);
            let op = match l {
                ShapedLayer::Conv2d(c) | ShapedLayer::Conv1d(c) => {
                    let (_, top) = axis(shape.height, c.kernel_size.0, c.strides.0, c.padding);
                    let (_, left) = axis(shape.width, c.kernel_size.1, c.strides.1, c.padding);
                    Some(Op::Conv {
                        kh: c.kernel_size.0,
                        kw: c.kernel_size.1,
                        sh: c.strides.0,
                        sw: c.strides.1,
                        top,
                        left,
                        activation: c.activation,
                        alpha: c.alpha.unwrap_or_else(|| c.activation.default_alpha()),
                    })
                }
                ShapedLayer::MaxPool2d(p) | ShapedLayer::AveragePool2d(p) => {
                    let (_, top) = axis(shape.height, p.pool_size.0, p.strides.0, p.padding);
                    let (_, left) = axis(shape.width, p.pool_size.1, p.strides.1, p.padding);
                    Some(Op::Pool {
                        max: matches!(l, ShapedLayer::MaxPool2d(_)),
                        ph: p.pool_size.0,
                        pw: p.pool_size.1,
                        sh: p.strides.0,
                        sw: p.strides.1,
                        top,
                        left,
                    })
                }
                ShapedLayer::Embedding { input_dim, .. } => Some(Op::Embedding {
                    vocabulary: *input_dim,
                }),
                ShapedLayer::GlobalAveragePool1d => Some(Op::GlobalAverage),
                ShapedLayer::Flatten => None,
            };
            if let Some(op) = op {
                let bias = match op {
                    Op::Conv { .. } => output.channels,
                    _ => 0,
                };
                ops.push(ShapedOp {
                    op,
                    input: shape,
                    output,
                    w: offset,
                    b: offset + params - bias,
                    end: offset + params,
                    layer: i,
                });
                offset += params;
            }
            shape = output;
        }
        (ops, offset)
    }

    /// Initialises this layer's parameters (biases at zero; an embedding table
    /// `U(-0.05, 0.05)` as Keras does).
    pub(crate) fn init(&self, layer: &ShapedLayer, params: &mut [f32], rng: &mut Rng) {
        match (self.op, layer) {
            (Op::Conv { kh, kw, .. }, ShapedLayer::Conv2d(c) | ShapedLayer::Conv1d(c)) => {
                let fan_in = kh * kw * self.input.channels;
                let fan_out = kh * kw * self.output.channels;
                c.kernel_initializer
                    .fill(&mut params[self.w..self.b], fan_in, fan_out, rng);
            }
            (Op::Embedding { .. }, _) => params[self.w..self.b]
                .iter_mut()
                .for_each(|w| *w = rng.uniform(-0.05, 0.05)),
            _ => {}
        }
    }

    /// The kernel (or table) and the bias tensors, named for [`crate::Model::tensor_ranges`].
    pub(crate) fn tensors(&self) -> Vec<(String, std::ops::Range<usize>)> {
        let name = match self.op {
            Op::Embedding { .. } => "embeddings",
            _ => "kernel",
        };
        let mut out = Vec::new();
        if self.b > self.w {
            out.push((format!("layers[{}].{name}", self.layer), self.w..self.b));
        }
        if self.end > self.b {
            out.push((format!("layers[{}].bias", self.layer), self.b..self.end));
        }
        out
    }

    /// A convolution's kernel shape `[kh, kw, in, filters]`.
    pub(crate) fn kernel_shape(&self) -> Option<[usize; 4]> {
        match self.op {
            Op::Conv { kh, kw, .. } => Some([kh, kw, self.input.channels, self.output.channels]),
            _ => None,
        }
    }

    /// Whether the layer has parameters.
    pub(crate) fn has_params(&self) -> bool {
        self.end > self.w
    }

    /// The vocabulary size of an embedding (the ids it accepts are `0 .. size`).
    pub(crate) fn vocabulary(&self) -> Option<usize> {
        match self.op {
            Op::Embedding { vocabulary } => Some(vocabulary),
            _ => None,
        }
    }

    /// How many values the buffers of `rows` rows hold.
    pub(crate) fn buffer_values(&self, rows: usize) -> usize {
        let n = rows * self.output.size();
        match self.op {
            Op::Conv { kh, kw, .. } => {
                let positions = rows * self.output.height * self.output.width;
                3 * n + positions * kh * kw * self.input.channels
            }
            Op::Pool { max: true, .. } => 3 * n,
            _ => 2 * n,
        }
    }

    /// Sizes `buf` for `rows` rows (growing only).
    pub(crate) fn reserve(&self, buf: &mut ShapedBuf, rows: usize) {
        let n = rows * self.output.size();
        buf.a.resize(n, 0.0);
        buf.delta.resize(n, 0.0);
        match self.op {
            Op::Conv {
                kh, kw, activation, ..
            } => {
                if activation != Activation::Linear {
                    buf.z.resize(n, 0.0);
                }
                let positions = rows * self.output.height * self.output.width;
                buf.cols
                    .resize(positions * kh * kw * self.input.channels, 0.0);
            }
            Op::Pool { max: true, .. } => buf.argmax.resize(n, 0),
            _ => {}
        }
    }

    /// The forward pass over `rows` rows of `x` into `buf.a`.
    pub(crate) fn forward(&self, params: &[f32], x: &[f32], rows: usize, buf: &mut ShapedBuf) {
        let (i, o) = (self.input, self.output);
        let n = rows * o.size();
        match self.op {
            Op::Conv {
                kh,
                kw,
                sh,
                sw,
                top,
                left,
                activation,
                alpha,
            } => {
                let k = kh * kw * i.channels;
                let positions = rows * o.height * o.width;
                let cols = &mut buf.cols[..positions * k];
                im2col(x, cols, rows, i, o, (kh, kw, sh, sw, top, left));
                let kernel = &params[self.w..self.b];
                let bias = &params[self.b..self.end];
                if activation == Activation::Linear {
                    matmul_bias(
                        cols,
                        kernel,
                        bias,
                        &mut buf.a[..n],
                        positions,
                        k,
                        o.channels,
                    );
                } else {
                    matmul_bias(
                        cols,
                        kernel,
                        bias,
                        &mut buf.z[..n],
                        positions,
                        k,
                        o.channels,
                    );
                    activation.forward(alpha, &buf.z[..n], &mut buf.a[..n], o.channels);
                }
            }
            Op::Pool {
                max,
                ph,
                pw,
                sh,
                sw,
                top,
                left,
            } => {
                let c = i.channels;
                for r in 0..rows {
                    let xin = &x[r * i.size()..(r + 1) * i.size()];
                    for oy in 0..o.height {
                        let (y0, y1) = window(oy, sh, top, ph, i.height);
                        for ox in 0..o.width {
                            let (x0, x1) = window(ox, sw, left, pw, i.width);
                            let out = ((r * o.height + oy) * o.width + ox) * c;
                            for ch in 0..c {
                                if max {
                                    let mut best = f32::NEG_INFINITY;
                                    let mut at = (y0 * i.width + x0) * c + ch;
                                    for y in y0..y1 {
                                        for xx in x0..x1 {
                                            let j = (y * i.width + xx) * c + ch;
                                            // `>` keeps the first of equal values, and a NaN
                                            // never wins (it stays found by the loss check).
                                            if xin[j] > best {
                                                best = xin[j];
                                                at = j;
                                            }
                                        }
                                    }
                                    buf.a[out + ch] = xin[at];
                                    buf.argmax[out + ch] = (r * i.size() + at) as u32;
                                } else {
                                    let mut sum = 0.0;
                                    for y in y0..y1 {
                                        for xx in x0..x1 {
                                            sum += xin[(y * i.width + xx) * c + ch];
                                        }
                                    }
                                    buf.a[out + ch] = sum / ((y1 - y0) * (x1 - x0)) as f32;
                                }
                            }
                        }
                    }
                }
            }
            Op::Embedding { .. } => {
                let dim = o.channels;
                let table = &params[self.w..self.b];
                for (out, &id) in buf.a[..n].chunks_exact_mut(dim).zip(&x[..rows * i.width]) {
                    let id = id as usize;
                    out.copy_from_slice(&table[id * dim..(id + 1) * dim]);
                }
            }
            Op::GlobalAverage => {
                let (len, c) = (i.width, i.channels);
                let scale = 1.0 / len as f32;
                for (r, out) in buf.a[..n].chunks_exact_mut(c).enumerate() {
                    out.fill(0.0);
                    for row in x[r * len * c..(r + 1) * len * c].chunks_exact(c) {
                        for (o, &v) in out.iter_mut().zip(row) {
                            *o += v;
                        }
                    }
                    out.iter_mut().for_each(|o| *o *= scale);
                }
            }
        }
    }

    /// The backward pass: `buf.delta` holds `dL/d output`; fills this layer's gradients
    /// in `grads` and, when `dx` is given, `dL/d input` there.
    pub(crate) fn backward(
        &self,
        params: &[f32],
        x: &[f32],
        rows: usize,
        buf: &mut ShapedBuf,
        grads: &mut [f32],
        dx: Option<&mut [f32]>,
    ) {
        let (i, o) = (self.input, self.output);
        let n = rows * o.size();
        match self.op {
            Op::Conv {
                kh,
                kw,
                sh,
                sw,
                top,
                left,
                activation,
                alpha,
            } => {
                if activation != Activation::Linear {
                    activation.backward(
                        alpha,
                        &buf.z[..n],
                        &buf.a[..n],
                        &mut buf.delta[..n],
                        o.channels,
                    );
                }
                let k = kh * kw * i.channels;
                let positions = rows * o.height * o.width;
                let delta = &buf.delta[..n];
                let cols = &mut buf.cols[..positions * k];
                let (gk, gb) = grads[self.w..self.end].split_at_mut(self.b - self.w);
                matmul_tn(cols, delta, gk, positions, k, o.channels);
                column_sums(delta, o.channels, gb);
                if let Some(dx) = dx {
                    // The im2col matrix is no longer needed: it takes its own gradient.
                    let kernel = &params[self.w..self.b];
                    matmul_nt(delta, kernel, cols, positions, k, o.channels);
                    col2im(
                        cols,
                        &mut dx[..rows * i.size()],
                        rows,
                        i,
                        o,
                        (kh, kw, sh, sw, top, left),
                    );
                }
            }
            Op::Pool {
                max,
                ph,
                pw,
                sh,
                sw,
                top,
                left,
            } => {
                let Some(dx) = dx else { return };
                let dx = &mut dx[..rows * i.size()];
                dx.fill(0.0);
                if max {
                    for (&d, &at) in buf.delta[..n].iter().zip(&buf.argmax[..n]) {
                        dx[at as usize] += d;
                    }
                    return;
                }
                let c = i.channels;
                for r in 0..rows {
                    let dxr = &mut dx[r * i.size()..(r + 1) * i.size()];
                    for oy in 0..o.height {
                        let (y0, y1) = window(oy, sh, top, ph, i.height);
                        for ox in 0..o.width {
                            let (x0, x1) = window(ox, sw, left, pw, i.width);
                            let out = ((r * o.height + oy) * o.width + ox) * c;
                            let scale = 1.0 / ((y1 - y0) * (x1 - x0)) as f32;
                            for ch in 0..c {
                                let d = buf.delta[out + ch] * scale;
                                for y in y0..y1 {
                                    for xx in x0..x1 {
                                        dxr[(y * i.width + xx) * c + ch] += d;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Op::Embedding { .. } => {
                let dim = o.channels;
                let g = &mut grads[self.w..self.b];
                g.fill(0.0);
                for (d, &id) in buf.delta[..n].chunks_exact(dim).zip(&x[..rows * i.width]) {
                    let id = id as usize;
                    for (g, &d) in g[id * dim..(id + 1) * dim].iter_mut().zip(d) {
                        *g += d;
                    }
                }
            }
            Op::GlobalAverage => {
                let Some(dx) = dx else { return };
                let (len, c) = (i.width, i.channels);
                let scale = 1.0 / len as f32;
                for (r, d) in buf.delta[..n].chunks_exact(c).enumerate() {
                    for row in dx[r * len * c..(r + 1) * len * c].chunks_exact_mut(c) {
                        for (v, &d) in row.iter_mut().zip(d) {
                            *v = d * scale;
                        }
                    }
                }
            }
        }
    }
}

/// The input cells `lo..hi` a window at output position `o` covers along an axis
/// (clipped to the input: padded cells are left out).
#[inline]
fn window(o: usize, stride: usize, pad: usize, size: usize, len: usize) -> (usize, usize) {
    let start = (o * stride) as isize - pad as isize;
    let lo = start.max(0) as usize;
    let hi = ((start + size as isize).max(0) as usize).min(len);
    (lo, hi)
}

/// Window geometry: kernel height and width, strides, padding before (top, left).
type Geometry = (usize, usize, usize, usize, usize, usize);

/// Copies each output position's receptive field into one row of `cols`
/// (`rows·oh·ow × kh·kw·c`, the same `(ky, kx, channel)` order as a Keras kernel's
/// first three axes), zeros where the window hangs over a padded edge.
fn im2col(x: &[f32], cols: &mut [f32], rows: usize, i: Shape, o: Shape, g: Geometry) {
    let (kh, kw, sh, sw, top, left) = g;
    let c = i.channels;
    let k = kh * kw * c;
    let mut row = 0;
    for r in 0..rows {
        let xin = &x[r * i.size()..(r + 1) * i.size()];
        for oy in 0..o.height {
            for ox in 0..o.width {
                let dst = &mut cols[row * k..(row + 1) * k];
                for ky in 0..kh {
                    let iy = (oy * sh + ky) as isize - top as isize;
                    let line = &mut dst[ky * kw * c..(ky + 1) * kw * c];
                    if iy < 0 || iy as usize >= i.height {
                        line.fill(0.0);
                        continue;
                    }
                    let base = iy as usize * i.width;
                    let x0 = (ox * sw) as isize - left as isize;
                    if x0 >= 0 && x0 as usize + kw <= i.width {
                        // The whole kernel row is inside: one copy.
                        let s = (base + x0 as usize) * c;
                        line.copy_from_slice(&xin[s..s + kw * c]);
                        continue;
                    }
                    for kx in 0..kw {
                        let ix = x0 + kx as isize;
                        let cell = &mut line[kx * c..(kx + 1) * c];
                        if ix < 0 || ix as usize >= i.width {
                            cell.fill(0.0);
                        } else {
                            let s = (base + ix as usize) * c;
                            cell.copy_from_slice(&xin[s..s + c]);
                        }
                    }
                }
                row += 1;
            }
        }
    }
}

/// The adjoint of [`im2col`]: `dx` is set to the sum, over every row of `cols` that
/// copied a cell, of that copy's gradient.
fn col2im(cols: &[f32], dx: &mut [f32], rows: usize, i: Shape, o: Shape, g: Geometry) {
    let (kh, kw, sh, sw, top, left) = g;
    let c = i.channels;
    let k = kh * kw * c;
    dx.fill(0.0);
    let mut row = 0;
    for r in 0..rows {
        let dxr = &mut dx[r * i.size()..(r + 1) * i.size()];
        for oy in 0..o.height {
            for ox in 0..o.width {
                let src = &cols[row * k..(row + 1) * k];
                for ky in 0..kh {
                    let iy = (oy * sh + ky) as isize - top as isize;
                    if iy < 0 || iy as usize >= i.height {
                        continue;
                    }
                    let base = iy as usize * i.width;
                    for kx in 0..kw {
                        let ix = (ox * sw + kx) as isize - left as isize;
                        if ix < 0 || ix as usize >= i.width {
                            continue;
                        }
                        let s = (base + ix as usize) * c;
                        let from = &src[(ky * kw + kx) * c..(ky * kw + kx + 1) * c];
                        for (d, &v) in dxr[s..s + c].iter_mut().zip(from) {
                            *d += v;
                        }
                    }
                }
                row += 1;
            }
        }
    }
}

/// Column sums of `x` (`rows × cols`): a convolution's bias gradient.
fn column_sums(x: &[f32], cols: usize, out: &mut [f32]) {
    out.fill(0.0);
    for row in x.chunks_exact(cols) {
        for (o, &v) in out.iter_mut().zip(row) {
            *o += v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keras's output lengths (`tf.keras.layers.Conv2D` docs: valid
    /// `floor((n − k) / s) + 1`, same `ceil(n / s)`) and its padding before.
    #[test]
    fn output_lengths_follow_keras() {
        assert_eq!(axis(28, 5, 1, Padding::Same), (28, 2));
        assert_eq!(axis(28, 2, 2, Padding::Valid), (14, 0));
        assert_eq!(axis(7, 2, 2, Padding::Valid), (3, 0));
        assert_eq!(axis(7, 2, 2, Padding::Same), (4, 0));
        // 8 with a 3 kernel, stride 2, same: out 4, total padding 1, none before.
        assert_eq!(axis(8, 3, 2, Padding::Same), (4, 0));
        assert_eq!(axis(8, 4, 1, Padding::Same), (8, 1));
        assert_eq!(axis(2, 3, 1, Padding::Valid), (0, 0));
    }

    /// A 3×3 input, a 2×2 kernel of ones, valid: each output is the sum of its window;
    /// the same numbers written out by hand.
    #[test]
    fn convolution_by_hand() {
        let layers = [ShapedLayer::Conv2d(ConvConfig {
            filters: 1,
            kernel_size: (2, 2),
            strides: (1, 1),
            padding: Padding::Valid,
            activation: Activation::Linear,
            alpha: None,
            kernel_initializer: Init::Zeros,
        })];
        let input = Shape {
            height: 3,
            width: 3,
            channels: 1,
        };
        let (ops, n) = ShapedOp::build(&layers, input, 0);
        assert_eq!(n, 5);
        let params = [1.0, 1.0, 1.0, 1.0, 0.5];
        let x: Vec<f32> = (1..=9).map(|v| v as f32).collect();
        let mut buf = ShapedBuf::default();
        ops[0].reserve(&mut buf, 1);
        ops[0].forward(&params, &x, 1, &mut buf);
        // [1 2 3; 4 5 6; 7 8 9]: windows 1+2+4+5 = 12, 16, 24, 28, each + 0.5.
        assert_eq!(buf.a, vec![12.5, 16.5, 24.5, 28.5]);
        // dL/dout = 1 everywhere: the centre cell is in all four windows.
        buf.delta.fill(1.0);
        let mut grads = vec![0.0; 5];
        let mut dx = vec![0.0; 9];
        ops[0].backward(&params, &x, 1, &mut buf, &mut grads, Some(&mut dx));
        assert_eq!(dx, vec![1.0, 2.0, 1.0, 2.0, 4.0, 2.0, 1.0, 2.0, 1.0]);
        // Each kernel weight's gradient is the sum of the inputs it met: 12, 16, 24, 28.
        assert_eq!(grads, vec![12.0, 16.0, 24.0, 28.0, 4.0]);
    }

    /// Max pooling keeps the largest of each window and sends the gradient back to it;
    /// average pooling with `same` padding averages only the cells inside (Keras).
    #[test]
    fn pooling_by_hand() {
        let input = Shape {
            height: 3,
            width: 3,
            channels: 1,
        };
        let x = [1.0, 5.0, 2.0, 4.0, 3.0, 9.0, 7.0, 8.0, 6.0];
        let pool = |max: bool| {
            let p = PoolConfig {
                pool_size: (2, 2),
                strides: (2, 2),
                padding: Padding::Same,
            };
            let l = if max {
                ShapedLayer::MaxPool2d(p)
            } else {
                ShapedLayer::AveragePool2d(p)
            };
            let (ops, _) = ShapedOp::build(&[l], input, 0);
            let mut buf = ShapedBuf::default();
            ops[0].reserve(&mut buf, 1);
            ops[0].forward(&[], &x, 1, &mut buf);
            (ops.into_iter().next().unwrap(), buf)
        };
        let (op, mut buf) = pool(true);
        assert_eq!(buf.a, vec![5.0, 9.0, 8.0, 6.0]);
        buf.delta.copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
        let mut dx = vec![0.0; 9];
        op.backward(&[], &x, 1, &mut buf, &mut [], Some(&mut dx));
        assert_eq!(dx, vec![0.0, 1.0, 0.0, 0.0, 0.0, 2.0, 0.0, 3.0, 4.0]);
        let (op, mut buf) = pool(false);
        // (1+5+4+3)/4, (2+9)/2, (7+8)/2, 6/1
        assert_eq!(buf.a, vec![3.25, 5.5, 7.5, 6.0]);
        buf.delta.copy_from_slice(&[4.0, 2.0, 2.0, 1.0]);
        op.backward(&[], &x, 1, &mut buf, &mut [], Some(&mut dx));
        assert_eq!(dx, vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn impossible_layers_are_refused_with_their_reason() {
        let image = Shape {
            height: 4,
            width: 4,
            channels: 1,
        };
        let conv = |k: usize, padding| {
            ShapedLayer::Conv2d(ConvConfig {
                filters: 2,
                kernel_size: (k, k),
                strides: (1, 1),
                padding,
                activation: Activation::Relu,
                alpha: None,
                kernel_initializer: Init::GlorotUniform,
            })
        };
        let e = conv(5, Padding::Valid)
            .output_shape(image, true, "layers[0]")
            .unwrap_err();
        assert!(
            e.to_string().contains("does not fit in a 4×4×1 input"),
            "{e}"
        );
        assert_eq!(
            conv(5, Padding::Same)
                .output_shape(image, true, "l")
                .unwrap(),
            Shape {
                height: 4,
                width: 4,
                channels: 2
            }
        );
        let e = conv(3, Padding::Valid)
            .output_shape(Shape::flat(16), true, "layers[0]")
            .unwrap_err();
        assert!(e.to_string().contains("set the model's inputShape"), "{e}");
        let embed = ShapedLayer::Embedding {
            input_dim: 10,
            output_dim: 4,
        };
        assert!(embed.output_shape(image, true, "l").is_err());
        let seq = Shape::from_dims(&[6]).unwrap();
        assert!(embed.output_shape(seq, false, "l").is_err());
        assert_eq!(
            embed.output_shape(seq, true, "l").unwrap().dims(),
            vec![6, 4]
        );
        assert!(ShapedLayer::GlobalAveragePool1d
            .output_shape(image, false, "l")
            .is_err());
        assert!(Shape::from_dims(&[2, 2, 2, 2]).is_err());
        assert!(Shape::from_dims(&[0, 2]).is_err());
    }
}
