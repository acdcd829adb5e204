//! ONNX export: a trained network, with its stored scaler as graph nodes, as an ONNX model
//! (IR version 7, opset 13) that ONNX Runtime, and any runtime of that opset, loads.
//!
//! The graph takes `features`, `rows × inputs` float32: the numeric columns as they are in
//! the file (unscaled), categories one-hot and words counted, in the order of the model's
//! `feature_names` (written into the model's metadata). It scales them with the fitted
//! scaler (`Sub`, `Div`), runs each dense layer (`Gemm` and its activation; dropout is off at
//! inference), and ends in the same outputs as [`Model::predict`]: class probabilities (a
//! `Sigmoid` or `Softmax` after a linear output trained on logits) or the regression values.
//!
//! Shaped layers come before the dense ones, on the same flat input: an image row
//! (`height × width × channels`, row-major, as the engine and Keras's `channels_last` hold
//! it) is reshaped and transposed to the `rows × channels × height × width` that ONNX's
//! `Conv`, `MaxPool` and `AveragePool` take; a sequence to `rows × channels × length`.
//! Kernels are written in ONNX's `filters × channels × kh × kw` order, and `same` padding as
//! explicit `pads` by Keras's rule (the odd cell after). Pools ignore padded cells
//! (`AveragePool` with `count_include_pad = 0`, as Keras averages). `flatten` transposes back
//! to `height × width × channels` first, so the dense kernel reads the values in the engine's
//! order. An embedding casts the token ids to int64 and `Gather`s rows of its table;
//! `global_average_pool1d` is a `ReduceMean` over the positions.
//!
//! The protobuf encoding is written here (the few messages ONNX needs), so the export adds
//! no dependency. Two exports of the same model are identical byte for byte.

use crate::data::{Preprocessor, Scaling};
use crate::error::{Error, Result};
use crate::model_card::ModelCard;
use crate::nn::{Activation, Loss, Model, Shape, ShapedLayer};

/// The ONNX IR version written (ONNX 1.8, the first with opset 13).
pub const IR_VERSION: u64 = 7;
/// The operator set the graph uses.
pub const OPSET: u64 = 13;
/// The graph's input name.
pub const INPUT: &str = "features";

/// The graph's output name: `probabilities` for classification, `predictions` otherwise.
pub fn output_name(model: &Model) -> &'static str {
    match model.loss() {
        Some(Loss::BinaryCrossentropy | Loss::CategoricalCrossentropy) => "probabilities",
        _ => "predictions",
    }
}

/// The model as an ONNX file. `preprocessing` (the model's stored one) adds the scaler's
/// nodes and names the inputs; `label_names` are written into the metadata.
///
/// # Errors
/// A weight that is not finite (a diverged model), or a preprocessing that does not fit the
/// model's inputs.
pub fn export(
    model: &Model,
    preprocessing: Option<&Preprocessor>,
    label_names: Option<&[String]>,
) -> Result<Vec<u8>> {
    export_with_card(model, preprocessing, label_names, None)
}

