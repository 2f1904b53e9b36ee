#!/usr/bin/env bash
# Builds a ZooKeeper image laid out like the official `zookeeper` image, tagged
# zookeeper:VERSION: user and group zookeeper (1000:1000); /conf, /data, /datalog, /logs;
# ZooKeeper under /apache-zookeeper-VERSION-bin (bin/zkServer.sh, bin/zkCli.sh, lib/*.jar
# as zkop fetches them); an entrypoint that writes /conf/zoo.cfg from the ZOO_* variables
# and /data/myid from ZOO_MY_ID; default command `zkServer.sh start-foreground`. Java 17
# from the shared Debian root filesystem (jre-rootfs.sh).
#   image-zookeeper.sh VERSION    prints the archive's path; load it with load-image.sh
# Cached in .cache/cluster/images/zookeeper-VERSION-<hash of the recipe>.tar. Needs root.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# = 1 ] || { echo "usage: $0 VERSION" >&2; exit 2; }
version="$1"
[ "$(id -u)" = 0 ] || die "needs root to build image files owned by zookeeper; run: sudo bash $0 $*"
recipe=("${BASH_SOURCE[0]}" "$cluster_dir/jre-rootfs.sh" "$oci_image" "$cluster_dir/zookeeper-jars.ts"
  "$cluster_dir"/zookeeper-image/*)
key="$(cat "${recipe[@]}" | sha256sum | cut -c1-12)"
out="$images/zookeeper-$version-$key.tar"
if [ -s "$out" ]; then
  echo "$out"
  exit 0
fi

jars="$(nice -n 19 "$root/scripts/node" "$cluster_dir/zookeeper-jars.ts" "$version")" ||
  die "could not fetch ZooKeeper $version (see above)"
# The logging config the release's own image carries: logback.xml since 3.8, log4j.properties before.
logging="$("$root/scripts/node" "$cluster_dir/zookeeper-jars.ts" --logging "$version")" ||
  die "could not tell how ZooKeeper $version logs (see above)"
case "$logging" in
  logback) logging_config=logback.xml ;;
  log4j) logging_config=log4j.properties ;;
  *) die "ZooKeeper $version logs through '$logging', for which the image has no config" ;;
esac
if ! grep -q '/zookeeper-prometheus-metrics-' <<< "$jars"; then
  say "no Prometheus metrics provider for ZooKeeper $version (Maven publishes none):" \
    "manifests for this image need spec.monitoring.metrics: false"
fi
base="$(bash "$cluster_dir/jre-rootfs.sh")"

work="$(mktemp -d "$images/.zookeeper-$version.XXXX")"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
cp -a "$base" "$rootfs"
rm -f "$rootfs/.complete"

echo 'zookeeper:x:1000:1000::/home/zookeeper:/usr/sbin/nologin' >> "$rootfs/etc/passwd"
echo 'zookeeper:x:1000:' >> "$rootfs/etc/group"
echo 'zookeeper:!:19000::::::' >> "$rootfs/etc/shadow"

home="/apache-zookeeper-$version-bin"
image_files="$cluster_dir/zookeeper-image"
mkdir -p "$rootfs$home/bin" "$rootfs$home/lib"
while IFS= read -r jar; do cp "$jar" "$rootfs$home/lib/"; done <<< "$jars"
install -m 0644 "$image_files/zkEnv.sh" "$rootfs$home/bin/zkEnv.sh"
install -m 0755 "$image_files/zkServer.sh" "$image_files/zkCli.sh" "$rootfs$home/bin/"
install -m 0755 "$image_files/docker-entrypoint.sh" "$rootfs/docker-entrypoint.sh"
mkdir -p "$rootfs/conf" "$rootfs/data" "$rootfs/datalog" "$rootfs/logs"
install -m 0644 "$image_files/$logging_config" "$rootfs/conf/$logging_config"
chown -R 1000:1000 "$rootfs/conf" "$rootfs/data" "$rootfs/datalog" "$rootfs/logs" "$rootfs$home"

java_home=/usr/lib/jvm/java-17-openjdk-amd64
[ -x "$rootfs$java_home/bin/java" ] || die "no Java at $java_home in $base"
envs=(
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$home/bin"
  "JAVA_HOME=$java_home" LANG=C.UTF-8
  ZOO_CONF_DIR=/conf ZOO_DATA_DIR=/data ZOO_DATA_LOG_DIR=/datalog ZOO_LOG_DIR=/logs
  ZOO_TICK_TIME=2000 ZOO_INIT_LIMIT=5 ZOO_SYNC_LIMIT=2
  ZOO_AUTOPURGE_PURGEINTERVAL=0 ZOO_AUTOPURGE_SNAPRETAINCOUNT=3 ZOO_MAX_CLIENT_CNXNS=60
  ZOO_STANDALONE_ENABLED=true ZOO_ADMINSERVER_ENABLED=true ZOOCFGDIR=/conf
)
env_args=()
for e in "${envs[@]}"; do env_args+=(--env "$e"); done
rm -f "$images/zookeeper-$version-"*.tar
nice -n 19 bash "$oci_image" "$rootfs" "zookeeper:$version" "$out" --workdir "$home" "${env_args[@]}" \
  --cmd zkServer.sh --cmd start-foreground -- /docker-entrypoint.sh
say "built $out ($(du -m "$out" | cut -f1) MB)"
echo "$out"
