#!/usr/bin/env bash
# Optimizer benchmark, run by hand (not in CI). Builds the runtime image, fetches the real classifier,
# generates the data, runs `optimize` on every variant side by side (once at 1 thread, once at 2) and prints
# the tables that the README's optimizer section shows.
#
# Usage: bench/optimize/run.sh [work-dir]        (default: runtime-image/target/bench-optimize)
# Environment: KILN_BENCH_RUNS (timed runs per variant, default 300), KILN_BENCH_RESNET=0 to skip ResNet-50,
# KILN_BENCH_CLASSIFIER=0 to skip the classifier, KILN_BENCH_COMPRESSION=gzip to store (and size) every variant
# gzip-compressed, as --artifact-compression gzip does.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=${1:-$root/runtime-image/target/bench-optimize}
runs=${KILN_BENCH_RUNS:-300}
compression=${KILN_BENCH_COMPRESSION:-none}
mkdir -p "$work"

mvn -B -q -pl runtime-image -am install -DskipTests
bash build-tools/fetch-models.sh
models=${KILN_MODEL_CACHE:-$HOME/.cache/kiln/models}
kiln() { java -jar runtime-image/target/quarkus-app/quarkus-run.jar "$@"; }
# Exit code 4 (goals not met) still writes a full report; anything else is a real failure.
optimize() { kiln optimize --artifact-compression "$compression" "$@" || [ $? -eq 4 ]; }

# 1. The real text-orientation classifier on 400 rendered lines (calibration: 200 other lines).
if [ "${KILN_BENCH_CLASSIFIER:-1}" != 0 ]; then
kiln dataset text-orientation --out "$work/data/validation" --count 400 --seed 1 >/dev/null
kiln dataset text-orientation --out "$work/data/calibration" --count 200 --seed 2 >/dev/null
for threads in 1 2; do
  optimize --model "$models/ch_ppocr_mobile_v2.0_cls_infer.onnx" --model-name classifier \
    --out "$work/classifier-t$threads" \
    --validation "$work/data/validation" --calibration "$work/data/calibration" \
    --resize 192x48:fit-pad --mean 0.5,0.5,0.5 --std 0.5,0.5,0.5 --channel-order BGR --layout NCHW \
    --passes auto --auto-passes graph,int8-dynamic,int8-static,fp16,prune+int8-dynamic,prune+int8-static:minmax \
    --latency-percentile 50 --threads "$threads" --warmup-runs 50 --latency-runs "$runs" --fallback-trials 0 --keep-variants \
    > "$work/classifier-t$threads.log"
done
fi

# 2. A ResNet-50-shaped model (v1.5 layout, seeded random weights), random inputs: agreement, not accuracy.
if [ "${KILN_BENCH_RESNET:-1}" != 0 ]; then
  kiln dataset resnet50 --out "$work/resnet50.onnx" --seed 1 >/dev/null
  kiln dataset random-npy --out "$work/data/resnet-validation.npy" --shape 16,3,224,224 --seed 1 >/dev/null
  kiln dataset random-npy --out "$work/data/resnet-calibration.npy" --shape 16,3,224,224 --seed 2 >/dev/null
  for threads in 1 2; do
    optimize --model "$work/resnet50.onnx" --model-name resnet50 --out "$work/resnet50-t$threads" \
      --validation "$work/data/resnet-validation.npy" --calibration "$work/data/resnet-calibration.npy" \
      --passes auto --auto-passes graph,int8-dynamic,int8-static:minmax,prune+int8-static:minmax \
      --latency-percentile 50 --threads "$threads" --warmup-runs 5 --latency-runs "$(( runs / 6 + 1 ))" --fallback-trials 0 --keep-variants \
      > "$work/resnet50-t$threads.log"
  done
fi

echo "Measured on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "Artifact compression: $compression (sizes are the bytes as stored)"
echo
if [ "${KILN_BENCH_CLASSIFIER:-1}" != 0 ]; then
  python3 bench/optimize/table.py "Text-orientation classifier (400 rendered lines)" \
    "$work/classifier-t1/report.json" "$work/classifier-t2/report.json"
fi
if [ "${KILN_BENCH_RESNET:-1}" != 0 ]; then
  python3 bench/optimize/table.py "ResNet-50-shaped model (random weights and inputs)" \
    "$work/resnet50-t1/report.json" "$work/resnet50-t2/report.json"
fi
