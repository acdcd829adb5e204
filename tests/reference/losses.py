"""Reference loss values and gradients from Keras 3 (TensorFlow backend, float64).

Run from the repo root (the script selects the TensorFlow backend itself):
    python tests/reference/losses.py [OUT.json]
Writes tests/reference/losses.json (or OUT.json).

Every loss is a Keras loss object with its default reduction
("sum_over_batch_size" = mean over the batch of the per-sample losses).
"grad" is d(loss)/d(y_pred or logits) of that reduced scalar, from
tf.GradientTape. Everything is also recomputed with plain numpy formulas and
the script aborts if they disagree by more than 1e-12.

Why TensorFlow and not JAX: Keras-on-JAX computes `ops.mean` in float32 even
when floatx is float64 (keras/src/backend/common/dtypes.py maps float64 ->
float32 in result_type for every backend but TensorFlow), so its loss values
are only float32-accurate. On TensorFlow these losses stay float64 end to end
(loss hyperparameters here, delta=1.0 and 0.5, are exact in float32 anyway).
"""
import json
import os
import sys

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # deterministic CPU kernels

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

keras.config.set_floatx("float64")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "losses.json")
F64 = np.float64

REG_TRUE = [[1.0, -2.0], [0.5, 0.0], [3.0, 1.5]]
REG_PRED = [[0.8, -1.0], [0.5, 2.5], [1.0, 1.4]]
BIN_LOGITS = [[2.0], [-1.0], [0.3], [-4.0]]
BIN_TRUE = [[1.0], [0.0], [0.0], [1.0]]
BIN_X_LOGITS = [[60.0], [-60.0]]
BIN_X_TRUE = [[0.0], [1.0]]
MC_LOGITS = [[1.0, 2.0, 0.5, -1.0], [0.0, 0.0, 3.0, 1.0], [-2.0, 1.0, 0.0, 4.0]]
MC_CLASSES = [1, 2, 0]
MC_X_LOGITS = [[100.0, -100.0, 0.0]]
MC_X_CLASSES = [1]


def one_hot(classes, k):
    return np.eye(k, dtype=F64)[classes]


def keras_loss_and_grad(loss_obj, y_true, x):
    """loss_obj(y_true, x) and d loss / d x via tf.GradientTape, in float64."""
    y_true_t = tf.constant(np.asarray(y_true))
    x_t = tf.Variable(np.asarray(x, dtype=F64))
    with tf.GradientTape() as tape:
        loss = loss_obj(y_true_t, x_t)
    grad = tape.gradient(loss, x_t)
    assert loss.dtype == tf.float64 and grad.dtype == tf.float64, (loss.dtype, grad.dtype)
    return float(loss.numpy()), grad.numpy()


# ---- numpy formulas (independent check) -----------------------------------
def np_mse(t, p):
    t, p = np.asarray(t, F64), np.asarray(p, F64)
    return np.mean((p - t) ** 2), 2 * (p - t) / p.size


def np_mae(t, p):
    t, p = np.asarray(t, F64), np.asarray(p, F64)
    return np.mean(np.abs(p - t)), np.sign(p - t) / p.size  # sign(0) = 0


def np_huber(t, p, delta=1.0):
    t, p = np.asarray(t, F64), np.asarray(p, F64)
    d = p - t
    a = np.abs(d)
    per = np.where(a <= delta, 0.5 * d * d, delta * a - 0.5 * delta * delta)
    g = np.where(a <= delta, d, delta * np.sign(d))
    return np.mean(per), g / p.size


def np_bce_logits(y, z):
    y, z = np.asarray(y, F64), np.asarray(z, F64)
    per = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    sig = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
    return np.mean(per), (sig - y) / z.shape[0]


def np_ce_logits(classes, z):
    z = np.asarray(z, F64)
    m = z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    per = lse - z[np.arange(len(classes)), classes]
    soft = np.exp(z - lse[:, None])
    return np.mean(per), (soft - one_hot(classes, z.shape[1])) / z.shape[0]


def case(name, keras_expr, loss_obj, y_true, x, x_key, ref):
    loss, grad = keras_loss_and_grad(loss_obj, y_true, x)
    ref_loss, ref_grad = ref
    assert abs(loss - ref_loss) <= 1e-12 * max(1.0, abs(ref_loss)), (name, loss, ref_loss)
    assert np.abs(grad - ref_grad).max() <= 1e-12, (name, grad, ref_grad)
    y_true_out = np.asarray(y_true).tolist()
    return {"name": name, "keras": keras_expr, "y_true": y_true_out, x_key: np.asarray(x, F64).tolist(),
            "loss": loss, "grad": grad.tolist()}


