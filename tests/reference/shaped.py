"""Reference first steps of a small conv net and a small embedding net, from Keras 3
(JAX backend, float64).

Run from the repo root (the script selects the JAX backend itself):
    python tests/reference/shaped.py [OUT.json]
Writes tests/reference/shaped.json (or OUT.json).

Two problems, each trained full-batch for 3 steps of Adam (learning rate 0.01) with
`train_on_batch` from fixed weights written into the JSON:

- "conv": 4 images 6x6x2 -> Conv2D(3, 3, padding="same", relu) -> MaxPooling2D(2)
  -> Conv2D(2, (2, 2), strides 1, valid, tanh) -> AveragePooling2D(2, padding="same")
  -> Flatten -> Dense(3, softmax); sparse categorical cross-entropy.
- "embedding": 4 rows of 5 token ids (vocabulary 7) -> Embedding(7, 3) -> Conv1D(2, 3,
  padding="same", relu) -> GlobalAveragePooling1D -> Dense(1, sigmoid); binary
  cross-entropy.

Weights are listed layer by layer in Keras's own order (a Conv2D kernel is
kh x kw x in x filters, row-major), which is also nnplay's parameter order. For each
step: the loss on the weights before it (recomputed in float64 from the model's own
output; Keras-on-JAX reports its means in float32) and, after the last step, every
weight.
"""
import json
import os
import sys

os.environ["KERAS_BACKEND"] = "jax"
os.environ["JAX_ENABLE_X64"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)
import keras  # noqa: E402

keras.config.set_floatx("float64")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "shaped.json")
STEPS = 3
LR = 0.01


def fixed(shape, k):
    """Deterministic weights in about (-0.6, 0.6): a sine of the index, no RNG."""
    n = int(np.prod(shape))
    return (0.6 * np.sin(np.arange(n) * 1.7 + k)).reshape(shape)


def nnplay_config(layers, input_shape):
    return {"inputShape": input_shape, "layers": layers}


def run(name, model, x, y, loss_fn, config):
    weights = [fixed(w.shape, i) for i, w in enumerate(model.get_weights())]
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss=loss_fn)
    losses = []
    for _ in range(STEPS):
        p = np.asarray(model(x, training=False), dtype=np.float64)
        losses.append(float(loss_value(name, p, y)))
        reported = float(model.train_on_batch(x, y))
        assert abs(reported - losses[-1]) <= 1e-6 * max(1, abs(losses[-1])), (reported, losses)
    final = np.asarray(model(x, training=False), dtype=np.float64)
    return {
        "model": config,
        "x": x.reshape(len(x), -1).tolist(),
        "y": y.tolist(),
        "initial": [w.ravel().tolist() for w in weights],
        "loss_before": losses,
        "after": [w.ravel().tolist() for w in model.get_weights()],
        "predictions_after": final.ravel().tolist(),
    }


def loss_value(name, p, y):
    if name == "conv":
        return -np.mean(np.log(p[np.arange(len(y)), y.astype(int)]))
    p = p.ravel()
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def conv_case():
    x = fixed((4, 6, 6, 2), 0.3) * 2
    y = np.array([0, 1, 2, 1], dtype=np.float64)
    model = keras.Sequential([
        keras.Input((6, 6, 2)),
        keras.layers.Conv2D(3, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(2, (2, 2), activation="tanh"),
        keras.layers.AveragePooling2D(2, padding="same"),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ])
    config = nnplay_config([
        {"type": "conv2d", "filters": 3, "kernelSize": 3, "padding": "same", "activation": "relu"},
        {"type": "max_pool2d", "poolSize": 2},
        {"type": "conv2d", "filters": 2, "kernelSize": [2, 2], "activation": "tanh"},
        {"type": "average_pool2d", "poolSize": 2, "padding": "same"},
        {"type": "flatten"},
        {"units": 3, "activation": "softmax"},
    ], [6, 6, 2])
    return run("conv", model, x, y, "sparse_categorical_crossentropy", config)


def embedding_case():
    x = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 2, 0], [6, 6, 1, 3, 5], [0, 2, 4, 6, 1]],
                 dtype=np.float64)
    y = np.array([1, 0, 1, 0], dtype=np.float64)
    model = keras.Sequential([
        keras.Input((5,)),
        keras.layers.Embedding(7, 3),
        keras.layers.Conv1D(2, 3, padding="same", activation="relu"),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    config = nnplay_config([
        {"type": "embedding", "inputDim": 7, "outputDim": 3},
        {"type": "conv1d", "filters": 2, "kernelSize": 3, "padding": "same", "activation": "relu"},
        {"type": "global_average_pool1d"},
        {"units": 1, "activation": "sigmoid"},
    ], [5])
    return run("embedding", model, x.astype("int32"), y, "binary_crossentropy", config)


doc = {
    "notes": [
        "Keras %s, JAX %s backend, float64; Adam learning rate %g, %d full-batch steps."
        % (keras.__version__, jax.__version__, LR, STEPS),
        "Weights per layer in Keras order (conv kernel kh x kw x in x filters, then bias; "
        "embedding table vocabulary x dimension; dense kernel in x out, then bias), row-major.",
        "loss_before[i]: the loss on the weights before step i+1, float64 from the model output.",
    ],
    "conv": conv_case(),
    "embedding": embedding_case(),
}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print("wrote", OUT)
