"""Reference optimizer trajectories from Keras 3 (JAX backend, float64).

Run from the repo root (the script selects the JAX backend itself):
    python tests/reference/optimizers.py [OUT.json]
Writes tests/reference/optimizers.json (or OUT.json).

Problem: one Dense layer 3 -> 2 (linear, with bias), loss = Keras
"mean_squared_error" (mean over outputs and batch), full batch of 4 rows,
3 optimizer steps via model.train_on_batch. For each step we record the loss
on the weights *before* the step and the kernel/bias *after* the step.

Why JAX and not TensorFlow: on the TensorFlow backend Keras turns Python-float
hyperparameters (momentum, beta_1, beta_2, rho, ...) into float32 tensors
before casting them to float64 (ops.cast(0.9, "float64") == 0.8999999761...),
which moves the Adam weights by ~2e-6. On JAX the updates are exact float64.

One JAX caveat: Keras-on-JAX computes `ops.mean` in float32 even when floatx is
float64 (keras/src/backend/common/dtypes.py maps float64 -> float32 in
result_type for every backend but TensorFlow). The averaging divisors here
(2 outputs, 4 rows) are powers of two, so gradients are still exact, but the
loss *value* Keras reports is only float32-accurate. So `loss_before` is
computed with jax.numpy in float64 on the Keras model's own output, and is
checked against the loss train_on_batch reports (to 1e-7 relative).

As an independent check, every trajectory is recomputed with plain numpy
implementations of the Keras 3 update rules (see `numpy_reference`); the
script aborts if weights or losses disagree by more than 1e-12.
"""
import json
import os
import sys

os.environ["KERAS_BACKEND"] = "jax"
os.environ["JAX_ENABLE_X64"] = "1"  # needed for real float64 under JAX
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keras imports TF if installed; quiet it

import numpy as np  # noqa: E402
import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402

keras.config.set_floatx("float64")
keras.utils.set_random_seed(0)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "optimizers.json")

W0 = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], dtype=np.float64)
B0 = np.array([0.05, -0.05], dtype=np.float64)
X = np.array([[1, 2, -1], [0.5, -1, 2], [-1.5, 0.5, 1], [2, 1, 0]], dtype=np.float64)
Y = np.array([[1, 0], [0, 1], [-1, 0.5], [0.5, -0.5]], dtype=np.float64)
N_STEPS = 3
CASES = ["sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw", "adam_lr_change"]

CONFIG_KEYS = [
    "learning_rate", "momentum", "nesterov", "rho", "epsilon", "centered",
    "beta_1", "beta_2", "amsgrad", "weight_decay", "initial_accumulator_value",
    "clipnorm", "clipvalue", "global_clipnorm", "use_ema",
]


def make_optimizer(name):
    O = keras.optimizers
    if name == "sgd":
        return O.SGD(learning_rate=0.1)
    if name == "momentum":
        return O.SGD(learning_rate=0.1, momentum=0.9)
    if name == "nesterov":
        return O.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
    if name == "rmsprop":
        return O.RMSprop(learning_rate=0.1)
    if name == "adagrad":
        return O.Adagrad(learning_rate=0.1)
    if name in ("adam", "adam_lr_change"):
        return O.Adam(learning_rate=0.1)
    if name == "adamw":
        return O.AdamW(learning_rate=0.1)
    raise ValueError(name)


def learning_rates_for(name):
    if name == "adam_lr_change":
        return [0.1, 0.1, 0.05]
    return [0.1] * N_STEPS


def clean_config(opt):
    cfg = opt.get_config()
    out = {"class_name": type(opt).__name__}
    for k in CONFIG_KEYS:
        if k in cfg:
            v = cfg[k]
            if isinstance(v, (np.floating, np.integer)):
                v = v.item()
            out[k] = v
    return out


def build_model():
    model = keras.Sequential(
        [keras.Input(shape=(3,), dtype="float64"),
         keras.layers.Dense(2, activation="linear", use_bias=True, dtype="float64")]
    )
    model.layers[0].set_weights([W0.copy(), B0.copy()])
    return model


def loss_f64(model):
    pred = model(X, training=False)
    assert pred.dtype == jnp.float64, pred.dtype
    return float(jnp.mean(jnp.square(pred - jnp.asarray(Y))))


def run_keras(name):
    model = build_model()
    opt = make_optimizer(name)
    model.compile(optimizer=opt, loss="mean_squared_error")
    cfg = clean_config(opt)
    lrs = learning_rates_for(name)
    steps = []
    for i in range(N_STEPS):
        if i > 0 and lrs[i] != lrs[i - 1]:
            opt.learning_rate.assign(lrs[i])  # keeps moments and iteration count
        assert float(np.asarray(opt.learning_rate)) == lrs[i]
        loss_before = loss_f64(model)
        reported = float(np.asarray(model.train_on_batch(X, Y)))
        # train_on_batch reports the loss of the forward pass before the update
        # (float32-accurate only, see module docstring)
        assert abs(reported - loss_before) <= 1e-7 * abs(loss_before), (name, reported, loss_before)
        k, b = model.layers[0].get_weights()
        assert k.dtype == np.float64 and b.dtype == np.float64, (k.dtype, b.dtype)
        steps.append({"loss_before": loss_before, "w_after": k.tolist(), "b_after": b.tolist()})
    assert int(np.asarray(opt.iterations)) == N_STEPS
    return cfg, lrs, steps


