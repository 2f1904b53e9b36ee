#!/usr/bin/env bash
# Runs Helm, building it from the Go module proxy into .cache/tools/ on first use.
# Override the version with HELM_VERSION; the binary is kept per version.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.22.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin_dir="$root/.cache/tools/helm-$HELM_VERSION"
helm="$bin_dir/helm"

if [[ ! -x "$helm" ]]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "helm.sh: Go is needed to build Helm $HELM_VERSION; install Go or put a helm binary at $helm" >&2
    exit 1
  fi
  mkdir -p "$bin_dir"
  echo "helm.sh: building Helm $HELM_VERSION into $bin_dir (first use only)" >&2
  start=$(date +%s)
  GOBIN="$bin_dir" CGO_ENABLED=0 nice -n 19 go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "helm.sh: built in $(($(date +%s) - start))s" >&2
fi

exec "$helm" "$@"
