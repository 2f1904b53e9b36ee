#!/usr/bin/env bash
# Builds the root filesystem the ZooKeeper images share: Debian bookworm minbase with
# Java 17's headless runtime, without documentation, manuals, locales or apt caches.
# (Java's alternatives need /usr/share/man/man1 while installing, so it exists until the end.)
# Prints its directory, .cache/cluster/images/jre-rootfs-<hash of this script>;
# cached: does nothing when that directory is complete. Needs root.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" = 0 ] || die "needs root to build a root filesystem; run: sudo bash $0"
key="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
out="$images/jre-rootfs-$key"
if [ -f "$out/.complete" ]; then
  echo "$out"
  exit 0
fi
bash "$cluster_dir/prereqs.sh"
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
[ -f "$sources" ] || die "no apt sources on this machine ($sources); mmdebstrap needs them to reach Debian"

mkdir -p "$images"
rm -rf "$images"/jre-rootfs-*
tmp="$out.tmp"
rm -rf "$tmp"
say "building the Java 17 root filesystem (a few minutes)"
# shellcheck disable=SC2016 # the hooks' $1 is the root directory, expanded by mmdebstrap
nice -n 19 mmdebstrap --variant=minbase --include=openjdk-17-jre-headless \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/lintian/*' \
  --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook='rm -rf "$1"/usr/share/man' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/cache/debconf/*-old "$1"/var/log/*' \
  bookworm "$tmp" "$sources" > "$images/jre-rootfs.log" 2>&1 ||
  { tail -n 30 "$images/jre-rootfs.log" >&2; die "mmdebstrap failed (log: $images/jre-rootfs.log)"; }
touch "$tmp/.complete"
mv "$tmp" "$out"
say "built $out ($(du -sm "$out" | cut -f1) MB)"
echo "$out"
