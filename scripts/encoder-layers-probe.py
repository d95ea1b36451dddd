#!/usr/bin/env python3
"""Would the classifier gain from an earlier encoder layer's pooled output beside the last one's?

A measuring probe for docs/triage.md, not part of the product. It runs the reference encoder
(scripts/encoder-reference.py) once per text, keeps the pooled, L2-normalised output of every layer,
and trains scikit-learn's LinearSVC over TF-IDF n-grams plus 2 × the chosen layers' vectors: the shape of
the engine's encoder features (n-grams + the last layer's sentence vector).

    encoder-layers-probe.py ENCODER_DIR FIT.csv TEST.csv [--shots K]

CSV columns: text (or instruction) and label (or intent, or sentiment). With --shots K it trains on K rows a
class, five draws with fixed seeds, each variant on the same draws. Needs numpy, scipy and scikit-learn.
"""
import argparse
import csv
import importlib.util
import os

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

spec = importlib.util.spec_from_file_location(
    "reference", os.path.join(os.path.dirname(os.path.abspath(__file__)), "encoder-reference.py"))
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

VARIANTS = {  # layer 0 is the embeddings' output, the last (6 in MiniLM-L6) is today's sentence vector
    "n-grams only": [],
    "n-grams + last layer (today)": [-1],
    "n-grams + last + layer 5": [-1, 5],
    "n-grams + last + layer 4": [-1, 4],
    "n-grams + last + layer 3": [-1, 3],
}


def encode_layers(encoder, texts):
    """(texts, layers + 1, hidden): each layer's pooled, normalised output, in input order."""
    def every_layer(batch_ids):
        outputs = encoder.layer_outputs(batch_ids)
        mask = next(outputs)
        return np.stack([encoder.pool(x, mask) for x in outputs], 1)

    shape = (encoder.config["num_hidden_layers"] + 1, encoder.config["hidden_size"])
    return encoder.encode(texts, forward=every_layer, row_shape=shape)


def read(path):
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    text = next(k for k in ("text", "instruction") if k in rows[0])
    label = next(k for k in ("label", "intent", "sentiment") if k in rows[0])
    return [r[text] for r in rows], [r[label] for r in rows]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("encoder")
    parser.add_argument("fit")
    parser.add_argument("test")
    parser.add_argument("--shots", type=int)
    args = parser.parse_args()
    encoder = reference.Encoder(args.encoder)
    fit_x, fit_y = read(args.fit)
    test_x, test_y = read(args.test)
    fit_v, test_v = encode_layers(encoder, fit_x), encode_layers(encoder, test_x)
    in_scope = np.array([y in set(fit_y) for y in test_y])

    def accuracy(rows, layers):
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        texts = [fit_x[i] for i in rows]

        def features(x, vectors, fit):
            grams = hstack([chars.fit_transform(x) if fit else chars.transform(x),
                            words.fit_transform(x) if fit else words.transform(x)]).tocsr()
            norms = np.sqrt(grams.multiply(grams).sum(1)).A1 + 1e-9
            blocks = [csr_matrix(grams.multiply(1 / norms[:, None]))]
            blocks += [csr_matrix(2 * vectors[:, layer]) for layer in layers]
            return hstack(blocks).tocsr()

        svm = LinearSVC().fit(features(texts, fit_v[rows], True), [fit_y[i] for i in rows])
        predicted = svm.predict(features(test_x, test_v, False))
        return np.mean([p == y for p, y, m in zip(predicted, test_y, in_scope) if m])

    labels = np.array(fit_y)
    if args.shots:
        rng = np.random.default_rng(0)
        draws = [np.concatenate([rng.choice(np.flatnonzero(labels == c), min(args.shots, (labels == c).sum()),
                                            replace=False) for c in sorted(set(fit_y))]) for _ in range(5)]
    else:
        draws = [np.arange(len(fit_x))]
    print(f"{os.path.basename(args.test)}: {len(draws)} draw(s), in-scope accuracy (%)")
    for name, layers in VARIANTS.items():
        scores = [accuracy(rows, layers) for rows in draws]
        print(f"  {name:30s} {100 * np.mean(scores):5.1f}" + (f" ± {100 * np.std(scores):.1f}" if args.shots else ""))


if __name__ == "__main__":
    main()
