#!/usr/bin/env bash
# Serve benchmark: in-process OrtSession.run at batch 1 versus the HTTP server at concurrency 1, 8 and 32, on the
# real text-orientation classifier, same intra-op threads, side by side in one run. Builds what it needs, prints a
# table, and stops the server it started.
# Usage: bench/serve/run.sh   (env: THREADS=1 DURATION=10 PORT=18180 MAX_BATCH=8 BATCH_DELAY_MICROS=0)
set -euo pipefail
cd "$(dirname "$0")/../.."

threads="${THREADS:-1}"
duration="${DURATION:-10}"
port="${PORT:-18180}"
max_batch="${MAX_BATCH:-8}"
batch_delay="${BATCH_DELAY_MICROS:-0}"
cache="${KILN_MODEL_CACHE:-$HOME/.cache/kiln/models}"
model="$cache/ch_ppocr_mobile_v2.0_cls_infer.onnx"
work="$(mktemp -d)"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "bench: wrk is not installed (Debian: apt-get install -y wrk)" >&2; exit 1; }
bash build-tools/fetch-models.sh "$cache" >/dev/null
if [ ! -f runtime-image/target/quarkus-app/quarkus-run.jar ] || [ "${SKIP_BUILD:-}" != "1" ]; then
  mvn -B -q -pl runtime-image -am install -DskipTests >&2
fi
classpath='runtime-image/target/quarkus-app/lib/main/*'

echo "bench: in-process baseline (${duration}s, threads=$threads)" >&2
baseline=$(java -cp "$classpath" bench/serve/InProcessBench.java "$model" "$threads" "$duration" "$work")

java -jar runtime-image/target/quarkus-app/quarkus-run.jar serve --model "$model" --name cls --port "$port" \
  --threads "$threads" --max-batch "$max_batch" --batch-delay-micros "$batch_delay" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/v2/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
url="http://127.0.0.1:$port/v2/models/cls/infer"

# Sums and counts of the server's own histograms, to split each row's latency into server-side parts.
scrape() {
  curl -s "http://127.0.0.1:$port/q/metrics" | awk '
    /^kiln_inference_request_seconds_sum\{/ {rs=$2} /^kiln_inference_request_seconds_count\{/ {rc=$2}
    /^kiln_inference_compute_seconds_sum\{/ {cs=$2} /^kiln_inference_compute_seconds_count\{/ {cc=$2}
    /^kiln_inference_batch_size_sum\{/ {bs=$2}
    END {print rs+0, rc+0, cs+0, cc+0, bs+0}'
}

# Mean server-side latency (ms), mean compute per run (ms) and requests per run between two scrapes.
server_side() {
  awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " ");
    rc = y[2] - x[2]; cc = y[4] - x[4];
    printf "%.3f %.3f %.2f", rc ? 1000 * (y[1] - x[1]) / rc : 0, cc ? 1000 * (y[3] - x[3]) / cc : 0, cc ? (y[5] - x[5]) / cc : 0}'
}

load() { # body-file header-length connections seconds
  local wrk_threads=$(( $3 < 2 ? 1 : 2 ))
  BODY_FILE="$1" HEADER_LENGTH="$2" wrk -t"$wrk_threads" -c"$3" -d"$4"s --timeout 10s -s bench/serve/post.lua "$url" \
    | awk '/^RESULT/ {print $2, $3, $4, $5}'
}

header_length=$(cat "$work/request.bin.header-length")
echo "bench: warming the server up" >&2
load "$work/request.bin" "$header_length" 8 3 >/dev/null
load "$work/request.json" "" 1 2 >/dev/null

read -r base_rps base_p50 base_p99 <<<"$(echo "$baseline" | awk '{print $2, $3, $4}')"
rows=("in-process OrtSession.run, batch 1|1|$base_rps $base_p50 $base_p99 0 - - -")
server_row() { # label body-file header-length connections
  echo "bench: $1, concurrency $4 (${duration}s)" >&2
  local before after result
  before=$(scrape)
  result=$(load "$2" "$3" "$4" "$duration")
  after=$(scrape)
  rows+=("$1|$4|$result $(server_side "$before" "$after")")
}
for c in 1 8 32; do
  server_row "server, binary tensor data" "$work/request.bin" "$header_length" "$c"
done
for c in 1 8; do
  server_row "server, JSON tensor data" "$work/request.json" "" "$c"
done

echo
echo "Model: ch_ppocr_mobile_v2.0_cls_infer.onnx, input [1,3,48,192] FP32; intra-op threads: $threads;"
echo "server: --max-batch $max_batch --batch-delay-micros $batch_delay; $(nproc) CPU cores; ${duration}s per row."
echo
printf '| %-34s | %4s | %7s | %7s | %7s | %7s | %11s | %9s | %10s | %8s | %4s |\n' "mode" "conc" "req/s" "p50 ms" "p99 ms" "ratio" "p50 overhead" "server ms" "compute ms" "req/run" "errs"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "------------------------------------" "------" "---------" "---------" "---------" "---------" "-------------" "-----------" "------------" "----------" "------"
for row in "${rows[@]}"; do
  IFS='|' read -r mode c numbers <<<"$row"
  read -r rps p50 p99 errors server compute per_run <<<"$numbers"
  ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "%.2fx", a / b}')
  overhead=$(awk -v a="$p50" -v b="$base_p50" 'BEGIN {printf "%+.3f ms", a - b}')
  printf '| %-34s | %4s | %7s | %7s | %7s | %7s | %11s | %9s | %10s | %8s | %4s |\n' "$mode" "$c" "$rps" "$p50" "$p99" "$ratio" "$overhead" "$server" "$compute" "$per_run" "$errors"
done
echo
echo "ratio and p50 overhead are against the in-process row. server ms: mean server-side latency of an infer request"
echo "(kiln_inference_request_seconds); compute ms: mean model run (kiln_inference_compute_seconds); req/run: requests"
echo "per model run (kiln_inference_batch_size). Load average while running: $(cut -d' ' -f1-3 /proc/loadavg)."