def main():
    L = keras.losses
    mc_onehot = one_hot(MC_CLASSES, 4)
    mcx_onehot = one_hot(MC_X_CLASSES, 3)
    cases = [
        case("mse", "keras.losses.MeanSquaredError()", L.MeanSquaredError(),
             REG_TRUE, REG_PRED, "y_pred", np_mse(REG_TRUE, REG_PRED)),
        case("mae", "keras.losses.MeanAbsoluteError()", L.MeanAbsoluteError(),
             REG_TRUE, REG_PRED, "y_pred", np_mae(REG_TRUE, REG_PRED)),
        case("huber", "keras.losses.Huber(delta=1.0)", L.Huber(delta=1.0),
             REG_TRUE, REG_PRED, "y_pred", np_huber(REG_TRUE, REG_PRED, 1.0)),
        case("binary_crossentropy_from_logits", "keras.losses.BinaryCrossentropy(from_logits=True)",
             L.BinaryCrossentropy(from_logits=True),
             BIN_TRUE, BIN_LOGITS, "logits", np_bce_logits(BIN_TRUE, BIN_LOGITS)),
        case("binary_crossentropy_from_logits_extreme", "keras.losses.BinaryCrossentropy(from_logits=True)",
             L.BinaryCrossentropy(from_logits=True),
             BIN_X_TRUE, BIN_X_LOGITS, "logits", np_bce_logits(BIN_X_TRUE, BIN_X_LOGITS)),
        case("categorical_crossentropy_from_logits", "keras.losses.CategoricalCrossentropy(from_logits=True)",
             L.CategoricalCrossentropy(from_logits=True),
             mc_onehot, MC_LOGITS, "logits", np_ce_logits(MC_CLASSES, MC_LOGITS)),
        case("sparse_categorical_crossentropy_from_logits",
             "keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
             L.SparseCategoricalCrossentropy(from_logits=True),
             np.array(MC_CLASSES, dtype=np.int64), MC_LOGITS, "logits", np_ce_logits(MC_CLASSES, MC_LOGITS)),
        case("categorical_crossentropy_from_logits_extreme",
             "keras.losses.CategoricalCrossentropy(from_logits=True)",
             L.CategoricalCrossentropy(from_logits=True),
             mcx_onehot, MC_X_LOGITS, "logits", np_ce_logits(MC_X_CLASSES, MC_X_LOGITS)),
        case("sparse_categorical_crossentropy_from_logits_extreme",
             "keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
             L.SparseCategoricalCrossentropy(from_logits=True),
             np.array(MC_X_CLASSES, dtype=np.int64), MC_X_LOGITS, "logits",
             np_ce_logits(MC_X_CLASSES, MC_X_LOGITS)),
    ]
    by = {c["name"]: c for c in cases}
    for a, b in [("categorical_crossentropy_from_logits", "sparse_categorical_crossentropy_from_logits"),
                 ("categorical_crossentropy_from_logits_extreme",
                  "sparse_categorical_crossentropy_from_logits_extreme")]:
        assert abs(by[a]["loss"] - by[b]["loss"]) <= 1e-14 * abs(by[a]["loss"]), (a, b)
        assert np.abs(np.array(by[a]["grad"]) - by[b]["grad"]).max() <= 1e-15, (a, b)
    for c in cases:
        assert np.isfinite(c["loss"]) and np.all(np.isfinite(c["grad"])), c["name"]

    doc = {
        "generated_by": "tests/reference/losses.py",
        "framework": f"keras {keras.__version__} (tensorflow backend, tensorflow {tf.__version__}), float64",
        "notes": [
            "loss: the Keras loss object called as loss(y_true, y_pred_or_logits), default reduction = mean over the batch of per-sample losses",
            "per-sample losses: mse/mae/huber average over the last axis (outputs); crossentropies sum over classes",
            "grad: d loss / d y_pred (regression) or d loss / d logits (classification) of the batch-mean scalar, via tf.GradientTape; same shape as y_pred/logits",
            "mae: the element with y_pred == y_true has gradient 0 (TF's sign(0) = 0)",
            "huber: the element with |y_pred - y_true| == delta == 1.0 sits exactly on the branch boundary (value 0.5, gradient sign(d)*1 either way)",
            "sparse_* cases: y_true holds the integer class per row; categorical_* cases hold the one-hot rows",
            "all values cross-checked against numpy formulas (stable log1p/logsumexp) to 1e-12",
        ],
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
