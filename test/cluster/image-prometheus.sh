#!/usr/bin/env bash
# Builds the images of the Prometheus stack the e2e tier runs in the test cluster, and prints their
# archives' paths, one a line (load them with load-image.sh):
#   zkop.test/prometheus-operator:VERSION          the operator (scripts/prometheus-operator.sh)
#   zkop.test/prometheus-config-reloader:VERSION   the sidecar the operator adds to Prometheus pods
#   zkop.test/prometheus:PROMVERSION               the Prometheus server (scripts/prometheus.sh)
# Each runs as 65534 with no shell; cached in .cache/cluster/images/ by a hash of the recipe and
# the binaries (docs/adr/0124-prometheus-on-the-test-cluster.md).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

operator_dir="$(bash "$root/scripts/prometheus-operator.sh")"
operator_version="$(basename "$operator_dir" | sed 's/^prometheus-operator-//')"
prometheus="$(bash "$root/scripts/prometheus.sh")"
prometheus_version="$("$prometheus" --version 2>&1 | sed -n 's/^prometheus, version \([0-9.]*\).*/\1/p')"
[ -n "$prometheus_version" ] || die "cannot tell the version of $prometheus"

# image NAME REF ENTRYPOINT BINARY...: the binaries under /bin with the libraries they link.
image() {
  local name="$1" ref="$2" entrypoint="$3" key out work
  shift 3
  key="$(cat "${BASH_SOURCE[0]}" "$oci_image" "$@" | sha256sum | cut -c1-12)"
  out="$images/$name-$key.tar"
  if [ ! -s "$out" ]; then
    work="$(mktemp -d "$images/.$name.XXXX")"
    chmod 0755 "$work" # the image's root: mktemp's 0700 would keep its user out
    mkdir -p "$work/bin" "$work/etc" "$work/tmp"
    chmod 1777 "$work/tmp"
    printf 'root:x:0:0:root:/:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' > "$work/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/etc/group"
    for binary in "$@"; do
      cp "$binary" "$work/bin/"
      # A static binary has no libraries to copy (ldd says so and fails).
      for lib in $(ldd "$binary" 2> /dev/null | grep -o '/[^ ]*' || true); do
        mkdir -p "$work$(dirname "$lib")"
        cp -L "$lib" "$work$lib"
      done
    done
    bash "$oci_image" "$work" "$ref" "$out.partial" --owner 0:0 --user 65534:65534 -- "$entrypoint"
    mv "$out.partial" "$out"
    rm -rf "$work"
    say "built $out"
  fi
  echo "$out"
}

image prometheus-operator "zkop.test/prometheus-operator:$operator_version" /bin/operator \
  "$operator_dir/operator"
image prometheus-config-reloader "zkop.test/prometheus-config-reloader:$operator_version" \
  /bin/prometheus-config-reloader "$operator_dir/prometheus-config-reloader"
image prometheus "zkop.test/prometheus:v$prometheus_version" /bin/prometheus "$prometheus"
