#!/usr/bin/env bash
# Installs what the test cluster's nodes need from Debian, idempotently: the container
# runtime (containerd + runc), the CNI plugins (bridge, host-local, loopback, portmap),
# the packet filter tools kube-proxy drives, what TLS generation and the scripts use, and
# mmdebstrap, which builds the images' Java root filesystem (jre-rootfs.sh).
# Needs root. Does not start any service: up.sh runs its own containerd per node.
set -euo pipefail
say() { echo "cluster prereqs: $*" >&2; }

packages=(containerd runc containernetworking-plugins iptables nftables conntrack iproute2 openssl util-linux procps kmod busybox-static mmdebstrap)
# Debian's containerd package would start its own daemon; the cluster runs its own.
bash "$(dirname "${BASH_SOURCE[0]}")/../../scripts/apt-install.sh" "cluster prereqs" "${packages[@]}"

fail=0
check() { "$@" >/dev/null 2>&1 || { say "not usable: $*"; fail=1; }; }
check test "$(stat -fc %T /sys/fs/cgroup)" = tmpfs -o "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs
check grep -qw overlay /proc/filesystems
check test -x /usr/lib/cni/bridge
check containerd --version
check runc --version
check test -d /proc/sys/net/bridge
exit "$fail"
