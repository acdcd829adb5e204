"""Five Adam and AdamW steps in float64, by the textbook update rules (plain Python, no
framework), as the reference for nnplay's f32 optimizer.

Run from the repo root:
    python3 tests/reference/adam_f64.py [OUT.json]
Writes tests/reference/adam_f64.json (or OUT.json).

Problem: six parameters w, gradient g = A w - b for a fixed symmetric A and b (the
gradient of 0.5 wᵀA w - bᵀw), so each step's gradient depends on the steps before. Learning
rate 0.05, beta_1 0.9, beta_2 0.999, epsilon 1e-7 (Keras's defaults), AdamW weight decay
0.004. Keras's Adam (keras/src/optimizers/adam.py) computes, at step t = 1, 2, ...:
    m = m + (g - m) (1 - beta_1);  v = v + (g² - v) (1 - beta_2)
    alpha = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)
    w = w - alpha m / (sqrt(v) + epsilon)
and AdamW first decays w = w - w * weight_decay * lr. The hyperparameters are given as the
f32 values nnplay holds (0.05 is 0.0500000007450580596923828125 in f32, and so on), so that
the comparison measures nnplay's arithmetic, not the rounding of its inputs.
"""
import json
import math
import struct
import sys


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


A = [
    [2.0, 0.3, 0.0, -0.2, 0.1, 0.0],
    [0.3, 1.5, 0.4, 0.0, 0.0, 0.2],
    [0.0, 0.4, 3.0, 0.5, 0.0, 0.0],
    [-0.2, 0.0, 0.5, 1.0, 0.3, 0.0],
    [0.1, 0.0, 0.0, 0.3, 2.5, -0.4],
    [0.0, 0.2, 0.0, 0.0, -0.4, 1.8],
]
B = [1.0, -2.0, 0.5, 3.0, -1.5, 0.25]
W0 = [0.5, -0.75, 1.25, -1.0, 2.0, -0.5]
STEPS = 5
LR, BETA_1, BETA_2, EPS, DECAY = (f32(v) for v in (0.05, 0.9, 0.999, 1e-7, 0.004))


def gradient(w):
    return [sum(A[i][j] * w[j] for j in range(6)) - B[i] for i in range(6)]


def run(decay):
    w = list(W0)
    m = [0.0] * 6
    v = [0.0] * 6
    out = []
    for t in range(1, STEPS + 1):
        g = gradient(w)
        if decay:
            w = [wi - wi * DECAY * LR for wi in w]
        m = [mi + (gi - mi) * (1 - BETA_1) for mi, gi in zip(m, g)]
        v = [vi + (gi * gi - vi) * (1 - BETA_2) for vi, gi in zip(v, g)]
        alpha = LR * math.sqrt(1 - BETA_2**t) / (1 - BETA_1**t)
        w = [wi - alpha * mi / (math.sqrt(vi) + EPS) for wi, mi, vi in zip(w, m, v)]
        out.append(list(w))
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "tests/reference/adam_f64.json"
    data = {
        "notes": [
            "Written by tests/reference/adam_f64.py: plain float64 Python, no framework.",
            "gradient = A w - b; weights after each of 5 steps; hyperparameters as f32 values.",
        ],
        "a": A,
        "b": B,
        "w0": W0,
        "learning_rate": 0.05,
        "weight_decay": 0.004,
        "adam": run(False),
        "adamw": run(True),
    }
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
