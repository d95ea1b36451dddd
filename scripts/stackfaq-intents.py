#!/usr/bin/env python3
"""StackFAQ's queries as a many-intent classification set, for dev checks only.

Each test-split query is labeled by its thread (t004q03 -> t004): 100 threads,
60% of each thread's queries for training and the rest for testing. The dev
split's 25 threads are out-of-scope: half go to the validation file (with one
in-scope query per thread, taken out of training) for the balanced unknown
rule, half to the test file with out-of-scope rows. Fixed seed.

usage: scripts/stackfaq-intents.py [DATA_DIR] OUT_DIR
"""
import csv, json, os, random, sys

data = sys.argv[1] if len(sys.argv) > 2 else "../shared/data/stackfaq"
out = sys.argv[-1]
if len(sys.argv) < 2:
    sys.exit(__doc__)
os.makedirs(out, exist_ok=True)


def read(name):
    with open(os.path.join(data, name)) as f:
        return [json.loads(line) for line in f]


def write(name, rows):
    with open(os.path.join(out, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows)


random.seed(11)
threads = {}
for query in read("queries_test.jsonl"):
    threads.setdefault(query["id"][:4], []).append(query["text"])
train, test, fit, validation = [], [], [], []
for thread, texts in threads.items():
    random.shuffle(texts)
    k = max(1, int(len(texts) * 0.6))
    train += [(t, thread) for t in texts[:k]]
    test += [(t, thread) for t in texts[k:]]
    validation.append((texts[0], thread))
    fit += [(t, thread) for t in texts[1:k]]
outside = [(q["text"], "out_of_scope") for q in read("queries_dev.jsonl")]
random.seed(11)
random.shuffle(outside)
half = len(outside) // 2
write("train.csv", train)  # every in-scope training query (model bench)
write("test.csv", test)  # in-scope test queries (model bench)
write("fit.csv", fit)  # training less one query a thread (model train --validation)
write("validation.csv", validation + outside[:half])
write("test-with-out-of-scope.csv", test + outside[half:])
print(f"{len(threads)} threads: train {len(train)}, test {len(test)}, fit {len(fit)}, "
      f"validation {len(validation) + half}, test with out-of-scope {len(test) + len(outside) - half}")
