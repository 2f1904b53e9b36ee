#!/usr/bin/env bash
# Copies the generated CRDs (deploy/crds/) into the Helm chart, which installs them from its files/.
# Run after `scripts/node scripts/gen-crd.ts`; a test fails while the copies differ.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cp "$root"/deploy/crds/*.yaml "$root/deploy/helm/zkop/files/crds/"
