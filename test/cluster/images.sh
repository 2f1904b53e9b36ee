#!/usr/bin/env bash
# Builds the images the end-to-end tier loads into the cluster's nodes and prints their archives, one
# a line: the test clients' (image-tools.sh), ZooKeeper's for each version in
# ZKOP_E2E_ZOOKEEPER_VERSIONS (default "3.9.4 3.8.3"; image-zookeeper.sh) and the operator's as users
# build it (npm run image). Each is cached. One run at a time: scripts/prebuild.sh may be building
# them when e2e.sh asks, and a second run waits for the first. Needs root.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" = 0 ] || die "needs root (image files owned by the images' users); run: sudo bash $0"
bash "$cluster_dir/prereqs.sh"
mkdir -p "$images"
exec 8>"$images/.lock"
flock 8
bash "$cluster_dir/image-tools.sh" >&2
echo "$images/tools.tar"
for version in ${ZKOP_E2E_ZOOKEEPER_VERSIONS:-3.9.4 3.8.3}; do
  bash "$cluster_dir/image-zookeeper.sh" "$version"
done
bash "$root/deploy/image/build.sh" | tail -n 1
