#!/usr/bin/env bash
# Prints the path of SeaweedFS's `weed` (Apache-2.0), an S3-compatible server the backup tests store
# into, building it from its Go module on first use (12-16 minutes cold on 2 cores) into zkop's cache
# ($ZKOP_CACHE_DIR, else $XDG_CACHE_HOME/zkop, else ~/.cache/zkop, as for ZooKeeper's jars), so that
# every clone on the machine shares it; the binary is kept per version. The module's go.mod has
# replace directives, which `go install m@v` refuses, so its source is built as the main module in a
# temporary copy. Override the version with SEAWEEDFS_VERSION.
set -euo pipefail

version="${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
module=github.com/seaweedfs/seaweedfs
cache="${ZKOP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zkop}"
bin_dir="$cache/tools/seaweedfs-$version"
weed="$bin_dir/weed"

if [[ ! -x "$weed" ]]; then
  mkdir -p "$bin_dir"
  exec 9>"$bin_dir/.build-lock"
  flock 9
  if [[ ! -x "$weed" ]]; then
    echo "seaweedfs.sh: building SeaweedFS $version into $bin_dir (first use only)" >&2
    start=$(date +%s)
    dir="$(GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    cp -r "$dir/." "$work/"
    chmod -R u+w "$work"
    (cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod nice -n 19 go build -trimpath -o "$bin_dir/weed.partial" ./weed)
    mv "$bin_dir/weed.partial" "$weed"
    echo "seaweedfs.sh: built in $(($(date +%s) - start))s" >&2
  fi
fi
echo "$weed"
