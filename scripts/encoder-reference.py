#!/usr/bin/env python3
"""Reference sentence encoder in numpy, from the same files the Swift encoder loads.

Writes Tests/Fixtures/encoder/reference.json (token ids and vectors of varied
sentences) that the Swift tests compare against, or with --bench times single
sentences and batches of 256 on the same sentences as `ticketflow bench encoder`.

Usage:
  scripts/encoder-reference.py MODEL_DIR [--out FILE]
  scripts/encoder-reference.py MODEL_DIR --bench --sentences FILE.jsonl [--count N]

Tokenisation uses the `tokenizers` package when installed (an independent check
of the Swift tokenizer), else the small WordPiece below.
"""

import argparse
import json
import math
import os
import struct
import sys
import time
import unicodedata

import numpy as np

SENTENCES = [
    "How do I reset my password?",
    "I was charged twice for my subscription this month, please refund the duplicate charge.",
    "The app crashes every time I export to PDF!!! I need this fixed TODAY.",
    "Où est ma commande ? Je l'ai passée il y a deux semaines.",
    "Café, naïve façade, Ångström and résumé: accents should be stripped.",
    "My order #A-10423 hasn't arrived 😡 can you check the tracking? 📦",
    "我的订单还没有到，请帮我查一下。",
    "注文がまだ届いていません。Can someone help?",
    "Can I change the shipping address after checkout?",
    "unaffordable antidisestablishmentarianism supercalifragilisticexpialidocious",
    "Error 0x80070005: access denied when syncing C:\\Users\\ann\\Documents",
    "",
    "   ",
    "Ünïcödé   whitespace\tand\nnewlines\u00a0here",
    "SSO for a team of 40 people: do you support SAML with Okta?",
    " ".join(["The invoice total looks wrong and the tax line is duplicated."] * 40),
]


