#!/usr/bin/env bash
# Installs, from Debian, the programs some tests drive, idempotently: chromium, the headless browser
# that loads `zkop ui`; buildah, which builds the operator image from deploy/image/Containerfile.
# Tests run this script when a program is missing. (Prometheus and promtool are built from their Go
# module by prometheus.sh: Debian's are a major release behind the cluster's.)
set -euo pipefail
packages=(chromium buildah)
bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "test tools" "${packages[@]}"