/// [`export`], with the model card written into the metadata as `model_card` (JSON).
pub fn export_with_card(
    model: &Model,
    preprocessing: Option<&Preprocessor>,
    label_names: Option<&[String]>,
    card: Option<&ModelCard>,
) -> Result<Vec<u8>> {
    if !model.params().iter().all(|v| v.is_finite()) {
        return Err(Error::data(
            "weights",
            "a weight is not finite, so there is no model to export",
        ));
    }
    let inputs = model.inputs();
    if let Some(pre) = preprocessing {
        pre.check_shape(inputs, model.outputs())?;
    }
    let mut graph = Graph::default();
    let mut at = INPUT.to_string();
    if let Some(scaler) = preprocessing
        .map(|p| &p.scaler)
        .filter(|s| s.kind != Scaling::None && !s.center.is_empty())
    {
        graph.tensor("scaler.center", &[inputs], &scaler.center);
        graph.tensor("scaler.spread", &[inputs], &scaler.spread);
        at = graph.node("Sub", &[&at, "scaler.center"], "centered", []);
        at = graph.node("Div", &[&at, "scaler.spread"], "scaled", []);
    }
    at = shaped_layers(&mut graph, model, at)?;
    let offset = model.config().shaped.len();
    let summary = model.summary();
    for (i, layer) in summary.iter().enumerate() {
        let alpha = layer
            .alpha
            .unwrap_or_else(|| layer.activation.default_alpha());
        let (kernel, bias) = model
            .layer_params(i)
            .expect("the summary lists the model's layers");
        let i = i + offset;
        let (w, b) = (format!("layers.{i}.kernel"), format!("layers.{i}.bias"));
        graph.tensor(&w, &[layer.inputs, layer.units], kernel);
        graph.tensor(&b, &[layer.units], bias);
        at = graph.node("Gemm", &[&at, &w, &b], &format!("layers.{i}.linear"), []);
        at = activation(
            &mut graph,
            &at,
            layer.activation,
            alpha,
            &format!("layers.{i}.output"),
        );
    }
    // A linear output trained on logits: the probabilities, as `Model::predict` gives them.
    let last = summary.last().map(|l| l.activation);
    if last == Some(Activation::Linear) {
        match model.loss() {
            Some(Loss::BinaryCrossentropy) => {
                graph.node("Sigmoid", &[&at], "probabilities", []);
            }
            Some(Loss::CategoricalCrossentropy) => {
                graph.node("Softmax", &[&at], "probabilities", []);
            }
            _ => {}
        }
    }
    graph.rename_last_output(output_name(model));

    let feature_names = preprocessing.map(Preprocessor::feature_names);
    let input_doc = match (&feature_names, model.config().input_shape()?) {
        (_, Some(shape)) if model.has_shaped_layers() => shaped_input_doc(model, shape),
        (Some(names), _) => format!(
            "{inputs} raw features per row (numbers as in the file, categories one-hot, words \
             counted): {}",
            names.join(", ")
        ),
        (None, _) => format!("{inputs} features per row, as the model was trained on them"),
    };
    let mut g = Msg::default();
    for node in &graph.nodes {
        g.msg(1, &node.encode());
    }
    g.str(2, "nnplay");
    for t in &graph.tensors {
        g.msg(5, t);
    }
    g.msg(11, &value_info(INPUT, inputs, &input_doc));
    let output_doc = match label_names {
        Some(names) if !names.is_empty() => format!("one per class: {}", names.join(", ")),
        _ => format!("{} per row", model.outputs()),
    };
    g.msg(
        12,
        &value_info(output_name(model), model.outputs(), &output_doc),
    );

    let mut m = Msg::default();
    m.varint(1, IR_VERSION);
    m.str(2, "nnplay");
    m.str(3, env!("CARGO_PKG_VERSION"));
    m.msg(7, &g);
    let mut opset = Msg::default();
    opset.str(1, "");
    opset.varint(2, OPSET);
    m.msg(8, &opset);
    let json = |v: &[String]| serde_json::to_string(v).expect("strings serialise");
    if let Some(names) = &feature_names {
        m.msg(14, &entry("feature_names", &json(names)));
    }
    if let Some(names) = label_names.filter(|n| !n.is_empty()) {
        m.msg(14, &entry("label_names", &json(names)));
    }
    if let Some(card) = card {
        m.msg(14, &entry("model_card", &card.to_json()));
    }
    Ok(m.0)
}

/// The input's description for a model with shaped layers: what a row holds.
fn shaped_input_doc(model: &Model, shape: Shape) -> String {
    let inputs = model.inputs();
    match model.config().shaped.first() {
        Some(ShapedLayer::Embedding { input_dim, .. }) => format!(
            "{inputs} token ids per row (whole numbers as floats, 0 to {}: 0 after the text \
             ends, 1 a word outside the vocabulary, 2 + i the vocabulary's word i)",
            input_dim - 1
        ),
        _ if shape.is_sequence() => format!(
            "{inputs} values per row: a sequence of {} positions × {} channels, row-major",
            shape.width, shape.channels
        ),
        _ => format!(
            "{inputs} values per row: an image of {} × {} pixels × {} channels, row-major \
             (height, width, channels), as the model was trained on them before scaling",
            shape.height, shape.width, shape.channels
        ),
    }
}

