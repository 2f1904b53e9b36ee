# shellcheck shell=bash disable=SC2034
# Shared by the scripts of test/cluster: where the test cluster lives and how it
# is wired. Sourced, not run.
#
# Layout: one network namespace for the control plane (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler) holding the bridge of the node network,
# one network namespace per node (containerd, kubelet, kube-proxy, the node's pods),
# and a veth from the bridge to the machine so kubectl and the tests reach the
# apiserver. Nodes have no default route: nothing in the cluster reaches outside.
# Every process runs in a cgroup under /zkop-cluster, so down.sh finds all of them.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cluster_dir="$root/test/cluster"
# Packs a directory into an OCI image archive; zkop's operator image is packed by it too.
oci_image="$root/deploy/image/oci-image.sh"
bin="$root/.cache/cluster/bin"
images="$root/.cache/cluster/images"
kubeconfig="$root/.cache/cluster/kubeconfig"
state="${ZKOP_CLUSTER_STATE:-/var/lib/zkop-cluster}"
pki="$state/pki"

node_count="${ZKOP_CLUSTER_NODES:-3}"
cgroup_name="zkop-cluster"
cp_ns="zkop-cp"
bridge="zkbr0"
host_if="zkop0"
node_net_prefix="10.89.0"
apiserver_ip="$node_net_prefix.1"
host_ip="$node_net_prefix.254"
cluster_cidr="10.244.0.0/16"
service_cidr="10.96.0.0/16"
kubernetes_service_ip="10.96.0.1"
dns_service_ip="10.96.0.10"
sandbox_image="zkop.test/pause:3.10"
coredns_image="zkop.test/coredns:1.14.7"

node_name() { echo "node-$1"; }
node_ns() { echo "zkop-node-$1"; }
node_ip() { echo "$node_net_prefix.$((10 + $1))"; }
node_pod_cidr() { echo "10.244.$1.0/24"; }
node_dir() { echo "$state/nodes/$(node_name "$1")"; }
containerd_sock() { echo "$(node_dir "$1")/containerd.sock"; }

say() { echo "cluster: $*" >&2; }
die() { say "$*"; exit 1; }

# The cgroup v1 hierarchies the cluster's processes are placed in.
cgroup_hierarchies() {
  local h
  for h in cpu cpuacct cpuset memory devices freezer blkio pids systemd unified; do
    [ -d "/sys/fs/cgroup/$h" ] && echo "/sys/fs/cgroup/$h"
  done
}

# ensure_cgroup PATH   creates /zkop-cluster/PATH in every hierarchy
ensure_cgroup() {
  local h dir part
  for h in $(cgroup_hierarchies); do
    dir="$h"
    for part in $cgroup_name ${1//\// }; do
      dir="$dir/$part"
      if [ ! -d "$dir" ]; then
        mkdir "$dir"
        if [ -f "$dir/cpuset.cpus" ]; then
          cat "$(dirname "$dir")/cpuset.cpus" > "$dir/cpuset.cpus"
          cat "$(dirname "$dir")/cpuset.mems" > "$dir/cpuset.mems"
        fi
      fi
    done
  done
}

# running PID   the process exists and is not a zombie waiting to be reaped
running() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}

# pid_alive NAME   the process recorded for NAME runs
pid_alive() {
  local pid
  pid="$(cat "$state/pids/$1.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && running "$pid"
}

# start NAME CGROUP NETNS COMMAND...   runs COMMAND in the background inside the
# network namespace and cgroup, logging to $state/logs/NAME.log; records its pid. COMMAND gets no
# descriptor but its standard ones: one it inherited would stay open as long as the cluster runs, and
# a lock held on it (`flock LOCKFILE up.sh`) would never be released.
start() {
  local name="$1" cg="$2" ns="$3"
  shift 3
  if pid_alive "$name"; then return 0; fi
  ensure_cgroup "$cg"
  mkdir -p "$state/logs" "$state/pids"
  (
    for h in $(cgroup_hierarchies); do echo "$BASHPID" > "$h/$cgroup_name/$cg/cgroup.procs"; done
    for fd in $(ls /proc/$BASHPID/fd); do
      [ "$fd" -le 2 ] || eval "exec $fd>&-"
    done
    exec nsenter --net="/run/netns/$ns" "$@"
  ) >> "$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/$name.pid"
}

# stop NAME...   TERM the recorded processes of NAME..., KILL what still runs after 10s
stop() {
  local name pid pids=() left
  for name in "$@"; do
    pid="$(cat "$state/pids/$name.pid" 2>/dev/null)" || continue
    rm -f "$state/pids/$name.pid"
    if [ -n "$pid" ] && running "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  for _ in $(seq 1 100); do
    left=0
    for pid in "${pids[@]}"; do if running "$pid"; then left=1; fi; done
    [ "$left" = 1 ] || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}
names() { local f; for f in "$state"/pids/$1.pid; do [ -e "$f" ] && basename "$f" .pid; done; true; }

# delete_containers SOCKET   kills and deletes every container of a node's containerd,
# through containerd, so the shims clean up their state under /run/containerd
delete_containers() {
  local tasks ids id
  [ -S "$1" ] || return 0
  tasks=(ctr --address "$1" -n k8s.io tasks)
  ids="$("${tasks[@]}" ls -q 2>/dev/null || true)"
  for id in $ids; do "${tasks[@]}" kill -a -s SIGKILL "$id" > /dev/null 2>&1 || true; done
  for id in $ids; do "${tasks[@]}" delete -f "$id" > /dev/null 2>&1 || true; done
}

# kill_cgroup PATH   kills every process left under /zkop-cluster/PATH ("" for all),
# frozen first so nothing forks away meanwhile
kill_cgroup() {
  local pids_dir="/sys/fs/cgroup/pids/$cgroup_name/$1" freezer="/sys/fs/cgroup/freezer/$cgroup_name/$1" left pid
  for _ in $(seq 1 20); do
    left="$(find "$pids_dir" -name cgroup.procs -exec cat {} + 2>/dev/null || true)"
    [ -n "$left" ] || return 0
    if [ -d "$freezer" ]; then echo FROZEN > "$freezer/freezer.state"; fi
    for pid in $left; do kill -KILL "$pid" 2>/dev/null || true; done
    if [ -d "$freezer" ]; then echo THAWED > "$freezer/freezer.state"; fi
    sleep 0.2
  done
  say "processes left in the cgroup $cgroup_name/$1: $left"
}

# wait_for SECONDS WHAT COMMAND...   retries COMMAND once a second
wait_for() {
  local deadline=$((SECONDS + $1)) what="$2"
  shift 2
  until "$@" > /dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 1
  done
  say "$what after ${SECONDS}s"
}

# write_if_changed FILE   writes stdin to FILE unless FILE holds it already (running
# components watch their configuration files and stop when they change)
write_if_changed() {
  local tmp
  tmp="$(mktemp "$1.XXXX")"
  cat > "$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv -f "$tmp" "$1"; fi
}

kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
