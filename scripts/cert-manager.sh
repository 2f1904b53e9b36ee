#!/usr/bin/env bash
# Prints the path of a cert-manager controller (Apache-2.0) that the end-to-end tier runs outside the
# test cluster to issue the certificates of ensembles whose spec.tls.issuerRef names a cert-manager
# issuer, building it on first use into zkop's cache (see go-tool.sh), kept per version and per main
# file; the CRDs of the same release lie beside it in crds/. cert-manager's own main package
# (cmd/controller) is a module the module proxy does not serve, so test/cluster/cert-manager/main.go,
# which wires cert-manager's controllers the way its main does, is built as a package of a temporary
# copy of the cert-manager module, with the dependencies that module pins
# (docs/adr/0034-cert-manager-in-the-e2e-tier.md). Override the version with CERT_MANAGER_VERSION.
set -euo pipefail
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

version="${CERT_MANAGER_VERSION:-v1.21.2}"
main="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/test/cluster/cert-manager/main.go"
bin_dir="$zkop_tools_dir/cert-manager-$version-$(sha256sum "$main" | cut -c1-12)"

# Before the build: our main as a package of the copy. After it: the release's CRDs beside the binary.
add_main_then_crds() {
  local work="$1" module_dir="$2" bin_dir="${3:-}"
  if [[ -z "$bin_dir" ]]; then
    mkdir -p "$work/cmd/zkop-controller"
    cp "$main" "$work/cmd/zkop-controller/main.go"
  else
    rm -rf "$bin_dir/crds"
    cp -r "$module_dir/deploy/crds" "$bin_dir/crds"
    chmod -R u+w "$bin_dir/crds"
  fi
}

go_tool_build cert-manager.sh github.com/cert-manager/cert-manager "$version" "$bin_dir" controller \
  ./cmd/zkop-controller add_main_then_crds
echo "$bin_dir/controller"
