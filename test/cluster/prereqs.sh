#!/usr/bin/env bash
# Installs what the test cluster's nodes need from Debian, idempotently: the container
# runtime (containerd + runc), the CNI plugins (bridge, host-local, loopback, portmap),
# the packet filter tools kube-proxy drives, what TLS generation and the scripts use, and
# mmdebstrap, which builds the images' Java root filesystem (jre-rootfs.sh).
# Needs root. Does not start any service: up.sh runs its own containerd per node.
set -euo pipefail
say() { echo "cluster prereqs: $*" >&2; }

packages=(containerd runc containernetworking-plugins iptables nftables conntrack iproute2 openssl util-linux procps kmod busybox-static mmdebstrap)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { say "installing ${missing[*]} needs root; run: sudo bash $0"; exit 1; }
  say "installing ${missing[*]}"
  # Debian's containerd package would try to start its own daemon; the cluster runs its own.
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e "$policy" ] && had_policy=1
  [ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
  trap '[ "$had_policy" = 1 ] || rm -f "$policy"' EXIT
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

fail=0
check() { "$@" >/dev/null 2>&1 || { say "not usable: $*"; fail=1; }; }
check test "$(stat -fc %T /sys/fs/cgroup)" = tmpfs -o "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs
check grep -qw overlay /proc/filesystems
check test -x /usr/lib/cni/bridge
check containerd --version
check runc --version
check test -d /proc/sys/net/bridge
exit "$fail"
