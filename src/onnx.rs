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
//! The protobuf encoding is written here (the few messages ONNX needs), so the export adds
//! no dependency. Two exports of the same model are identical byte for byte.

use crate::data::{Preprocessor, Scaling};
use crate::error::{Error, Result};
use crate::model_card::ModelCard;
use crate::nn::{Activation, Loss, Model};

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
        at = graph.node("Sub", &[&at, "scaler.center"], "centered", Attr::None);
        at = graph.node("Div", &[&at, "scaler.spread"], "scaled", Attr::None);
    }
    let summary = model.summary();
    for (i, layer) in summary.iter().enumerate() {
        let alpha = layer
            .alpha
            .unwrap_or_else(|| layer.activation.default_alpha());
        let (kernel, bias) = model
            .layer_params(i)
            .expect("the summary lists the model's layers");
        let (w, b) = (format!("layers.{i}.kernel"), format!("layers.{i}.bias"));
        graph.tensor(&w, &[layer.inputs, layer.units], kernel);
        graph.tensor(&b, &[layer.units], bias);
        at = graph.node(
            "Gemm",
            &[&at, &w, &b],
            &format!("layers.{i}.linear"),
            Attr::None,
        );
        let out = format!("layers.{i}.output");
        at = match layer.activation {
            Activation::Linear => at,
            Activation::Relu => graph.node("Relu", &[&at], &out, Attr::None),
            Activation::Tanh => graph.node("Tanh", &[&at], &out, Attr::None),
            Activation::Sigmoid => graph.node("Sigmoid", &[&at], &out, Attr::None),
            Activation::Softmax => graph.node("Softmax", &[&at], &out, Attr::None),
            Activation::LeakyRelu => graph.node("LeakyRelu", &[&at], &out, Attr::Alpha(alpha)),
            Activation::Elu => graph.node("Elu", &[&at], &out, Attr::Alpha(alpha)),
        };
    }
    // A linear output trained on logits: the probabilities, as `Model::predict` gives them.
    let last = summary.last().map(|l| l.activation);
    if last == Some(Activation::Linear) {
        match model.loss() {
            Some(Loss::BinaryCrossentropy) => {
                graph.node("Sigmoid", &[&at], "probabilities", Attr::None);
            }
            Some(Loss::CategoricalCrossentropy) => {
                graph.node("Softmax", &[&at], "probabilities", Attr::None);
            }
            _ => {}
        }
    }
    graph.rename_last_output(output_name(model));

    let feature_names = preprocessing.map(Preprocessor::feature_names);
    let input_doc = match &feature_names {
        Some(names) => format!(
            "{inputs} raw features per row (numbers as in the file, categories one-hot, words \
             counted): {}",
            names.join(", ")
        ),
        None => format!("{inputs} features per row, as the model was trained on them"),
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

/// A node attribute: none, or the `alpha` of `LeakyRelu` and `Elu`.
enum Attr {
    None,
    Alpha(f32),
}

/// A graph node: `op(inputs) -> output`, with `LeakyRelu`'s or `Elu`'s `alpha`.
struct Node {
    op: &'static str,
    inputs: Vec<String>,
    output: String,
    alpha: Option<f32>,
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
        if let Some(a) = self.alpha {
            let mut attr = Msg::default();
            attr.str(1, "alpha");
            attr.float(2, a);
            attr.varint(20, 1); // AttributeProto.FLOAT
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
        let mut t = Msg::default();
        for &d in dims {
            t.varint(1, d as u64);
        }
        t.varint(2, 1); // TensorProto.FLOAT
        t.str(8, name);
        let raw: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        t.bytes(9, &raw);
        self.tensors.push(t);
    }

    /// Adds a node `op(inputs) -> output` and returns `output`.
    fn node(&mut self, op: &'static str, inputs: &[&str], output: &str, attr: Attr) -> String {
        self.nodes.push(Node {
            op,
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
            output: output.to_string(),
            alpha: match attr {
                Attr::None => None,
                Attr::Alpha(a) => Some(a),
            },
        });
        output.to_string()
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
    use super::Msg;

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
