"""One training step of the page's PyTorch script, taken without PyTorch (its wheels are
gigabytes): the network, the loss, the L1/L2 term and the optimizer with its
hyperparameters are read from the script's text; the gradient of that loss comes from JAX;
the update is the optimizer's rule written out in numpy: torch.optim.SGD and
torch.optim.Adagrad as the PyTorch documentation states them (the pseudocode on their
pages, https://pytorch.org/docs/stable/generated/torch.optim.SGD.html and
.../torch.optim.Adagrad.html), and the Adam and RMSprop classes the script defines itself
as their docstrings state them (torch.optim.Adam and torch.optim.RMSprop place epsilon
differently from Keras and nnplay: see RMSprop at .../torch.optim.RMSprop.html,
`v_t.sqrt() + eps`, and Adam at .../torch.optim.Adam.html, `sqrt(v_hat) + eps`).

    python torch_step.py script.py model.json batch.json out.json

`model.json`: the page's model file (weights in Keras's layouts, row-major: a dense
kernel `inputs × units`, a convolution's `kh × kw × inputs × filters`, an embedding's
table `ids × dimensions`; biases, empty for an embedding);
`batch.json`: `{ "x": [...], "y": [...], "inputs": n }`, the batch as nnplay encodes it.
Writes `{ "weights": [{ "kernel", "bias" }], "optimizer": "<what was read>" }`.

The shaped modules the script may hold are PyTorch's as its documentation defines them,
written in JAX on PyTorch's channels-first layout: nn.Conv2d / nn.Conv1d (cross-correlation,
weight `out × in × kernel…`), nn.ConstantPad2d / 1d `(left, right[, top, bottom])`,
nn.MaxPool / nn.AvgPool (no padding), nn.Embedding, nn.Unflatten, nn.Flatten(start_dim),
nn.AdaptiveAvgPool1d(1) (the mean over the positions), and the script's own Permute and
AveragePoolSame (their docstrings).
"""

import ast
import json
import sys

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_platforms", "cpu")


def literal_kwargs(call):
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords}


def literal_or_name(node):
    """A literal's value, or the source of an expression (a width such as `inputs`)."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)


def read_script(text):
    """The script's network (modules), loss, penalty and optimizer, from its syntax tree."""
    tree = ast.parse(text)
    found = {"penalty": None}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
            continue
        name, value = node.targets[0].id, node.value
        if name == "model" and isinstance(value, ast.Call) and ast.unparse(value.func) == "nn.Sequential":
            found["modules"] = [(ast.unparse(m.func), [literal_or_name(a) for a in m.args], literal_kwargs(m)) for m in value.args]
        elif name == "loss_fn":
            found["loss"] = ast.unparse(value.func)
        elif name == "optimizer":
            found["optimizer"] = (ast.unparse(value.func), [ast.literal_eval(a) for a in value.args[1:]], literal_kwargs(value))
        elif name == "loss" and isinstance(value, ast.BinOp) and isinstance(value.right, ast.BinOp):
            # loss = loss + rate * sum(w.pow(2).sum() ... ) or sum(w.abs().sum() ...)
            rate = ast.literal_eval(value.right.left)
            found["penalty"] = ("l2" if "pow(2)" in ast.unparse(value.right.right) else "l1", rate)
    return found


ACTIVATIONS = {
    "nn.ReLU": jax.nn.relu,
    "nn.Tanh": jnp.tanh,
    "nn.Sigmoid": jax.nn.sigmoid,
    "nn.ELU": jax.nn.elu,
    "nn.LeakyReLU": lambda z, slope=0.01: jnp.where(z >= 0, z, slope * z),
    "nn.Softmax": lambda z, dim=1: jax.nn.softmax(z, axis=dim),
}


WEIGHTED = ("nn.Linear", "nn.Conv2d", "nn.Conv1d", "nn.Embedding")


