#!/usr/bin/env bash
# Imports OCI or Docker image archives into the container runtime of every node of the
# running test cluster, so pods can use them with imagePullPolicy IfNotPresent (no
# registry is reachable). Build archives with oci-image.sh.
#   load-image.sh ARCHIVE.tar...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 ARCHIVE.tar..." >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root to reach the nodes' containerd; run: sudo bash $0 $*"
for archive in "$@"; do
  [ -f "$archive" ] || die "$archive: no such file"
done
loaded=0
for dir in "$state"/nodes/*/; do
  sock="$dir/containerd.sock"
  [ -S "$sock" ] || continue
  for archive in "$@"; do
    ctr --address "$sock" -n k8s.io images import "$archive" > /dev/null
  done
  loaded=$((loaded + 1))
done
[ "$loaded" -gt 0 ] || die "no running node found under $state/nodes; start the cluster with up.sh"
say "loaded $# image archive(s) into $loaded node(s)"
