#!/usr/bin/env python3
"""An out-of-scope check from any labeled CSV, for the balanced unknown rule.

Takes the named labels out of training: their training rows join the validation
file as out-of-scope examples (with a sixth of the remaining training rows, fixed
seed), and their test rows stay in the test file as out-of-scope rows.

usage: scripts/out-of-scope-split.py TRAIN TEST TEXT_COLUMN LABEL_COLUMN LABEL,LABEL,... OUT_DIR
writes OUT_DIR/fit.csv, validation.csv and test.csv (columns text, label)
"""
import csv, os, random, sys

if len(sys.argv) != 7:
    sys.exit(__doc__)
train_path, test_path, text, label, held, out = sys.argv[1:]
held = set(held.split(","))
os.makedirs(out, exist_ok=True)


def read(path):
    with open(path, newline="") as f:
        return [(row[text], row[label]) for row in csv.DictReader(f)]


def write(name, rows):
    with open(os.path.join(out, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows)


train = read(train_path)
missing = held - {l for _, l in train}
if missing:
    sys.exit(f"no training rows labeled {', '.join(sorted(missing))}")
inside = [r for r in train if r[1] not in held]
random.seed(7)
random.shuffle(inside)
sixth = len(inside) // 6
write("fit.csv", inside[sixth:])
write("validation.csv", inside[:sixth] + [r for r in train if r[1] in held])
write("test.csv", read(test_path))
print(f"fit {len(inside) - sixth}, validation {sixth} in scope + {len(train) - len(inside)} out of scope")