# ---------------------------------------------------------------------------
# Independent numpy re-implementation of the Keras 3 update rules.
# ---------------------------------------------------------------------------
def grads_np(w, b):
    pred = X @ w + b
    n, m = Y.shape
    d = 2.0 * (pred - Y) / (n * m)  # dL/dpred for the mean over batch and outputs
    loss = float(np.mean((pred - Y) ** 2))
    return loss, X.T @ d, d.sum(axis=0)


def numpy_reference(name, cfg, lrs):
    params = [W0.copy(), B0.copy()]
    state = [{} for _ in params]
    steps = []
    for t, lr in enumerate(lrs, start=1):
        loss, gw, gb = grads_np(*params)
        for p, g, s in zip(params, [gw, gb], state):
            if name in ("sgd", "momentum", "nesterov"):
                mom = cfg["momentum"]
                if mom == 0:
                    p -= lr * g
                else:
                    m = mom * s.get("m", np.zeros_like(p)) - lr * g
                    s["m"] = m
                    p += (mom * m - lr * g) if cfg["nesterov"] else m
            elif name == "rmsprop":
                rho, eps = cfg["rho"], cfg["epsilon"]
                v = rho * s.get("v", np.zeros_like(p)) + (1 - rho) * g * g
                s["v"] = v
                p -= lr * g / np.sqrt(v + eps)  # Keras 3: eps inside the sqrt
            elif name == "adagrad":
                acc = s.get("acc", np.full_like(p, cfg["initial_accumulator_value"])) + g * g
                s["acc"] = acc
                p -= lr * g / np.sqrt(acc + cfg["epsilon"])  # eps inside the sqrt
            elif name in ("adam", "adamw", "adam_lr_change"):
                b1, b2, eps = cfg["beta_1"], cfg["beta_2"], cfg["epsilon"]
                wd = cfg.get("weight_decay") or 0.0
                if wd:
                    # decoupled decay, applied to every variable (bias included),
                    # with the current learning rate, before the Adam update
                    p -= p * wd * lr
                m = s.get("m", np.zeros_like(p))
                v = s.get("v", np.zeros_like(p))
                m = m + (g - m) * (1 - b1)
                v = v + (g * g - v) * (1 - b2)
                s["m"], s["v"] = m, v
                alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                p -= m * alpha / (np.sqrt(v) + eps)  # eps outside the sqrt
            else:
                raise ValueError(name)
        steps.append({"loss_before": loss, "w_after": params[0].copy(), "b_after": params[1].copy()})
    return steps


def main():
    cases = []
    for name in CASES:
        cfg, lrs, steps = run_keras(name)
        for s_k, s_n in zip(steps, numpy_reference(name, cfg, lrs)):
            assert abs(s_k["loss_before"] - s_n["loss_before"]) < 1e-12, (name, s_k, s_n)
            for key in ("w_after", "b_after"):
                diff = np.abs(np.array(s_k[key]) - s_n[key]).max()
                assert diff < 1e-12, (name, key, diff)
        cases.append({"name": name, "keras_config": cfg, "learning_rates": lrs, "steps": steps})

    doc = {
        "generated_by": "tests/reference/optimizers.py",
        "framework": f"keras {keras.__version__} (jax backend, jax {jax.__version__}), float64",
        "notes": [
            "loss = mean over batch and outputs of (x@w + b - y)^2; w is 3x2 with rows = inputs",
            "loss_before: loss on the weights before that step (float64, computed with jax.numpy on the Keras model output; Keras's own reported loss agrees to float32 accuracy)",
            "w_after/b_after: weights after that step; each step uses the full batch of 4 rows (model.train_on_batch)",
            "keras_config is read back from optimizer.get_config() when the optimizer is created",
            "rmsprop: Keras 3 uses w -= lr*g/sqrt(v+eps), v starts at 0; adagrad: accumulator starts at initial_accumulator_value, w -= lr*g/sqrt(acc+eps)",
            "adam: w -= m*alpha/(sqrt(v)+eps), alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t)",
            "adamw: decoupled decay w -= w*weight_decay*lr is applied to ALL variables (bias included) before the Adam update",
            "adam_lr_change: optimizer.learning_rate.assign(0.05) before step 3; moments and iteration count are not reset",
            "every trajectory was cross-checked against a numpy re-implementation of these rules to 1e-12",
        ],
        "problem": {"w": W0.tolist(), "b": B0.tolist(), "x": X.tolist(), "y": Y.tolist()},
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