def read_safetensors(path):
    """Tensors by name as float32 arrays (F32, F16 and BF16 in the file)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    base = 8 + length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = data[base + start : base + end]
        dtype = info["dtype"]
        if dtype == "F32":
            array = np.frombuffer(raw, dtype="<f4")
        elif dtype == "F16":
            array = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        elif dtype == "BF16":
            array = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            continue  # position_ids (I64) and the like are not weights
        tensors[name] = array.reshape(info["shape"])
    return tensors


def load_json(directory, name, default=None):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return json.load(f)


class PyWordPiece:
    """BERT basic tokenisation plus WordPiece, for machines without `tokenizers`."""

    def __init__(self, vocab, lowercase, strip_accents):
        self.vocab, self.lowercase, self.strip_accents = vocab, lowercase, strip_accents

    @staticmethod
    def is_cjk(cp):
        ranges = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
                  (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
        return any(lo <= cp <= hi for lo, hi in ranges)

    @staticmethod
    def is_punct(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    def words(self, text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif self.is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = "".join(out)
        if self.lowercase:
            text = text.lower()
        if self.strip_accents:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        words = []
        for token in text.split():
            current = ""
            for ch in token:
                if self.is_punct(ch):
                    if current:
                        words.append(current)
                    words.append(ch)
                    current = ""
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def ids(self, text):
        result = []
        for word in self.words(text):
            if len(word) > 100:
                result.append(self.vocab["[UNK]"])
                continue
            pieces, start = [], 0
            while start < len(word):
                end, found = len(word), None
                while start < end:
                    piece = ("##" if start > 0 else "") + word[start:end]
                    if piece in self.vocab:
                        found = self.vocab[piece]
                        break
                    end -= 1
                if found is None:
                    pieces = [self.vocab["[UNK]"]]
                    break
                pieces.append(found)
                start = end
            result.extend(pieces)
        return result


class Encoder:
    def __init__(self, directory):
        self.config = load_json(directory, "config.json")
        st = load_json(directory, "sentence_bert_config.json", {})
        tok_config = load_json(directory, "tokenizer_config.json", {})
        self.max_length = min(
            st.get("max_seq_length") or tok_config.get("model_max_length") or 512,
            self.config["max_position_embeddings"],
        )
        pooling = load_json(directory, "1_Pooling/config.json", {"pooling_mode_mean_tokens": True})
        self.cls_pooling = bool(pooling.get("pooling_mode_cls_token"))
        self.w = read_safetensors(os.path.join(directory, "model.safetensors"))
        if not any(k.startswith("embeddings.") for k in self.w):  # "bert." prefixed checkpoints
            self.w = {k.split(".", 1)[1] if k.startswith("bert.") else k: v for k, v in self.w.items()}
        self.tokenizer_name = "python-wordpiece"
        try:
            from tokenizers import Tokenizer

            self.tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
            self.tokenizer.no_padding()
            self.tokenizer.no_truncation()
            self.tokenizer_name = "tokenizers"
        except ImportError:
            with open(os.path.join(directory, "vocab.txt"), encoding="utf-8") as f:
                vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
            lower = tok_config.get("do_lower_case", True)
            strip = tok_config.get("strip_accents")
            self.tokenizer = PyWordPiece(vocab, lower, lower if strip is None else strip)

    def token_ids(self, text):
        if self.tokenizer_name == "tokenizers":
            ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        else:
            ids = self.tokenizer.ids(text)
        return [101] + ids[: self.max_length - 2] + [102]

    def layer_norm(self, x, prefix):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        eps = self.config.get("layer_norm_eps", 1e-12)
        return (x - mean) / np.sqrt(var + eps) * self.w[prefix + ".weight"] + self.w[prefix + ".bias"]

    def dense(self, x, prefix):
        return x @ self.w[prefix + ".weight"].T + self.w[prefix + ".bias"]

    def layer_outputs(self, batch_ids):
        """The padding mask, then the token vectors after the embeddings and after each layer, for token-id
        lists padded to the longest (a generator, so a caller keeps only what it needs)."""
        n, length = len(batch_ids), max(len(ids) for ids in batch_ids)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, seq in enumerate(batch_ids):
            ids[i, : len(seq)] = seq
            mask[i, : len(seq)] = 1
        w, heads = self.w, self.config["num_attention_heads"]
        hidden = self.config["hidden_size"]
        head = hidden // heads
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self.layer_norm(x, "embeddings.LayerNorm")
        yield mask
        yield x
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in range(self.config["num_hidden_layers"]):
            p = f"encoder.layer.{layer}."

            def split(t):
                return t.reshape(n, length, heads, head).transpose(0, 2, 1, 3)

            q = split(self.dense(x, p + "attention.self.query"))
            k = split(self.dense(x, p + "attention.self.key"))
            v = split(self.dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(head)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
            x = self.layer_norm(x + self.dense(context, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            inner = gelu(self.dense(x, p + "intermediate.dense"))
            x = self.layer_norm(x + self.dense(inner, p + "output.dense"), p + "output.LayerNorm")
            yield x

    def pool(self, x, mask):
        """L2-normalised sentence vectors from token vectors, as the model's pooling says."""
        if self.cls_pooling:
            pooled = x[:, 0]
        else:
            pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def forward(self, batch_ids):
        """Normalised vectors for token-id lists, padded to the longest."""
        outputs = self.layer_outputs(batch_ids)
        mask = next(outputs)
        for x in outputs:
            pass
        return self.pool(x, mask)

    def encode(self, texts, batch_size=32, forward=None, row_shape=None):
        """Like sentence-transformers' encode: sorted by length, batches of 32. `forward` (default: the
        sentence vectors) maps a batch of token-id lists to one row of `row_shape` per list."""
        forward = forward or self.forward
        ids = [self.token_ids(t) for t in texts]
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        out = np.zeros((len(ids), *(row_shape or (self.config["hidden_size"],))), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = forward([ids[i] for i in chunk])
        return out


try:
    from scipy.special import erf
except ImportError:  # Abramowitz-Stegun 7.1.26, |error| < 1.5e-7
    def erf(x):
        sign, x = np.sign(x), np.abs(x)
        t = 1.0 / (1.0 + 0.3275911 * x)
        poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        return sign * (1.0 - poly * np.exp(-x * x))


def gelu(x):
    return (0.5 * x * (1.0 + erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)


def percentile(values, p):
    """Nearest rank, as SupportMetrics.percentile in Swift."""
    ordered = sorted(values)
    return ordered[min(max(math.ceil(p / 100 * len(ordered)) - 1, 0), len(ordered) - 1)]


def bench(encoder, path, count):
    with open(path) as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()][:count]
    encoder.encode(texts[:8])  # warm-up
    latencies, cpu = [], time.process_time()
    for text in texts:
        started = time.perf_counter()
        encoder.encode([text])
        latencies.append((time.perf_counter() - started) * 1000)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"numpy openblas_threads={threads} tokenizer={encoder.tokenizer_name}")
    print(f"numpy single sentences={len(texts)} sentences_per_s={len(texts) / (sum(latencies) / 1000):.1f} "
          f"p50_ms={percentile(latencies, 50):.3f} p99_ms={percentile(latencies, 99):.3f} "
          f"cpu_ms={(time.process_time() - cpu) * 1000 / len(texts):.3f}")
    batches, started, cpu = 0, time.perf_counter(), time.process_time()
    for start in range(0, len(texts), 256):
        encoder.encode(texts[start : start + 256])
        batches += 1
    seconds = time.perf_counter() - started
    print(f"numpy batch256 sentences={len(texts)} batches={batches} sentences_per_s={len(texts) / seconds:.1f} "
          f"cpu_ms={(time.process_time() - cpu) * 1000 / len(texts):.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures",
                                                      "encoder", "reference.json"))
    parser.add_argument("--bench", action="store_true")
    parser.add_argument("--sentences", help="JSONL with a text field (bench)")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    encoder = Encoder(args.model_dir)
    if args.bench:
        if not args.sentences:
            sys.exit("--bench needs --sentences FILE.jsonl")
        bench(encoder, args.sentences, args.count)
        return
    vectors = encoder.encode(SENTENCES)
    cases = [
        {"text": text, "ids": encoder.token_ids(text), "vector": [round(float(v), 6) for v in vector]}
        for text, vector in zip(SENTENCES, vectors)
    ]
    # CLS pooling (as bge-small-en-v1.5 configures it) on the same weights, for a few sentences.
    encoder.cls_pooling = True
    for case, vector in zip(cases[:4], encoder.encode(SENTENCES[:4])):
        case["cls_vector"] = [round(float(v), 6) for v in vector]
    fixture = {
        "model": "all-MiniLM-L6-v2",
        "tokenizer": encoder.tokenizer_name,
        "max_sequence_length": encoder.max_length,
        "generated_by": "scripts/encoder-reference.py",
        "cases": cases,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {args.out} (tokenizer: {encoder.tokenizer_name})")


if __name__ == "__main__":
    main()
