#!/bin/sh
# Purpose: start one 24/7 k6 runner pod of the k6-runner StatefulSet on its own slice of the load.
#   Pod i of N runs execution segment i/N:(i+1)/N of one shared segment sequence, so the N pods together send
#   exactly the configured rate (whatever N is) with no gap and no overlap, and each pod's series carry
#   pod/node/zone tags so they never overwrite each other in Prometheus, a namespace tag (for Prometheus setups that
#   scope queries and alerts by namespace) and a bundle tag (the first 12 hex digits of the bundle's sha256, so a
#   dashboard shows which engine build each pod runs).
# Prerequisites: POSIX sh and k6 on PATH (the runner image, k8s/image/Dockerfile); the bundle at $K6_SCRIPT.
# Usage (set by k8s/base/statefulset-k6-runner.yaml, all from the downward API or the kustomization):
#   POD_INDEX=1 RUNNER_REPLICAS=3 POD_NAME=k6-runner-1 POD_NAMESPACE=continuous-load NODE_NAME=n1 ZONE=eu-1a \
#     sh run-k6.sh [extra k6 flags]
#   POD_INDEX      the StatefulSet ordinal (label apps.kubernetes.io/pod-index); when empty (Kubernetes < 1.28)
#                  it is taken from the POD_NAME suffix, which is the same ordinal.
#   RUNNER_REPLICAS  the StatefulSet's spec.replicas, copied there by a kustomize replacement.
#   ZONE           the node's topology.kubernetes.io/zone as copied onto the pod (Kubernetes >= 1.35); when
#                  empty, ZONE_FALLBACK (a per-overlay value), else "unknown". Never a guess.
set -eu

fail() {
  echo "run-k6.sh: $*" >&2
  exit 64
}

is_count() {
  case "$1" in
    '' | *[!0-9]*) return 1 ;;
    *) return 0 ;;
  esac
}

: "${POD_NAME:?POD_NAME must be set (downward API metadata.name)}"
: "${NODE_NAME:?NODE_NAME must be set (downward API spec.nodeName)}"
: "${POD_NAMESPACE:?POD_NAMESPACE must be set (downward API metadata.namespace)}"
replicas="${RUNNER_REPLICAS:-}"
index="${POD_INDEX:-}"
if [ -z "$index" ]; then
  index="${POD_NAME##*-}"
fi
zone="${ZONE:-}"
if [ -z "$zone" ]; then
  zone="${ZONE_FALLBACK:-unknown}"
fi
script="${K6_SCRIPT:-/scripts/load.js}"

is_count "$replicas" || fail "RUNNER_REPLICAS must be a whole number, got '$replicas'"
[ "$replicas" -ge 1 ] || fail "RUNNER_REPLICAS must be at least 1, got '$replicas'"
is_count "$index" || fail "POD_INDEX must be a whole number, got '$index' (POD_NAME '$POD_NAME')"
# A pod beyond the configured count (someone ran 'kubectl scale' instead of changing the overlay) would send
# a duplicate slice: refuse to start, loudly, rather than double part of the traffic.
[ "$index" -lt "$replicas" ] || fail "POD_INDEX $index is not below RUNNER_REPLICAS $replicas: change spec.replicas in the overlay, not with kubectl scale"

# Fractions i/N written so that k6 reads them exactly (big.Rat): 0 and 1 stay whole numbers.
fraction() {
  if [ "$1" -eq 0 ]; then
    echo 0
  elif [ "$1" -eq "$replicas" ]; then
    echo 1
  else
    echo "$1/$replicas"
  fi
}

sequence=""
i=0
while [ "$i" -le "$replicas" ]; do
  sequence="${sequence:+$sequence,}$(fraction "$i")"
  i=$((i + 1))
done
segment="$(fraction "$index"):$(fraction $((index + 1)))"

# Go's soft memory limit at 90% of the container's (MEMORY_LIMIT_BYTES, downward API limits.memory): near the limit
# the GC works harder instead of the kernel OOM-killing k6, which would also lose its final stale markers.
if [ -z "${GOMEMLIMIT:-}" ] && is_count "${MEMORY_LIMIT_BYTES:-}"; then
  GOMEMLIMIT="$((MEMORY_LIMIT_BYTES / 10 * 9))"
  export GOMEMLIMIT
fi

# Which bundle this pod runs: the ConfigMap's hash suffix says it to kubectl, this tag says it on every series.
[ -r "$script" ] || fail "the bundle $script is not readable"
bundle_sum="$(sha256sum "$script")" || fail "sha256sum of $script failed"
bundle="$(printf '%s' "$bundle_sum" | cut -c1-12)"

echo "run-k6.sh: pod $POD_NAME (index $index of $replicas) on node $NODE_NAME in zone $zone runs segment $segment of bundle $bundle" >&2

# --quiet: with stdout not a terminal k6 otherwise writes its progress block (a header plus one line per scenario)
# every second, for the whole year the process runs.
exec k6 run \
  --quiet \
  --execution-segment="$segment" \
  --execution-segment-sequence="$sequence" \
  --summary-mode=disabled \
  --no-thresholds \
  --no-usage-report \
  --env MODE=continuous \
  --out experimental-prometheus-rw \
  --features native-histograms \
  --tag "pod=$POD_NAME" \
  --tag "node=$NODE_NAME" \
  --tag "zone=$zone" \
  --tag "namespace=$POD_NAMESPACE" \
  --tag "bundle=$bundle" \
  "$@" \
  "$script"
