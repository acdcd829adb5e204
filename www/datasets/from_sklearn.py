"""Writes iris.csv, wine.csv, breast_cancer.csv and digits.csv from the CSV files inside
scikit-learn's wheel (sklearn/datasets/data/).

    pip download scikit-learn==1.9.1 --no-deps -d /tmp/sklearn-wheel
    python3 www/datasets/from_sklearn.py /tmp/sklearn-wheel/scikit_learn-1.9.1-*.whl

The wheel's files start with a line `rows,features,class names...` and end each row with
the class index. The files written here have a header of column names (scikit-learn's
feature names) and the class name in the last column. Feature values are copied as text,
unchanged. Standard library only.
"""

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

IRIS = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
WINE = [
    "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
    "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
    "od280/od315_of_diluted_wines", "proline",
]
MEASURES = [
    "radius", "texture", "perimeter", "area", "smoothness", "compactness",
    "concavity", "concave points", "symmetry", "fractal dimension",
]
CANCER = (
    [f"mean {m}" for m in MEASURES]
    + [f"{m} error" for m in MEASURES]
    + [f"worst {m}" for m in MEASURES]
)
DIGITS = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]

SETS = [
    # (file in the wheel, output, feature names, label column)
    ("iris.csv", "iris.csv", IRIS, "species"),
    ("wine_data.csv", "wine.csv", WINE, "class"),
    ("breast_cancer.csv", "breast_cancer.csv", CANCER, "diagnosis"),
]


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{path}: {len(rows)} rows x {len(header) - 1} features")


def main(wheel):
    out = Path(__file__).parent
    with zipfile.ZipFile(wheel) as z:
        for src, dst, names, label in SETS:
            text = z.read(f"sklearn/datasets/data/{src}").decode("utf-8")
            lines = list(csv.reader(io.StringIO(text)))
            n_rows, n_features, *classes = lines[0]
            assert int(n_features) == len(names), src
            rows = [r[:-1] + [classes[int(r[-1])]] for r in lines[1:] if r]
            assert len(rows) == int(n_rows), src
            write(out / dst, names + [label], rows)
        text = gzip.decompress(z.read("sklearn/datasets/data/digits.csv.gz")).decode("utf-8")
        # 64 pixel intensities (0..16) then the digit, all integers, no header line.
        rows = [r for r in csv.reader(io.StringIO(text)) if r]
        assert all(len(r) == 65 for r in rows)
        write(out / "digits.csv", DIGITS + ["digit"], rows)


if __name__ == "__main__":
    main(sys.argv[1])
