#!/usr/bin/env bash
# Prints the path of pravega/zookeeper-operator's manager binary (Apache-2.0), built from its Go module
# into zkop's cache on first use (see scripts/go-tool.sh), its CRD beside it in crds/. The peer
# benchmark (bench/peers.ts) runs it outside the test cluster against the cluster's API server, as
# the e2e tier runs cert-manager. Override the version with PRAVEGA_ZK_OPERATOR_VERSION.
set -euo pipefail
# shellcheck source=../../scripts/go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/go-tool.sh"

version="${PRAVEGA_ZK_OPERATOR_VERSION:-v0.2.15}"
bin_dir="$zkop_tools_dir/pravega-zookeeper-operator-$version"

copy_crds() {
  local module_dir="$2" bin_dir="${3:-}"
  [[ -n "$bin_dir" ]] || return 0
  rm -rf "$bin_dir/crds"
  cp -r "$module_dir/config/crd/bases" "$bin_dir/crds"
  chmod -R u+w "$bin_dir/crds"
}

go_tool_build pravega-operator.sh github.com/pravega/zookeeper-operator "$version" "$bin_dir" manager . copy_crds
echo "$bin_dir/manager"
