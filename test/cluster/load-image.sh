#!/usr/bin/env bash
# Imports OCI or Docker image archives into the container runtime of every node of the
# running test cluster, so pods can use them with imagePullPolicy IfNotPresent (no
# registry is reachable). Build archives with deploy/image/oci-image.sh. An image a node holds already
# (same name, same digest) is not imported again.
#   load-image.sh ARCHIVE.tar...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 ARCHIVE.tar..." >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root to reach the nodes' containerd; run: sudo bash $0 $*"
for archive in "$@"; do
  [ -f "$archive" ] || die "$archive: no such file"
done

# present SOCKET ARCHIVE   the node holds the archive's image already: its one image name
# (from oci-image.sh's index.json) with the same manifest digest
present() {
  local index name digest
  index="$(tar -xOf "$2" index.json 2> /dev/null)" || return 1
  name="$(grep -o '"io.containerd.image.name":"[^"]*"' <<< "$index" | cut -d'"' -f4)"
  digest="$(grep -o '"digest":"sha256:[0-9a-f]*"' <<< "$index" | cut -d'"' -f4)"
  [ "$(wc -w <<< "$name")" = 1 ] && [ "$(wc -w <<< "$digest")" = 1 ] || return 1
  ctr --address "$1" -n k8s.io images ls "name==$name" 2> /dev/null | awk 'NR > 1 { print $3 }' | grep -qx "$digest"
}

loaded=0 skipped=0
for dir in "$state"/nodes/*/; do
  sock="$dir/containerd.sock"
  [ -S "$sock" ] || continue
  for archive in "$@"; do
    if present "$sock" "$archive"; then
      skipped=$((skipped + 1))
    else
      ctr --address "$sock" -n k8s.io images import "$archive" > /dev/null
    fi
  done
  loaded=$((loaded + 1))
done
[ "$loaded" -gt 0 ] || die "no running node found under $state/nodes; start the cluster with up.sh"
say "loaded $# image archive(s) into $loaded node(s) ($skipped already there)"
