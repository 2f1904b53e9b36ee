#!/usr/bin/env bash
# Installs, from Debian, the programs some tests drive, idempotently: promtool (package prometheus),
# which checks zkop's alerting rules against synthetic series, and the prometheus server binary of
# the same package, which a test runs to scrape live members; chromium, the headless browser that
# loads `zkop ui`; buildah, which builds the operator image from deploy/image/Containerfile. Tests
# run this script when a program is missing. Starts no service (the prometheus package would start
# a Prometheus server; tests start their own).
set -euo pipefail
packages=(prometheus chromium buildah)
bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "test tools" "${packages[@]}"