/// How the values between two nodes are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// `rows × n`, each row in the engine's order (height, width, channels).
    Flat,
    /// `rows × channels × height × width`, as ONNX's `Conv` and pools take images.
    Nchw,
    /// `rows × channels × length`, as ONNX's `Conv` takes sequences.
    Ncl,
}

/// The nodes of the shaped layers from `at` (the scaled flat rows) on; returns the flat
/// `rows × n` output the first dense layer takes.
///
/// # Errors
/// A configuration the model's own checks refuse (not reached for a built model).
fn shaped_layers(graph: &mut Graph, model: &Model, mut at: String) -> Result<String> {
    let config = model.config();
    let Some(mut shape) = config.input_shape()? else {
        return Ok(at);
    };
    let mut layout = Layout::Flat;
    let mut params = model.shaped_params().into_iter();
    for (i, layer) in config.shaped.iter().enumerate() {
        let name = |part: &str| format!("layers.{i}.{part}");
        let output = layer.output_shape(shape, i == 0, &format!("layers[{i}]"))?;
        match layer {
            ShapedLayer::Conv2d(c) | ShapedLayer::Conv1d(c) => {
                let one_d = matches!(layer, ShapedLayer::Conv1d(_));
                layout = graph.relayout(
                    &mut at,
                    layout,
                    if one_d { Layout::Ncl } else { Layout::Nchw },
                    shape,
                    &name("in"),
                );
                let (kernel, bias) = params.next().expect("a convolution has weights");
                let (kh, kw) = c.kernel_size;
                let (cin, cout) = (shape.channels, c.filters);
                let (w, b) = (name("kernel"), name("bias"));
                let dims: Vec<usize> = if one_d {
                    vec![cout, cin, kw]
                } else {
                    vec![cout, cin, kh, kw]
                };
                graph.tensor(&w, &dims, &channels_first(kernel, kh * kw, cin, cout));
                graph.tensor(&b, &[cout], bias);
                let (top, bottom) = c.padding.cells(shape.height, kh, c.strides.0);
                let (left, right) = c.padding.cells(shape.width, kw, c.strides.1);
                let attrs = if one_d {
                    window_attrs(&[kw], &[c.strides.1], &[left, right])
                } else {
                    window_attrs(
                        &[kh, kw],
                        &[c.strides.0, c.strides.1],
                        &[top, left, bottom, right],
                    )
                };
                at = graph.node("Conv", &[&at, &w, &b], &name("conv"), attrs);
                let alpha = c.alpha.unwrap_or_else(|| c.activation.default_alpha());
                at = activation(graph, &at, c.activation, alpha, &name("output"));
            }
            ShapedLayer::MaxPool2d(p) | ShapedLayer::AveragePool2d(p) => {
                layout = graph.relayout(&mut at, layout, Layout::Nchw, shape, &name("in"));
                let (top, bottom) = p.padding.cells(shape.height, p.pool_size.0, p.strides.0);
                let (left, right) = p.padding.cells(shape.width, p.pool_size.1, p.strides.1);
                let mut attrs = window_attrs(
                    &[p.pool_size.0, p.pool_size.1],
                    &[p.strides.0, p.strides.1],
                    &[top, left, bottom, right],
                );
                let op = if matches!(layer, ShapedLayer::MaxPool2d(_)) {
                    "MaxPool"
                } else {
                    // Keras averages the cells inside the input only.
                    attrs.push(("count_include_pad", Attr::Int(0)));
                    "AveragePool"
                };
                at = graph.node(op, &[&at], &name("output"), attrs);
            }
            ShapedLayer::Flatten => {
                layout = graph.relayout(&mut at, layout, Layout::Flat, shape, &name("output"));
            }
            ShapedLayer::Embedding {
                input_dim,
                output_dim,
            } => {
                // The first layer (checked): `at` is the rows of token ids, as floats.
                let (table, _) = params.next().expect("an embedding has a table");
                let t = name("embeddings");
                graph.tensor(&t, &[*input_dim, *output_dim], table);
                let ids = graph.node("Cast", &[&at], &name("ids"), [("to", Attr::Int(INT64))]);
                at = graph.node(
                    "Gather",
                    &[&t, &ids],
                    &name("vectors"),
                    [("axis", Attr::Int(0))],
                );
                // rows × length × dim → rows × dim × length.
                at = graph.node(
                    "Transpose",
                    &[&at],
                    &name("output"),
                    [("perm", Attr::Ints(vec![0, 2, 1]))],
                );
                layout = Layout::Ncl;
            }
            ShapedLayer::GlobalAveragePool1d => {
                if layout == Layout::Flat {
                    layout = graph.relayout(&mut at, layout, Layout::Ncl, shape, &name("in"));
                }
                let axes = if layout == Layout::Ncl {
                    vec![2]
                } else {
                    vec![2, 3]
                };
                at = graph.node(
                    "ReduceMean",
                    &[&at],
                    &name("output"),
                    [("axes", Attr::Ints(axes)), ("keepdims", Attr::Int(0))],
                );
                layout = Layout::Flat;
            }
        }
        shape = output;
    }
    graph.relayout(&mut at, layout, Layout::Flat, shape, "shaped.flat");
    Ok(at)
}

