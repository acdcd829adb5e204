"""Reference classification/regression metrics from scikit-learn.

Run from the repo root:
    python tests/reference/metrics.py [OUT.json]
Writes tests/reference/metrics.json (or OUT.json).

Binary predictions are made with the rule "predict 1 when score >= threshold"
(so the score 0.5 counts as positive at threshold 0.5). Confusion matrices
have rows = true class, columns = predicted class (sklearn's convention),
classes in ascending order (binary: [[TN, FP], [FN, TP]]).
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn import metrics as M

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "metrics.json")

BIN_TRUE = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0]
BIN_SCORES = [0.1, 0.9, 0.35, 0.4, 0.8, 0.65, 0.55, 0.2, 0.05, 0.5, 0.7, 0.3]
TIE_TRUE = [0, 1, 0, 1, 1, 0]
TIE_SCORES = [0.5, 0.5, 0.2, 0.8, 0.5, 0.2]
MC_TRUE = [0, 1, 2, 2, 1, 0, 2, 1, 0, 2]
MC_PRED = [0, 2, 2, 2, 1, 0, 1, 1, 1, 2]
REG_TRUE = [3.0, -0.5, 2.0, 7.0, 4.2]
REG_PRED = [2.5, 0.0, 2.0, 8.0, 3.9]


def binary_block(threshold):
    y = np.array(BIN_TRUE)
    s = np.array(BIN_SCORES, dtype=np.float64)
    p = (s >= threshold).astype(int)
    cm = M.confusion_matrix(y, p, labels=[0, 1])
    (tn, fp), (fn, tp) = cm
    out = {
        "y_true": BIN_TRUE,
        "scores": BIN_SCORES,
        "threshold": threshold,
        "rule": "predict 1 when score >= threshold",
        "y_pred": p.tolist(),
        "accuracy": float(M.accuracy_score(y, p)),
        "precision": float(M.precision_score(y, p)),
        "recall": float(M.recall_score(y, p)),
        "f1": float(M.f1_score(y, p)),
        "confusion_matrix": cm.tolist(),
        "roc_auc": float(M.roc_auc_score(y, s)),
    }
    out.update(pr_block(BIN_TRUE, BIN_SCORES))
    # hand check
    assert out["accuracy"] == (tp + tn) / len(y)
    assert out["precision"] == tp / (tp + fp)
    assert out["recall"] == tp / (tp + fn)
    assert abs(out["f1"] - 2 * tp / (2 * tp + fp + fn)) < 1e-15
    return out


def pr_block(y, s):
    """Precision-recall curve (from the highest threshold down) and average precision."""
    precision, recall, _ = M.precision_recall_curve(y, s)
    ap = float(M.average_precision_score(y, s))
    # hand check: AP = sum over thresholds (descending) of (R_n - R_{n-1}) P_n
    p_desc, r_desc = precision[::-1], recall[::-1]
    assert abs(ap - sum((r_desc[i] - r_desc[i - 1]) * p_desc[i] for i in range(1, len(p_desc)))) < 1e-15
    return {
        "pr_recall": r_desc.tolist(),
        "pr_precision": p_desc.tolist(),
        "average_precision": ap,
    }


def auc_by_pairs(y, s):
    """AUC = P(score_pos > score_neg) + 0.5 P(tie), by brute force."""
    pos = [si for yi, si in zip(y, s) if yi == 1]
    neg = [si for yi, si in zip(y, s) if yi == 0]
    tot = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg)
    return tot / (len(pos) * len(neg))


def main():
    binary = binary_block(0.5)
    binary_03 = binary_block(0.3)
    assert abs(binary["roc_auc"] - auc_by_pairs(BIN_TRUE, BIN_SCORES)) < 1e-15

    ties = {
        "y_true": TIE_TRUE,
        "scores": TIE_SCORES,
        "roc_auc": float(M.roc_auc_score(TIE_TRUE, TIE_SCORES)),
        "note": "tied positive/negative scores count 1/2 (trapezoidal ROC)",
        **pr_block(TIE_TRUE, TIE_SCORES),
    }
    assert abs(ties["roc_auc"] - auc_by_pairs(TIE_TRUE, TIE_SCORES)) < 1e-15

    yt, yp = np.array(MC_TRUE), np.array(MC_PRED)
    multiclass = {"y_true": MC_TRUE, "y_pred": MC_PRED, "accuracy": float(M.accuracy_score(yt, yp))}
    for avg in ("macro", "micro"):
        multiclass[f"precision_{avg}"] = float(M.precision_score(yt, yp, average=avg))
        multiclass[f"recall_{avg}"] = float(M.recall_score(yt, yp, average=avg))
        multiclass[f"f1_{avg}"] = float(M.f1_score(yt, yp, average=avg))
    multiclass["confusion_matrix"] = M.confusion_matrix(yt, yp, labels=[0, 1, 2]).tolist()
    multiclass["note"] = ("macro = unweighted mean of per-class scores (macro f1 = mean of per-class f1, "
                          "not f1 of macro precision/recall); micro = from global TP/FP/FN counts "
                          "(equals accuracy for single-label multiclass)")
    assert multiclass["precision_micro"] == multiclass["accuracy"]

    rt, rp = np.array(REG_TRUE), np.array(REG_PRED)
    regression = {
        "y_true": REG_TRUE,
        "y_pred": REG_PRED,
        "mse": float(M.mean_squared_error(rt, rp)),
        "rmse": float(M.root_mean_squared_error(rt, rp)),
        "mae": float(M.mean_absolute_error(rt, rp)),
        "r2": float(M.r2_score(rt, rp)),
    }
    assert abs(regression["mse"] - np.mean((rt - rp) ** 2)) < 1e-15
    assert abs(regression["rmse"] - np.sqrt(regression["mse"])) < 1e-15
    assert abs(regression["r2"] - (1 - np.sum((rt - rp) ** 2) / np.sum((rt - rt.mean()) ** 2))) < 1e-15

    doc = {
        "generated_by": "tests/reference/metrics.py",
        "framework": f"scikit-learn {sklearn.__version__}",
        "notes": [
            "binary predictions: predict 1 when score >= threshold (the score 0.5 is positive at threshold 0.5)",
            "confusion_matrix: rows = true class, columns = predicted class, classes ascending; binary = [[TN, FP], [FN, TP]]",
            "precision/recall/f1 in the binary blocks are for the positive class 1",
            "roc_auc uses the raw scores (threshold-independent), so it is the same in both binary blocks",
            "pr_recall/pr_precision: precision_recall_curve from the highest threshold down, starting at (0, 1); average_precision: average_precision_score",
        ],
        "binary": binary,
        "binary_threshold_0_3": binary_03,
        "binary_ties": ties,
        "multiclass": multiclass,
        "regression": regression,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
