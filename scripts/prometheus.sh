#!/usr/bin/env bash
# Usage: scripts/prometheus.sh [prometheus|promtool]
# Prints the path of a Prometheus program (Apache-2.0) built from Prometheus's Go module at first use
# into zkop's cache (see go-tool.sh): the server (the default), which the end-to-end tier runs under
# the Prometheus Operator and an integration test runs on this machine to scrape live members, or
# promtool, which tests zkop's alerting rules on synthetic series; both from the same module, so the
# rules are tested by the Prometheus that evaluates them. The discovery plugins the module registers
# are replaced by Kubernetes discovery alone (static targets are always built in), which is all the
# operator's configuration uses and spares building every cloud's SDK. Debian's package cannot stand
# in: it is built without Kubernetes discovery, and refuses the configuration the operator writes
# (docs/adr/0124-prometheus-on-the-test-cluster.md). Module v0.305.0 is Prometheus 3.5.0, the newest
# the Prometheus Operator v0.85.0 lists as compatible. Override with PROMETHEUS_MODULE_VERSION.
set -euo pipefail
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

program="${1:-prometheus}"
case "$program" in
  prometheus | promtool) ;;
  *) echo "usage: scripts/prometheus.sh [prometheus|promtool]" >&2; exit 2 ;;
esac
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
  go_tool_build prometheus.sh github.com/prometheus/prometheus "$module_version" "$bin_dir" \
  "$program" "./cmd/$program" only_kubernetes_discovery
echo "$bin_dir/$program"