/// A kernel `positions × cin × cout` (Keras's `kh × kw × cin × cout`, row-major) as ONNX's
/// `cout × cin × positions`.
fn channels_first(kernel: &[f32], positions: usize, cin: usize, cout: usize) -> Vec<f32> {
    let mut out = vec![0.0; kernel.len()];
    for p in 0..positions {
        for i in 0..cin {
            for o in 0..cout {
                out[(o * cin + i) * positions + p] = kernel[(p * cin + i) * cout + o];
            }
        }
    }
    out
}

/// `kernel_shape`, `strides` and `pads` (the befores, then the afters) of a window.
fn window_attrs(size: &[usize], strides: &[usize], pads: &[usize]) -> Vec<(&'static str, Attr)> {
    let ints = |v: &[usize]| Attr::Ints(v.iter().map(|&x| x as i64).collect());
    vec![
        ("kernel_shape", ints(size)),
        ("strides", ints(strides)),
        ("pads", ints(pads)),
    ]
}

/// The activation's node after `at` (none for `linear`), output `out`.
fn activation(graph: &mut Graph, at: &str, f: Activation, alpha: f32, out: &str) -> String {
    let alpha = [("alpha", Attr::Float(alpha))];
    match f {
        Activation::Linear => at.to_string(),
        Activation::Relu => graph.node("Relu", &[at], out, []),
        Activation::Tanh => graph.node("Tanh", &[at], out, []),
        Activation::Sigmoid => graph.node("Sigmoid", &[at], out, []),
        Activation::Softmax => graph.node("Softmax", &[at], out, []),
        Activation::LeakyRelu => graph.node("LeakyRelu", &[at], out, alpha),
        Activation::Elu => graph.node("Elu", &[at], out, alpha),
    }
}

/// `TensorProto.INT64`, for `Cast`'s `to` and shape initialisers.
const INT64: i64 = 7;

/// A node attribute's value.
enum Attr {
    Float(f32),
    Int(i64),
    Ints(Vec<i64>),
}

