#!/usr/bin/env bash
# Builds the two images of pravega/zookeeper-operator for the test cluster and prints their archives
# (load them with test/cluster/load-image.sh):
#   zkop.test/pravega-zookeeper-operator:VERSION  its manager (pravega-operator.sh) alone, as zookeeper-operator
#   zkop.test/pravega-zookeeper:VERSION           its docker/Dockerfile adapted to build here: zkop's
#     zookeeper:3.9.4 (test/cluster/image-zookeeper.sh) instead of zookeeper:3.7.1, its docker/bin
#     scripts in /usr/local/bin, its `zu` helper built with Maven (zu/pom.xml) instead of Gradle in
#     /opt/libs, and dnsutils curl procps socat installed with apt-get in the image's Debian root
#     filesystem; ZooKeeper's logback.xml in a jar on the server's class path, as pravega's /conf
#     (a ConfigMap) carries only log4j files, which ZooKeeper 3.8+ does not read.
# See docs/adr/0170-pravega-operator-as-a-peer.md. Cached by a hash of the recipe. Needs root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../test/cluster/lib.sh
source "$here/../../test/cluster/lib.sh"

version="${PRAVEGA_ZK_OPERATOR_VERSION:-v0.2.15}"
zookeeper=3.9.4
manager="$(bash "$here/pravega-operator.sh")"
module="$(cd "$(go env GOMODCACHE)/github.com/pravega/zookeeper-operator@$version" && pwd)"
base="$(bash "$cluster_dir/image-zookeeper.sh" "$zookeeper" | tail -n 1)"
key="$(cat "${BASH_SOURCE[0]}" "$here/zu/pom.xml" "$base" "$manager" | sha256sum | cut -c1-12)"
operator_out="$images/pravega-zookeeper-operator-$version-$key.tar"
zookeeper_out="$images/pravega-zookeeper-$version-$key.tar"
if [ -s "$operator_out" ] && [ -s "$zookeeper_out" ]; then
  printf '%s\n%s\n' "$operator_out" "$zookeeper_out"
  exit 0
fi
rm -f "$images"/pravega-zookeeper-*.tar
work="$(mktemp -d "$images/.pravega.XXXX")"
trap 'umount "$work/rootfs/proc" 2>/dev/null || true; rm -rf "$work"' EXIT

# The operator: a static binary, as its chart runs it (command zookeeper-operator), not as root.
mkdir -p "$work/operator/usr/local/bin" "$work/operator/tmp"
install -m 0755 "$manager" "$work/operator/usr/local/bin/zookeeper-operator"
chmod 1777 "$work/operator/tmp"
nice -n 19 bash "$oci_image" "$work/operator" "zkop.test/pravega-zookeeper-operator:${version#v}" "$operator_out" \
  --user 65532:65532 --env PATH=/usr/local/bin:/usr/bin:/bin -- zookeeper-operator

# zu, from the module's sources.
say "building pravega's zu helper with Maven"
mkdir -p "$work/zu"
cp "$here/zu/pom.xml" "$work/zu/"
(cd "$work/zu" && nice -n 19 mvn -B -q -Dstyle.color=never "-Dzu.sources=$module/docker/zu/src/main/java" package >&2)

# json FILE EXPRESSION: a Python expression over the JSON document `d` in FILE; a list a line each.
json() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); r = eval(sys.argv[2])
print("\n".join(r) if isinstance(r, list) else r)' "$1" "$2"
}

# FROM zookeeper:3.9.4: its single layer unpacked, its environment and command kept.
mkdir -p "$work/image" "$work/rootfs"
tar -xf "$base" -C "$work/image"
blob() { echo "$work/image/blobs/${1/://}"; }
manifest="$(blob "$(json "$work/image/index.json" 'd["manifests"][0]["digest"]')")"
layer="$(blob "$(json "$manifest" 'd["layers"][0]["digest"]')")"
config="$(blob "$(json "$manifest" 'd["config"]["digest"]')")"
tar -xf "$layer" -C "$work/rootfs"
rootfs="$work/rootfs"

# RUN apt-get install -y dnsutils curl procps socat
say "installing dnsutils curl procps socat into pravega's ZooKeeper image"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount -t proc proc "$rootfs/proc"
nice -n 19 chroot "$rootfs" /bin/sh -c 'apt-get -q -o APT::Sandbox::User=root update >/dev/null &&
  DEBIAN_FRONTEND=noninteractive apt-get -q -y -o APT::Sandbox::User=root --no-install-recommends \
    install dnsutils curl procps socat >/dev/null &&
  rm -rf /var/lib/apt/lists/* /var/cache/apt/* /usr/share/doc/* /usr/share/man/*' >&2
umount "$rootfs/proc"
: > "$rootfs/etc/resolv.conf"

# COPY bin /usr/local/bin; COPY zu.jar /opt/libs/
install -m 0755 "$module"/docker/bin/*.sh "$rootfs/usr/local/bin/"
mkdir -p "$rootfs/opt/libs"
install -m 0644 "$work/zu/target/zu.jar" "$rootfs/opt/libs/zu.jar"
mkdir -p "$work/logging"
cp "$cluster_dir/zookeeper-image/logback.xml" "$work/logging/"
home="$(ls -d "$rootfs"/apache-zookeeper-*-bin)"
(cd "$work/logging" && python3 -m zipfile -c "$home/lib/zz-logback-config.jar" logback.xml)

env_args=()
while IFS= read -r e; do env_args+=(--env "$e"); done < <(json "$config" 'd["config"]["Env"]')
workdir="$(json "$config" 'd["config"]["WorkingDir"]')"
nice -n 19 bash "$oci_image" "$rootfs" "zkop.test/pravega-zookeeper:${version#v}" "$zookeeper_out" \
  --workdir "$workdir" "${env_args[@]}" --cmd zkServer.sh --cmd start-foreground -- /docker-entrypoint.sh
say "built $operator_out and $zookeeper_out"
printf '%s\n%s\n' "$operator_out" "$zookeeper_out"
