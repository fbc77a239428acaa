#!/usr/bin/env bash
# Exercises the kubectl commands Kiln's users rely on against a RUNNING sandbox (it starts nothing):
#   sandbox/kubectl-check.sh <kubeconfig> [examples-dir]
# Each step checks kubectl's output and the script stops at the first failure, naming the step.
# The status steps stand in for the operator: they write the ModelDeployment's status themselves.
set -euo pipefail

KUBECONFIG_FILE=${1:?usage: kubectl-check.sh <kubeconfig of a running sandbox> [examples-dir]}
EXAMPLES=${2:-"$(cd "$(dirname "$0")/../examples" && pwd)"}
KUBECTL=${KUBECTL:-kubectl}
MD=image-classifier
work=$(mktemp -d)
watch_pid=
cleanup() {
  if [ -n "$watch_pid" ]; then kill "$watch_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A private discovery cache, so runs never see another server's cached resource lists.
k() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --cache-dir "$work/cache" --request-timeout=20s "$@"; }
step() { printf '== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
expect() { # expect <what> <pattern> <text>
  grep -Eq -- "$2" <<<"$3" || fail "$1: expected /$2/ in:"$'\n'"$3"
}

# Status writes: kubectl 1.24+ patches the status subresource directly; older clients (Debian's
# kubernetes-client is 1.20) PUT a status-only object to it with --raw, which the sandbox accepts.
if k patch --help 2>/dev/null | grep -q -- '--subresource'; then
  set_status() { k patch "md/$MD" --subresource=status --type merge -p "{\"status\":$1}" >/dev/null; }
else
  set_status() {
    printf '{"apiVersion":"kiln.dev/v1alpha1","kind":"ModelDeployment","metadata":{"name":"%s"},"status":%s}' \
      "$MD" "$1" >"$work/status.json"
    k replace --validate=false --raw "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments/$MD/status" \
      -f "$work/status.json" >/dev/null
  }
fi

step "kubectl version and discovery"
out=$(k version -o json 2>&1 || true)
expect "server version" '"gitVersion": "v1\.[0-9]+' "$out"
out=$(k api-resources --api-group=kiln.dev)
expect "api-resources lists the CRD with its short name" 'modeldeployments +md +kiln.dev/v1alpha1 +true +ModelDeployment' "$out"

step "get nodes -o wide"
out=$(k get nodes -o wide)
expect "GPU node" 'gpu-1 +True' "$out"
expect "NPU node" 'npu-1 +True' "$out"
out=$(k get node gpu-1 -o jsonpath='{.status.allocatable.nvidia\.com/gpu} {.spec.taints[0].key}')
expect "GPU node allocatable and taint" '^1 nvidia.com/gpu$' "$out"

step "apply -f (the sandbox does not serve OpenAPI, so client-side validation is off)"
out=$(k apply --validate=false -f "$EXAMPLES/image-classifier.yaml")
expect "apply creates" "modeldeployment.kiln.dev/$MD created" "$out"
out=$(k apply --validate=false -f "$EXAMPLES/image-classifier.yaml")
expect "re-apply is a no-op" "modeldeployment.kiln.dev/$MD unchanged" "$out"

step "get md (printer columns)"
out=$(k get md)
expect "table header" '^NAME +AGE +REVISION +VARIANT +PHASE +ACCELERATOR +READY +CANARY' "$out"
expect "table row" "^$MD " "$out"

step "get md -o yaml"
out=$(k get md "$MD" -o yaml)
expect "kind" '^kind: ModelDeployment' "$out"
expect "spec round-trips" 'uri: pvc://models/classifier/v3/model.onnx' "$out"
expect "server-set metadata" 'generation: 1' "$out"

step "patch --type merge"
out=$(k patch "md/$MD" --type merge -p '{"spec":{"serving":{"replicas":2}}}')
expect "patch" "modeldeployment.kiln.dev/$MD patched" "$out"
out=$(k get md "$MD" -o jsonpath='{.spec.serving.replicas} {.metadata.generation}')
expect "merge patch applied and generation bumped" '^2 2$' "$out"

step "scale (the scale subresource maps to spec.serving.replicas)"
out=$(k scale "md/$MD" --replicas=4)
expect "scale" "modeldeployment.kiln.dev/$MD scaled" "$out"
out=$(k get md "$MD" -o jsonpath='{.spec.serving.replicas} {.metadata.generation}')
expect "replicas written through the scale subresource" '^4 3$' "$out"

step "annotate (promote)"
out=$(k annotate "md/$MD" kiln.dev/promote=true)
expect "annotate" "modeldeployment.kiln.dev/$MD annotated" "$out"
out=$(k get md "$MD" -o jsonpath='{.metadata.annotations.kiln\.dev/promote} {.metadata.generation}')
expect "annotation stored, generation unchanged" '^true 3$' "$out"

step "get md -w sees a status change"
timeout 15 "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --cache-dir "$work/cache" get md -w --output-watch-events \
  >"$work/watch.out" 2>&1 &
watch_pid=$!
for _ in $(seq 1 50); do grep -q "ADDED" "$work/watch.out" 2>/dev/null && break; sleep 0.2; done
expect "watch lists the object first" "ADDED +$MD" "$(cat "$work/watch.out")"
set_status '{"phase":"Optimizing","currentRevision":"r1"}'
for _ in $(seq 1 50); do grep -q "Optimizing" "$work/watch.out" 2>/dev/null && break; sleep 0.2; done
kill "$watch_pid" 2>/dev/null || true
wait "$watch_pid" 2>/dev/null || true
watch_pid=
expect "watch streams the change with the printer columns" "MODIFIED +$MD +[0-9a-z]+ +r1 +Optimizing" \
  "$(cat "$work/watch.out")"

step "wait --for=condition=Ready"
out=$(k wait --for=condition=Ready "md/$MD" --timeout=1s 2>&1 || true)
expect "not Ready yet: wait times out" 'timed out' "$out"
set_status '{"phase":"Healthy","currentRevision":"r1","conditions":[{"type":"Ready","status":"True","reason":"Serving","message":"stable revision serves all traffic","lastTransitionTime":"2026-01-01T00:00:00Z"}]}'
out=$(k wait --for=condition=Ready "md/$MD" --timeout=20s)
expect "wait" "modeldeployment.kiln.dev/$MD condition met" "$out"
out=$(k get md "$MD")
expect "phase column" "$MD +[0-9a-z]+ +r1 +Healthy" "$out"

step "a Deployment's pods are placed on the simulated nodes (get pods -o wide)"
cat >"$work/deployment.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: kubectl-check-web}
spec:
  replicas: 2
  selector: {matchLabels: {app: kubectl-check-web}}
  template:
    metadata: {labels: {app: kubectl-check-web}}
    spec:
      containers:
        - name: web
          image: example/web:1
          resources: {requests: {cpu: "1", memory: 1Gi}}
YAML
out=$(k apply --validate=false -f "$work/deployment.yaml")
expect "deployment created" 'deployment.apps/kubectl-check-web created' "$out"
out=$(k wait --for=condition=Available deployment/kubectl-check-web --timeout=20s)
expect "deployment available" 'condition met' "$out"
out=$(k get pods -o wide -l app=kubectl-check-web)
expect "pods running on CPU nodes with loopback pod IPs" 'kubectl-check-web-[0-9a-f]+-[0-9]+ +Running +0 +[0-9a-z]+ +127\.[0-9]+\.[0-9]+\.[0-9]+ +cpu-[12]' "$out"
k delete deployment kubectl-check-web >/dev/null
for _ in $(seq 1 50); do
  [ -z "$(k get pods -l app=kubectl-check-web -o name)" ] && break
  sleep 0.2
done
expect "the deleted Deployment's pods are garbage-collected" '^$' "$(k get pods -l app=kubectl-check-web -o name)"

step "delete"
out=$(k delete md "$MD")
expect "delete" "modeldeployment.kiln.dev \"$MD\" deleted" "$out"
out=$(k get md "$MD" 2>&1 || true)
expect "gone" 'NotFound' "$out"

echo "kubectl check passed"