def pair(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def kernel_shape(name, args, kwargs):
    """The Keras layout of a weighted module's kernel, from its arguments."""
    if name == "nn.Linear" or name == "nn.Embedding":
        return tuple(args[:2])
    n = 2 if name == "nn.Conv2d" else 1
    return pair(args[2], n) + (args[0], args[1])


def conv(x, kernel, bias, stride, padding, n):
    """nn.Conv2d / nn.Conv1d: the Keras kernel as PyTorch's `out × in × kernel…`."""
    w = jnp.transpose(kernel, (n + 1, n) + tuple(range(n)))
    spec = ("NCHW", "OIHW", "NCHW") if n == 2 else ("NCH", "OIH", "NCH")
    pads = [(p, p) for p in pair(padding, n)]
    y = jax.lax.conv_general_dilated(x, w, pair(stride, n), pads, dimension_numbers=spec)
    return y + bias.reshape((1, -1) + (1,) * n)


def pool(x, size, stride, n, kind):
    window, strides = (1, 1) + pair(size, n), (1, 1) + pair(stride, n)
    if kind == "max":
        return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, window, strides, "VALID")
    return jax.lax.reduce_window(x, 0.0, jax.lax.add, window, strides, "VALID") / np.prod(pair(size, n))


def pad(x, pads, value):
    """nn.ConstantPad*d / F.pad: `(left, right)` pads the last axis, `(…, top, bottom)` the one before."""
    widths = [(0, 0)] * x.ndim
    for i in range(len(pads) // 2):
        widths[x.ndim - 1 - i] = (pads[2 * i], pads[2 * i + 1])
    return jnp.pad(x, widths, constant_values=value)


def forward(modules, params, x):
    """nn.Sequential's forward pass; `params`: (kernel in Keras's layout, bias) per weighted module."""
    layer = 0
    for name, args, kwargs in modules:
        if name in WEIGHTED:
            k, b = params[layer]
            layer += 1
            if name == "nn.Linear":
                x = x @ k + b
            elif name == "nn.Embedding":
                x = k[x.astype(jnp.int32)]
            else:
                n = 2 if name == "nn.Conv2d" else 1
                x = conv(x, k, b, kwargs.get("stride", 1), kwargs.get("padding", 0), n)
        elif name == "nn.Dropout":
            raise SystemExit("dropout is random: no step to compare")
        elif name == "nn.Unflatten":
            dim, shape = args
            x = x.reshape(x.shape[:dim] + tuple(shape) + x.shape[dim + 1:])
        elif name == "Permute":
            x = jnp.transpose(x, args)
        elif name == "nn.Flatten":
            start = args[0] if args else 1
            x = x.reshape(x.shape[:start] + (-1,))
        elif name in ("nn.ConstantPad2d", "nn.ConstantPad1d"):
            value = -jnp.inf if "inf" in str(args[1]) else args[1]
            x = pad(x, args[0], value)
        elif name in ("nn.MaxPool2d", "nn.MaxPool1d", "nn.AvgPool2d", "nn.AvgPool1d"):
            n = 2 if name.endswith("2d") else 1
            x = pool(x, args[0], kwargs.get("stride", args[0]), n, "max" if "Max" in name else "avg")
        elif name == "AveragePoolSame":
            # The mean of each window over the cells inside the input only.
            size, stride, pads = args
            n = len(size)
            ones = jnp.ones_like(x[:1, :1])
            x = pool(pad(x, pads, 0.0), size, stride, n, "avg") / pool(pad(ones, pads, 0.0), size, stride, n, "avg")
        elif name == "nn.AdaptiveAvgPool1d":
            assert args == [1], "the mean over the positions"
            x = jnp.mean(x, axis=2, keepdims=True)
        else:
            x = ACTIVATIONS[name](x, *args, **kwargs)
    return x


def loss_of(name, out, y):
    """The losses of torch.nn, each the mean over the batch (their default reduction)."""
    if name == "nn.BCEWithLogitsLoss":
        return jnp.mean(jnp.maximum(out, 0) - out * y + jnp.log1p(jnp.exp(-jnp.abs(out))))
    if name == "nn.CrossEntropyLoss":
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(out, axis=1), y[:, None], axis=1))
    if name == "nn.MSELoss":
        return jnp.mean((out - y) ** 2)
    if name == "nn.L1Loss":
        return jnp.mean(jnp.abs(out - y))
    if name == "nn.HuberLoss":  # delta 1
        d = jnp.abs(out - y)
        return jnp.mean(jnp.where(d < 1, 0.5 * d * d, d - 0.5))
    raise SystemExit(f"no reference for {name}")


