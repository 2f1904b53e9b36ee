#!/usr/bin/env bash
# Fails and restores one node of the running test cluster, for node-failure tests.
#   node.sh stop NAME    the node dies: kube-proxy, kubelet, its containers and its
#                        containerd stop and its network link goes down; the control
#                        plane marks it NotReady after the node monitor grace period
#   node.sh start NAME   the link comes back and up.sh starts what is missing
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { echo "usage: $0 stop|start node-N" >&2; exit 2; }
[ $# -eq 2 ] || usage
[ "$(id -u)" = 0 ] || die "needs root; run: sudo bash $0 $*"
action="$1" name="$2"
i="${name#node-}"
case "$i" in '' | *[!0-9]*) usage ;; esac
[ -e "/run/netns/$(node_ns "$i")" ] || die "$name is not a node of the running cluster (see: kubectl get nodes)"

case "$action" in
  stop)
    stop "kube-proxy-$name" "kubelet-$name"
    delete_containers "$(containerd_sock "$i")"
    stop "containerd-$name"
    kill_cgroup "$name"
    ip -n "$cp_ns" link set "veth-n$i" down
    say "$name stopped"
    ;;
  start)
    ip -n "$cp_ns" link set "veth-n$i" up
    nodes="$(find "$state/nodes" -mindepth 1 -maxdepth 1 -name 'node-*' | wc -l)"
    ZKOP_CLUSTER_NODES="$nodes" bash "$cluster_dir/up.sh"
    ;;
  *) usage ;;
esac
