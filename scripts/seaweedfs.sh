#!/usr/bin/env bash
# Prints the path of SeaweedFS's `weed` (Apache-2.0), an S3-compatible server the backup tests store
# into, building it from its Go module on first use (12-16 minutes cold on 2 cores) into zkop's cache
# (see go-tool.sh), as for ZooKeeper's jars. The module's go.mod has replace directives, which
# `go install m@v` refuses, so its source is built as the main module in a temporary copy. Override
# the version with SEAWEEDFS_VERSION.
set -euo pipefail
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

version="${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
bin_dir="$zkop_tools_dir/seaweedfs-$version"
go_tool_build seaweedfs.sh github.com/seaweedfs/seaweedfs "$version" "$bin_dir" weed ./weed
echo "$bin_dir/weed"