def step(optimizer, w, g):
    """One update from a fresh optimizer state (step t = 1), by the PyTorch docs' pseudocode."""
    name, args, kw = optimizer
    lr = kw.get("lr", args[0] if args else None)
    if name == "torch.optim.SGD":
        # torch.optim.SGD: b_1 = g; with nesterov g = g + momentum * b, else g = b; w -= lr * g.
        mu = kw.get("momentum", 0.0)
        if mu:
            b = g
            g = g + mu * b if kw.get("nesterov") else b
        return w - lr * g
    if name == "Adam":
        # The script's own class (Keras's rule, its docstring): AdamW's w -= lr * wd * w;
        # m = (1 - b1) g, v = (1 - b2) g^2; w -= lr * sqrt(1 - b2) / (1 - b1) * m / (sqrt(v) + eps).
        # torch.optim.Adam's m_hat / (sqrt(v_hat) + eps) would put eps after the bias
        # correction: 5.6e-3 away from nnplay after one step on iris (lr 0.01).
        b1, b2 = kw["betas"]
        w = w - lr * kw.get("weight_decay", 0.0) * w
        m, v = (1 - b1) * g, (1 - b2) * g * g
        return w - lr * np.sqrt(1 - b2) / (1 - b1) * m / (np.sqrt(v) + kw["eps"])
    if name == "torch.optim.Adagrad":
        # torch.optim.Adagrad: state_sum = initial_accumulator_value + g^2;
        # w -= lr * g / (sqrt(state_sum) + eps).
        total = kw.get("initial_accumulator_value", 0.0) + g * g
        return w - lr * g / (np.sqrt(total) + kw.get("eps", 1e-10))
    if name == "RMSprop":
        # The script's own class (Keras's rule, written in the script): v = (1 - rho) g^2;
        # w -= lr * g / sqrt(v + eps). torch.optim.RMSprop would add eps after the root.
        v = (1 - kw["rho"]) * g * g
        return w - lr * g / np.sqrt(v + kw["eps"])
    raise SystemExit(f"no reference for {name}")


def main(script, model_file, batch_file, out_file):
    spec = read_script(open(script).read())
    weights = json.load(open(model_file))["weights"]
    batch = json.load(open(batch_file))
    # The weighted modules' kernels in Keras's layout (the model file's); nn.Linear(inputs,
    # units)'s first width perhaps a name (a vocabulary's).
    weighted = [(name, args, kw) for name, args, kw in spec["modules"] if name in WEIGHTED]
    assert len(weighted) == len(weights), f"{len(weighted)} weighted modules for {len(weights)} layers of weights"
    params = []
    for w, (name, args, kw) in zip(weights, weighted):
        if name == "nn.Linear" and isinstance(args[0], str):
            args = [len(w["kernel"]) // len(w["bias"]), args[1]]
        shape = kernel_shape(name, args, kw)
        assert np.prod(shape) == len(w["kernel"]), f"{name}{tuple(args)} for a kernel of {len(w['kernel'])}"
        params.append((jnp.asarray(np.reshape(w["kernel"], shape), jnp.float32), jnp.asarray(w["bias"], jnp.float32)))
    x = jnp.asarray(np.reshape(batch["x"], (-1, batch["inputs"])), jnp.float32)
    if spec["loss"] == "nn.CrossEntropyLoss":
        y = jnp.asarray(batch["y"], jnp.int32)
    else:
        y = jnp.asarray(batch["y"], jnp.float32).reshape(-1, 1)

    def loss(params):
        value = loss_of(spec["loss"], forward(spec["modules"], params, x), y)
        if spec["penalty"]:
            kind, rate = spec["penalty"]
            value = value + rate * sum(jnp.sum(w * w) if kind == "l2" else jnp.sum(jnp.abs(w)) for w, _ in params)
        return value

    grads = jax.grad(loss)(params)
    out = []
    for (w, b), (gw, gb) in zip(params, grads):
        w1 = step(spec["optimizer"], np.asarray(w, np.float64), np.asarray(gw, np.float64))
        b1 = step(spec["optimizer"], np.asarray(b, np.float64), np.asarray(gb, np.float64))
        out.append({"kernel": w1.ravel().tolist(), "bias": b1.tolist()})
    name, _, kw = spec["optimizer"]
    json.dump({"weights": out, "optimizer": f"{name}({', '.join(f'{k}={v}' for k, v in kw.items())})"}, open(out_file, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
