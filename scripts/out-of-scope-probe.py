#!/usr/bin/env python3
"""Would a Mahalanobis distance beside the confidence find out-of-scope texts better?

A measuring probe for docs/triage.md, not part of the product. It trains scikit-learn's LinearSVC over
TF-IDF n-grams plus 2 × the reference encoder's sentence vector (the shape of the engine's encoder
features), reads confidence as the softmax of its scores at temperature 0.3, and compares out-of-scope
scores under the balanced rule: the threshold that maximises the mean of in-scope accuracy (a rejected
row counts as wrong) and out-of-scope recall on the validation rows, applied to the test rows.

    out-of-scope-probe.py ENCODER_DIR SPLIT_DIR

SPLIT_DIR holds fit.csv, validation.csv and test.csv or test-with-out-of-scope.csv, as written by
scripts/stackfaq-intents.py and scripts/out-of-scope-split.py; a row whose label is not in fit.csv is
out of scope. Needs numpy, scipy and scikit-learn.
"""
import argparse
import importlib.util
import os

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score
from sklearn.svm import LinearSVC


def load(name):
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(here, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The layers probe has loaded the reference encoder already; one copy of each serves both.
layers_probe = load("encoder-layers-probe")
reference, read = layers_probe.reference, layers_probe.read


def balanced(validation, test):
    """(in-scope accuracy, out-of-scope recall) on test at the threshold the balanced rule picks on validation.
    Each argument is (score, in_scope, correct), arrays over rows; a higher score means more in scope."""
    score, in_scope, correct = validation

    def average(threshold):
        return np.mean(correct[in_scope] & (score[in_scope] >= threshold)) + np.mean(score[~in_scope] < threshold)

    threshold = max(np.unique(score), key=average)
    score, in_scope, correct = test
    return (100 * np.mean(correct[in_scope] & (score[in_scope] >= threshold)),
            100 * np.mean(score[~in_scope] < threshold))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("encoder")
    parser.add_argument("split")
    args = parser.parse_args()
    test_file = next(f for f in ("test-with-out-of-scope.csv", "test.csv")
                     if os.path.exists(os.path.join(args.split, f)))
    sets = {name: read(os.path.join(args.split, file))
            for name, file in (("fit", "fit.csv"), ("validation", "validation.csv"), ("test", test_file))}
    encoder = reference.Encoder(args.encoder)
    vectors = {name: np.asarray(encoder.encode(texts), dtype=np.float64) for name, (texts, _) in sets.items()}
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)

    def features(name):
        texts, fit = sets[name][0], name == "fit"
        grams = hstack([chars.fit_transform(texts) if fit else chars.transform(texts),
                        words.fit_transform(texts) if fit else words.transform(texts)]).tocsr()
        norms = np.sqrt(grams.multiply(grams).sum(1)).A1 + 1e-9
        return hstack([csr_matrix(grams.multiply(1 / norms[:, None])), csr_matrix(2 * vectors[name])]).tocsr()

    fit_labels = np.array(sets["fit"][1])
    svm = LinearSVC().fit(features("fit"), fit_labels)
    labels = sorted(set(fit_labels))
    means = np.stack([vectors["fit"][fit_labels == c].mean(0) for c in labels])
    spread = vectors["fit"] - means[[labels.index(c) for c in fit_labels]]
    covariance = spread.T @ spread / len(spread)

    rows = {}
    for name in ("validation", "test"):
        z = svm.decision_function(features(name)) / 0.3
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        gold = np.array(sets[name][1])
        rows[name] = (p.max(1), np.isin(gold, labels), svm.classes_[p.argmax(1)] == gold)
    in_scope = rows["test"][1]
    print(f"{test_file}: in-scope accuracy {100 * np.mean(rows['test'][2][in_scope]):.1f}, "
          f"{(~in_scope).sum()} out-of-scope rows; balanced in-scope / out-of-scope (average), AUROC")

    def report(label, scores):
        validation = (scores["validation"],) + rows["validation"][1:]
        test = (scores["test"],) + rows["test"][1:]
        accuracy, recall = balanced(validation, test)
        auroc = roc_auc_score(in_scope, scores["test"])
        print(f"  {label:48s} {accuracy:5.1f} / {recall:5.1f} ({(accuracy + recall) / 2:5.1f})  {auroc:.3f}")

    report("confidence (the engine's score)", {name: rows[name][0] for name in rows})
    for shrink in (0.1, 0.3, 0.6):
        shrunk = (1 - shrink) * covariance + shrink * np.trace(covariance) / len(covariance) * np.eye(len(covariance))
        precision = np.linalg.inv(shrunk)
        distance = {}
        for name in rows:
            difference = vectors[name][:, None, :] - means[None, :, :]
            distance[name] = -np.einsum("nkd,de,nke->nk", difference, precision, difference).min(1)
        report(f"Mahalanobis alone, shrinkage {shrink}", distance)
        # The weight is chosen by the balanced rule on the validation rows alone.
        centre, scale = distance["validation"].mean(), distance["validation"].std()

        def combined(weight):
            return {name: rows[name][0] + weight * (distance[name] - centre) / scale for name in rows}

        def validation_average(weight):
            scores = combined(weight)["validation"]
            return sum(balanced((scores,) + rows["validation"][1:], (scores,) + rows["validation"][1:]))

        weight = max((0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0), key=validation_average)
        report(f"confidence + {weight} × Mahalanobis, shrinkage {shrink}", combined(weight))


if __name__ == "__main__":
    main()
