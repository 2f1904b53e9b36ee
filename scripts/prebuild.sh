#!/usr/bin/env bash
# Builds ahead what the integration and end-to-end tiers build on first use, in the order they first
# need it: promtool and Prometheus (the alert and scrape tests; prometheus.sh), the Debian programs
# the tests drive (test-tools.sh), SeaweedFS (the backup tests' S3 store), the test cluster's
# programs and images, the Prometheus Operator with the Prometheus images, and cert-manager. On a
# new machine these are mostly Go compiles, tens of minutes of CPU; scripts/test.sh starts this in
# the background when it runs every tier, at the lowest CPU priority, so they use the CPU the unit
# and integration tests leave idle while they wait on ZooKeeper.
# Each step is the script a test or e2e.sh runs itself: cached, one build at a time, so a test that
# needs something still being built waits for it, and a step that fails here is built again, and
# reported, by the test that needs it. Steps that need root (the cluster's) are left out without it.
# Prints a line per step; the steps' own output goes to .cache/prebuild.log.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$root/.cache/prebuild.log"
mkdir -p "$root/.cache"
: > "$log"

step() {
  local name="$1" start=$SECONDS
  shift
  if "$@" >> "$log" 2>&1; then
    echo "prebuild: $name ready after $((SECONDS - start))s" >&2
  else
    echo "prebuild: $name failed after $((SECONDS - start))s (log: $log); the test that needs it builds it again" >&2
  fi
}

step promtool bash "$root/scripts/prometheus.sh" promtool
step Prometheus bash "$root/scripts/prometheus.sh" prometheus
step "test tools" bash "$root/scripts/test-tools.sh"
step SeaweedFS bash "$root/scripts/seaweedfs.sh"
if [ "$(id -u)" = 0 ]; then
  step "cluster programs" bash -c 'bash "$1/test/cluster/prereqs.sh" && bash "$1/test/cluster/build.sh"' _ "$root"
  step "cluster images" bash "$root/test/cluster/images.sh"
  step "Prometheus images" bash "$root/test/cluster/image-prometheus.sh"
else
  step "Prometheus Operator" bash "$root/scripts/prometheus-operator.sh"
fi
step cert-manager bash "$root/scripts/cert-manager.sh"