/// A graph node: `op(inputs) -> output`, with its attributes.
struct Node {
    op: &'static str,
    inputs: Vec<String>,
    output: String,
    attrs: Vec<(&'static str, Attr)>,
}

impl Node {
    fn encode(&self) -> Msg {
        let mut n = Msg::default();
        for i in &self.inputs {
            n.str(1, i);
        }
        n.str(2, &self.output);
        n.str(3, &self.output);
        n.str(4, self.op);
        for (name, value) in &self.attrs {
            let mut attr = Msg::default();
            attr.str(1, name);
            match value {
                Attr::Float(v) => {
                    attr.float(2, *v);
                    attr.varint(20, 1); // AttributeProto.FLOAT
                }
                Attr::Int(v) => {
                    attr.varint(3, *v as u64);
                    attr.varint(20, 2); // AttributeProto.INT
                }
                Attr::Ints(vs) => {
                    for v in vs {
                        attr.varint(8, *v as u64);
                    }
                    attr.varint(20, 7); // AttributeProto.INTS
                }
            }
            n.msg(5, &attr);
        }
        n
    }
}

/// The nodes, in order, and the initialisers (already encoded).
#[derive(Default)]
struct Graph {
    nodes: Vec<Node>,
    tensors: Vec<Msg>,
}

impl Graph {
    /// A float tensor initialiser.
    fn tensor(&mut self, name: &str, dims: &[usize], values: &[f32]) {
        let raw: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.raw_tensor(name, dims, 1, &raw); // TensorProto.FLOAT
    }

    /// A one-dimensional int64 initialiser (a shape for `Reshape`).
    fn ints(&mut self, name: &str, values: &[i64]) {
        let raw: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.raw_tensor(name, &[values.len()], INT64 as u64, &raw);
    }

    fn raw_tensor(&mut self, name: &str, dims: &[usize], data_type: u64, raw: &[u8]) {
        let mut t = Msg::default();
        for &d in dims {
            t.varint(1, d as u64);
        }
        t.varint(2, data_type);
        t.str(8, name);
        t.bytes(9, raw);
        self.tensors.push(t);
    }

    /// Adds a node `op(inputs) -> output` and returns `output`.
    fn node(
        &mut self,
        op: &'static str,
        inputs: &[&str],
        output: &str,
        attrs: impl Into<Vec<(&'static str, Attr)>>,
    ) -> String {
        self.nodes.push(Node {
            op,
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
            output: output.to_string(),
            attrs: attrs.into(),
        });
        output.to_string()
    }

    /// `Reshape` of `at` to `dims` (0 keeps that axis, −1 takes the rest).
    fn reshape(&mut self, at: &str, dims: &[i64], out: &str) -> String {
        let shape = format!("{out}.shape");
        self.ints(&shape, dims);
        self.node("Reshape", &[at, &shape], out, [])
    }

    fn transpose(&mut self, at: &str, perm: &[i64], out: &str) -> String {
        self.node(
            "Transpose",
            &[at],
            out,
            [("perm", Attr::Ints(perm.to_vec()))],
        )
    }

    /// Lays the values `at` (of `shape`, laid out as `from`) out as `to`, updating `at`;
    /// returns `to`. Node names start with `name`.
    fn relayout(
        &mut self,
        at: &mut String,
        from: Layout,
        to: Layout,
        shape: Shape,
        name: &str,
    ) -> Layout {
        let (h, w, c) = (
            shape.height as i64,
            shape.width as i64,
            shape.channels as i64,
        );
        let n = |part: &str| format!("{name}.{part}");
        *at = match (from, to) {
            (Layout::Flat, Layout::Flat)
            | (Layout::Nchw, Layout::Nchw)
            | (Layout::Ncl, Layout::Ncl) => return to,
            (Layout::Flat, Layout::Nchw) => {
                let nhwc = self.reshape(at, &[-1, h, w, c], &n("nhwc"));
                self.transpose(&nhwc, &[0, 3, 1, 2], &n("nchw"))
            }
            (Layout::Flat, Layout::Ncl) => {
                let nlc = self.reshape(at, &[-1, w, c], &n("nlc"));
                self.transpose(&nlc, &[0, 2, 1], &n("ncl"))
            }
            (Layout::Nchw, Layout::Flat) => {
                let nhwc = self.transpose(at, &[0, 2, 3, 1], &n("nhwc"));
                self.node("Flatten", &[&nhwc], &n("flat"), [("axis", Attr::Int(1))])
            }
            (Layout::Ncl, Layout::Flat) => {
                let nlc = self.transpose(at, &[0, 2, 1], &n("nlc"));
                self.node("Flatten", &[&nlc], &n("flat"), [("axis", Attr::Int(1))])
            }
            // A sequence is an image one pixel high.
            (Layout::Nchw, Layout::Ncl) => self.reshape(at, &[0, c, w], &n("ncl")),
            (Layout::Ncl, Layout::Nchw) => self.reshape(at, &[0, c, 1, w], &n("nchw")),
        };
        to
    }

    /// Gives the last node's output the graph's output name (no later node reads it).
    fn rename_last_output(&mut self, name: &str) {
        if let Some(last) = self.nodes.last_mut() {
            last.output = name.to_string();
        }
    }
}

/// A `rows × width` float tensor's description (`rows` left free).
fn value_info(name: &str, width: usize, doc: &str) -> Msg {
    let mut rows = Msg::default();
    rows.str(2, "rows");
    let mut cols = Msg::default();
    cols.varint(1, width as u64);
    let mut shape = Msg::default();
    shape.msg(1, &rows);
    shape.msg(1, &cols);
    let mut tensor = Msg::default();
    tensor.varint(1, 1); // FLOAT
    tensor.msg(2, &shape);
    let mut ty = Msg::default();
    ty.msg(1, &tensor);
    let mut v = Msg::default();
    v.str(1, name);
    v.msg(2, &ty);
    v.str(3, doc);
    v
}

fn entry(key: &str, value: &str) -> Msg {
    let mut e = Msg::default();
    e.str(1, key);
    e.str(2, value);
    e
}

/// One protobuf message being written.
#[derive(Default)]
struct Msg(Vec<u8>);

impl Msg {
    fn raw_varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn key(&mut self, field: u32, wire: u8) {
        self.raw_varint(u64::from(field) << 3 | u64::from(wire));
    }

