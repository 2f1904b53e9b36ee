#!/usr/bin/env bash
# Prints the path of the Prometheus server (Apache-2.0) that the end-to-end tier runs under the
# Prometheus Operator, built from its Go module on first use into zkop's cache (see go-tool.sh) with
# Kubernetes service discovery only: the discovery plugins the module registers are replaced by that
# one, which is all the operator's configuration uses and spares building every cloud's SDK. Debian's
# package cannot stand in: it is built without Kubernetes discovery, and refuses the configuration the
# operator writes (docs/adr/0124-prometheus-on-the-test-cluster.md). Module v0.305.0 is Prometheus
# 3.5.0, the newest the Prometheus Operator v0.85.0 lists as compatible. Override the module version
# with PROMETHEUS_MODULE_VERSION.
set -euo pipefail
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

module_version="${PROMETHEUS_MODULE_VERSION:-v0.305.0}"
# The module's v0.MINOR.PATCH is Prometheus 3.(MINOR-300).PATCH.
minor="${module_version#v0.}"
release="3.$((10#${minor%%.*} - 300)).${minor#*.}"
bin_dir="$zkop_tools_dir/prometheus-$release"

only_kubernetes_discovery() {
  local work="$1" bin_dir="${3:-}"
  [[ -z "$bin_dir" ]] || return 0
  printf 'package plugins\n\nimport _ "github.com/prometheus/prometheus/discovery/kubernetes"\n' \
    > "$work/plugins/plugins.go"
}

go_tool_ldflags="-X github.com/prometheus/common/version.Version=$release" \
  go_tool_build prometheus-server.sh github.com/prometheus/prometheus "$module_version" "$bin_dir" \
  prometheus ./cmd/prometheus only_kubernetes_discovery
echo "$bin_dir/prometheus"
