#!/usr/bin/env bash
# The end-to-end tier: builds what is missing (cluster binaries, images; cached), brings
# the test cluster up, loads the images (tools, ZooKeeper, the operator: images.sh) into its nodes,
# runs test/cluster/*.test.ts and test/e2e/*.test.ts one file at a time against that one
# cluster, and always tears the cluster down. Exits with the test runner's code. Needs root.
#
# Environment: ZKOP_E2E_ZOOKEEPER_VERSIONS (images to build and load, default "3.9.4 3.8.3"),
# plus what up.sh reads.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" = 0 ] || die "needs root (the cluster runs in namespaces and cgroups); run: sudo bash $0"
t0=$SECONDS
cd "$root"

trap 'bash "$cluster_dir/down.sh" || say "down.sh failed; run it again"' EXIT
bash "$cluster_dir/up.sh"
built="$(bash "$cluster_dir/images.sh")"
mapfile -t archives <<< "$built"
bash "$cluster_dir/load-image.sh" "${archives[@]}"
say "cluster and images ready after $((SECONDS - t0))s"

shopt -s nullglob
files=(test/cluster/*.test.ts test/e2e/*.test.ts)
shopt -u nullglob
code=0
ZKOP_CLUSTER_KEEP=1 "$root/scripts/node" --test --test-concurrency=1 --test-reporter=spec \
  --test-timeout=1800000 "${files[@]}" || code=$?
say "tests finished with code $code after $((SECONDS - t0))s"
exit "$code"
