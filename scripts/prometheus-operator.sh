#!/usr/bin/env bash
# Prints the directory holding the Prometheus Operator (Apache-2.0) that the end-to-end tier runs in
# the test cluster: `operator` and `prometheus-config-reloader`, built from the operator's module on
# first use into zkop's cache (see go-tool.sh), kept per version, with the CRDs of the same release
# that the tests use beside them in crds/: Prometheus, ServiceMonitor, PodMonitor, PrometheusRule, and
# Probe, which its Prometheus controller watches too (docs/adr/0124-prometheus-on-the-test-cluster.md).
# Override the version with PROMETHEUS_OPERATOR_VERSION.
set -euo pipefail
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

version="${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}"
module=github.com/prometheus-operator/prometheus-operator
bin_dir="$zkop_tools_dir/prometheus-operator-$version"

# Before a build: the module's go.mod points its API and client modules at their directories, which
# the module's archive leaves out (they are modules of their own); they are taken from the proxy at
# the version go.mod requires instead. After each build: the CRDs the tests install, as the
# release ships them.
prepare() {
  local work="$1" module_dir="$2" bin_dir="${3:-}"
  if [[ -z "$bin_dir" ]]; then
    (cd "$work" && go mod edit -dropreplace "$module/pkg/apis/monitoring" -dropreplace "$module/pkg/client")
    return 0
  fi
  rm -rf "$bin_dir/crds"
  mkdir -p "$bin_dir/crds"
  for kind in prometheuses servicemonitors podmonitors probes prometheusrules; do
    cp "$module_dir/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml" "$bin_dir/crds/"
  done
  chmod -R u+w "$bin_dir/crds"
}

go_tool_build prometheus-operator.sh "$module" "$version" "$bin_dir" prometheus-config-reloader \
  ./cmd/prometheus-config-reloader prepare
go_tool_build prometheus-operator.sh "$module" "$version" "$bin_dir" operator ./cmd/operator prepare
echo "$bin_dir"