    fn varint(&mut self, field: u32, v: u64) {
        self.key(field, 0);
        self.raw_varint(v);
    }

    fn float(&mut self, field: u32, v: f32) {
        self.key(field, 5);
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn bytes(&mut self, field: u32, b: &[u8]) {
        self.key(field, 2);
        self.raw_varint(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn str(&mut self, field: u32, s: &str) {
        self.bytes(field, s.as_bytes());
    }

    fn msg(&mut self, field: u32, m: &Msg) {
        self.bytes(field, &m.0);
    }
}

#[cfg(test)]
mod tests {
    use super::{channels_first, export, Graph, Layout, Msg};
    use crate::nn::{Model, ModelConfig, Padding, Shape};

    /// A 2×1 kernel, 2 channels in, 3 filters: Keras's `kh × kw × cin × cout` value at
    /// (p, i, o) is `100p + 10i + o`; ONNX's `cout × cin × kh·kw` holds it at (o, i, p).
    #[test]
    fn kernels_go_channels_first() {
        let keras: Vec<f32> = (0..2)
            .flat_map(|p| {
                (0..2).flat_map(move |i| (0..3).map(move |o| (100 * p + 10 * i + o) as f32))
            })
            .collect();
        let onnx = channels_first(&keras, 2, 2, 3);
        for o in 0..3 {
            for i in 0..2 {
                for p in 0..2 {
                    assert_eq!(onnx[(o * 2 + i) * 2 + p], (100 * p + 10 * i + o) as f32);
                }
            }
        }
    }

    /// Keras's `same` padding: 5 cells, window 2, stride 2 give 3 outputs and one cell
    /// after; 28 cells, kernel 5, stride 1, two each side; 7 cells, window 3, stride 2, one
    /// each side; 6 cells, kernel 4, stride 1, one before and two after.
    #[test]
    fn same_padding_puts_the_odd_cell_after() {
        assert_eq!(Padding::Same.cells(5, 2, 2), (0, 1));
        assert_eq!(Padding::Same.cells(28, 5, 1), (2, 2));
        assert_eq!(Padding::Same.cells(7, 3, 2), (1, 1));
        assert_eq!(Padding::Same.cells(6, 4, 1), (1, 2));
        assert_eq!(Padding::Valid.cells(6, 4, 1), (0, 0));
    }

    /// Every change of layout the shaped layers need has its nodes.
    #[test]
    fn layouts_change_through_reshapes_and_transposes() {
        let shape = Shape {
            height: 1,
            width: 4,
            channels: 3,
        };
        let ops = |from, to| {
            let mut g = Graph::default();
            let mut at = "x".to_string();
            assert_eq!(g.relayout(&mut at, from, to, shape, "t"), to);
            g.nodes.iter().map(|n| n.op).collect::<Vec<_>>().join(" ")
        };
        assert_eq!(ops(Layout::Flat, Layout::Nchw), "Reshape Transpose");
        assert_eq!(ops(Layout::Nchw, Layout::Flat), "Transpose Flatten");
        assert_eq!(ops(Layout::Ncl, Layout::Flat), "Transpose Flatten");
        assert_eq!(ops(Layout::Nchw, Layout::Ncl), "Reshape");
        assert_eq!(ops(Layout::Ncl, Layout::Ncl), "");
    }

    fn ops_of(json: &str) -> Vec<String> {
        let config: ModelConfig = crate::json::read(crate::json::parse(json).unwrap()).unwrap();
        let bytes = export(&Model::new(config).unwrap(), None, None).unwrap();
        // Each node's op type is its field 4, a short string after the byte 0x22.
        let known = [
            "Reshape",
            "Transpose",
            "Conv",
            "Relu",
            "MaxPool",
            "AveragePool",
            "Flatten",
            "Gemm",
            "Softmax",
            "Cast",
            "Gather",
            "ReduceMean",
            "Sigmoid",
            "Tanh",
        ];
        let mut ops = Vec::new();
        for i in 0..bytes.len().saturating_sub(2) {
            if bytes[i] == 0x22 {
                let len = bytes[i + 1] as usize;
                if let Some(op) = bytes.get(i + 2..i + 2 + len) {
                    if let Some(k) = known.iter().find(|k| k.as_bytes() == op) {
                        ops.push(k.to_string());
                    }
                }
            }
        }
        ops
    }

    /// A conv net's graph: into channels-first, the windows, back to the engine's order
    /// before the flatten, the dense layers; a sequence model's: ids cast and gathered,
    /// the 1-D convolution on `rows × channels × length`, the mean over the positions.
    #[test]
    fn shaped_models_export_as_their_layers() {
        let conv = ops_of(
            r#"{"inputShape": [6, 6, 2], "layers": [
              {"type": "conv2d", "filters": 3, "kernelSize": 3, "padding": "same", "activation": "relu"},
              {"type": "max_pool2d", "poolSize": 2},
              {"type": "average_pool2d", "poolSize": 2, "padding": "same"},
              {"type": "flatten"}, {"units": 3, "activation": "softmax"}]}"#,
        );
        assert_eq!(
            conv.join(" "),
            "Reshape Transpose Conv Relu MaxPool AveragePool Transpose Flatten Gemm Softmax"
        );
        let text = ops_of(
            r#"{"inputShape": [7], "layers": [
              {"type": "embedding", "inputDim": 12, "outputDim": 4},
              {"type": "conv1d", "filters": 5, "kernelSize": 3, "padding": "same", "activation": "tanh"},
              {"type": "global_average_pool1d"}, {"units": 1, "activation": "sigmoid"}]}"#,
        );
        assert_eq!(
            text.join(" "),
            "Cast Gather Transpose Conv Tanh ReduceMean Gemm Sigmoid"
        );
    }

    /// Varints as the protobuf encoding guide writes them: 1 is `01`, 150 is `96 01`, and
    /// field 1 = 150 is `08 96 01`.
    #[test]
    fn varints_match_the_protobuf_guide() {
        let mut m = Msg::default();
        m.varint(1, 150);
        assert_eq!(m.0, [0x08, 0x96, 0x01]);
        let mut m = Msg::default();
        m.str(2, "testing");
        assert_eq!(&m.0[..2], &[0x12, 0x07]);
        assert_eq!(&m.0[2..], b"testing");
    }
}
