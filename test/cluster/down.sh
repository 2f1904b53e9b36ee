#!/usr/bin/env bash
# Tears the test cluster down: stops every process it started (the recorded ones by
# pid, gracefully; then whatever is left in its cgroups: pods, shims), removes the
# pods' network namespaces, the cluster's network namespaces and veth, its mounts,
# cgroups and state, and puts back the kernel settings the kubelet changed.
# Safe to run again, and on a half-started cluster.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" = 0 ] || die "needs root; run: sudo bash $0"

t0=$SECONDS

# Nodes first (kube-proxy, kubelet, the containers, the runtime), then the control plane.
# shellcheck disable=SC2046
stop $(names 'kube-proxy-*') $(names 'kubelet-*')
for sock in "$state"/nodes/*/containerd.sock; do delete_containers "$sock"; done
# shellcheck disable=SC2046
stop $(names 'containerd-*')
stop kube-scheduler kube-controller-manager hostpath-provisioner
stop kube-apiserver
stop etcd

# Whatever still runs in the cluster's cgroups (containers and their shims).
kill_cgroup ""

# Pods' network namespaces are named cni-*; ours are the ones wired to a node namespace.
for file in /run/netns/cni-*; do
  [ -e "$file" ] || continue
  pod_ns="$(basename "$file")"
  if ip -n "$pod_ns" -o link show 2>/dev/null | grep -q 'link-netns zkop-node-'; then
    ip netns del "$pod_ns"
  fi
done
for file in /run/netns/zkop-node-*; do
  if [ -e "$file" ]; then ip netns del "$(basename "$file")"; fi
done
if [ -e "/run/netns/$cp_ns" ]; then ip netns del "$cp_ns"; fi
rm -rf /etc/netns/zkop-node-*
ip link del "$host_if" 2>/dev/null || true

# Mounts the kubelet and containerd made under the state directory, deepest first.
if [ -d "$state" ]; then
  for _ in 1 2 3; do
    mounts="$(findmnt -rn -o TARGET | grep -F "$state/" | sort -r || true)"
    [ -n "$mounts" ] || break
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done <<< "$mounts"
  done
fi

# Cgroups, deepest first (the kubelet's pod cgroups included).
for h in $(cgroup_hierarchies); do
  if [ -d "$h/$cgroup_name" ]; then find "$h/$cgroup_name" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  if [ -d "$h/$cgroup_name" ]; then say "could not remove cgroup $h/$cgroup_name"; fi
done

# The kubelet's container log links point into the state directory.
for link in /var/log/containers/*.log; do
  if [ -L "$link" ]; then case "$(readlink "$link")" in "$state"/*) rm -f "$link" ;; esac; fi
done

# The CNI result cache of the pods' networks ("zkop", containerd's "cni-loopback"), and the shared
# directories of containerd and the kubelet once nothing is left in them.
rm -f /var/lib/cni/results/zkop-* /var/lib/cni/results/cni-loopback-*
for dir in /run/containerd /var/lib/cni /var/log/containers; do
  if [ -d "$dir" ]; then find "$dir" -depth -type d -empty -delete; fi
done

if [ -s "$state/host-sysctls" ]; then
  while read -r tunable value; do echo "$value" > "/proc/sys/$tunable"; done < "$state/host-sysctls"
fi

if [ -d "$state" ]; then
  if findmnt -rn -o TARGET | grep -qF "$state/"; then
    die "mounts remain under $state; not removing it (see: findmnt | grep $state)"
  fi
  rm -rf --one-file-system "$state"
fi
rm -f "$kubeconfig"
say "down in $((SECONDS - t0))s"
