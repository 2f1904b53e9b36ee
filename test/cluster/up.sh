#!/usr/bin/env bash
# Brings up the test cluster: builds what is missing (cached), then starts etcd, the
# control plane, the volume provisioner and ZKOP_CLUSTER_NODES nodes (containerd +
# kubelet + kube-proxy each) and CoreDNS, writes .cache/cluster/kubeconfig and waits
# until the apiserver is ready, every node is Ready and cluster DNS answers.
# Safe to run again: what runs already is left alone.
#
# Environment: ZKOP_CLUSTER_NODES (default 3), ZKOP_CLUSTER_STATE (default
# /var/lib/zkop-cluster). Needs root (namespaces, cgroups, mounts).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" = 0 ] || die "needs root for network namespaces, cgroups and mounts; run: sudo bash $0"
t0=$SECONDS

bash "$cluster_dir/prereqs.sh"
bash "$cluster_dir/build.sh"
mkdir -p "$state" "$state/logs" "$state/pids"

# --- TLS and kubeconfigs -----------------------------------------------------------
bash "$cluster_dir/pki.sh" control-plane "$pki" "$apiserver_ip" "$kubernetes_service_ip"
for i in $(seq 1 "$node_count"); do
  bash "$cluster_dir/pki.sh" node "$pki" "$(node_name "$i")" "$(node_ip "$i")"
done

# write_kubeconfig FILE CERT_NAME
write_kubeconfig() {
  write_if_changed "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: zkop-test
  cluster:
    server: https://$apiserver_ip:6443
    certificate-authority-data: $(base64 -w0 < "$pki/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 < "$pki/$2.crt")
    client-key-data: $(base64 -w0 < "$pki/$2.key")
contexts:
- name: zkop-test
  context: {cluster: zkop-test, user: $2}
current-context: zkop-test
EOF
}
for c in admin controller-manager scheduler kube-proxy hostpath-provisioner; do write_kubeconfig "$pki/$c.kubeconfig" "$c"; done
for i in $(seq 1 "$node_count"); do
  write_kubeconfig "$pki/kubelet-$(node_name "$i").kubeconfig" "kubelet-$(node_name "$i")-client"
done
mkdir -p "$(dirname "$kubeconfig")"
cp "$pki/admin.kubeconfig" "$kubeconfig"

# --- network -----------------------------------------------------------------------
ns_exec() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }
if [ ! -e "/run/netns/$cp_ns" ]; then
  ip netns add "$cp_ns"
  ns_exec "$cp_ns" ip link set lo up
  ns_exec "$cp_ns" ip link add "$bridge" type bridge
  ns_exec "$cp_ns" ip addr add "$apiserver_ip/24" dev "$bridge"
  ns_exec "$cp_ns" ip link set "$bridge" up
  # The machine's own leg on the node network: the apiserver, and pods through the routes below.
  ip link add "$host_if" type veth peer name host0 netns "$cp_ns"
  ns_exec "$cp_ns" ip link set host0 master "$bridge" up
  ip addr add "$host_ip/24" dev "$host_if"
  ip link set "$host_if" up
fi
for i in $(seq 1 "$node_count"); do
  ns="$(node_ns "$i")"
  [ ! -e "/run/netns/$ns" ] || continue
  ip netns add "$ns"
  ns_exec "$ns" ip link set lo up
  ns_exec "$cp_ns" ip link add "veth-n$i" type veth peer name eth0 netns "$ns"
  ns_exec "$cp_ns" ip link set "veth-n$i" master "$bridge" up
  ns_exec "$ns" ip addr add "$(node_ip "$i")/24" dev eth0
  ns_exec "$ns" ip link set eth0 up
  ns_exec "$ns" ip route add "$service_cidr" via "$apiserver_ip"
  ns_exec "$ns" sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  ns_exec "$cp_ns" ip route replace "$(node_pod_cidr "$i")" via "$(node_ip "$i")"
done
for i in $(seq 1 "$node_count"); do
  # A process started with `ip netns exec <node namespace>` is a client inside the cluster: it
  # reaches Services through the node's kube-proxy and resolves their names with cluster DNS.
  mkdir -p "/etc/netns/$(node_ns "$i")"
  write_if_changed "/etc/netns/$(node_ns "$i")/resolv.conf" <<EOF
nameserver $dns_service_ip
search svc.cluster.local cluster.local
options ndots:5
EOF
  # The machine reaches pods too, so tests can be ZooKeeper clients of the members.
  ip route replace "$(node_pod_cidr "$i")" via "$(node_ip "$i")" dev "$host_if"
  for j in $(seq 1 "$node_count"); do
    [ "$i" = "$j" ] || ns_exec "$(node_ns "$i")" ip route replace "$(node_pod_cidr "$j")" via "$(node_ip "$j")"
  done
done

# --- control plane -----------------------------------------------------------------
start etcd control-plane "$cp_ns" "$bin/etcd" \
  --name=etcd --data-dir="$state/etcd" \
  --listen-client-urls="https://127.0.0.1:2379" --advertise-client-urls="https://127.0.0.1:2379" \
  --listen-peer-urls="http://127.0.0.1:2380" --initial-advertise-peer-urls="http://127.0.0.1:2380" \
  --initial-cluster="etcd=http://127.0.0.1:2380" --listen-metrics-urls="http://127.0.0.1:2381" \
  --cert-file="$pki/etcd-server.crt" --key-file="$pki/etcd-server.key" \
  --client-cert-auth --trusted-ca-file="$pki/etcd-ca.crt" \
  --snapshot-count=10000 --quota-backend-bytes=2147483648 --log-level=warn

start kube-apiserver control-plane "$cp_ns" "$bin/kube-apiserver" \
  --advertise-address="$apiserver_ip" --bind-address=0.0.0.0 --secure-port=6443 \
  --etcd-servers=https://127.0.0.1:2379 --etcd-cafile="$pki/etcd-ca.crt" \
  --etcd-certfile="$pki/apiserver-etcd-client.crt" --etcd-keyfile="$pki/apiserver-etcd-client.key" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$pki/ca.crt" --kubelet-preferred-address-types=InternalIP \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/service-account.pub" \
  --service-account-signing-key-file="$pki/service-account.key" \
  --service-cluster-ip-range="$service_cidr" \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --allow-privileged=true --enable-aggregator-routing=true \
  --requestheader-client-ca-file="$pki/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
  --profiling=false --v=1

wait_for 120 "apiserver ready" kubectl get --raw /readyz ||
  die "the apiserver did not become ready in 120s; see $state/logs/kube-apiserver.log and etcd.log"

start kube-controller-manager control-plane "$cp_ns" "$bin/kube-controller-manager" \
  --kubeconfig="$pki/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$pki/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$pki/controller-manager.kubeconfig" \
  --client-ca-file="$pki/ca.crt" --requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --root-ca-file="$pki/ca.crt" --service-account-private-key-file="$pki/service-account.key" \
  --use-service-account-credentials=true --controllers='*,bootstrapsigner,tokencleaner' \
  --service-cluster-ip-range="$service_cidr" --cluster-cidr="$cluster_cidr" --allocate-node-cidrs=false \
  --bind-address=127.0.0.1 --leader-elect=false --profiling=false --v=1

start kube-scheduler control-plane "$cp_ns" "$bin/kube-scheduler" \
  --kubeconfig="$pki/scheduler.kubeconfig" \
  --authentication-kubeconfig="$pki/scheduler.kubeconfig" \
  --authorization-kubeconfig="$pki/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --profiling=false --v=1

# --- storage -----------------------------------------------------------------------
kubectl apply -f "$cluster_dir/manifests/storage.yaml" > /dev/null
mkdir -p "$state/volumes"
start hostpath-provisioner control-plane "$cp_ns" "$bin/hostpath-provisioner" \
  --kubeconfig="$pki/hostpath-provisioner.kubeconfig" --dir="$state/volumes"

# --- nodes -------------------------------------------------------------------------
# The kubelet sets a few host-wide kernel settings; record the machine's values once
# so down.sh puts them back.
kernel_tunables="vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes"
if [ ! -s "$state/host-sysctls" ]; then
  for t in $kernel_tunables; do echo "$t $(cat "/proc/sys/$t")"; done > "$state/host-sysctls"
fi

# single_binary_image BINARY REF ARCHIVE USER   an image holding one static program
single_binary_image() {
  local rootfs
  # Rebuilt when the binary or the image name changed.
  [ "$3" -nt "$1" ] && [ "$(cat "$3.ref" 2>/dev/null)" = "$2" ] && return 0
  rootfs="$(mktemp -d)"
  cp "$1" "$rootfs/$(basename "$1")"
  bash "$oci_image" "$rootfs" "$2" "$3" --user "$4" -- "/$(basename "$1")"
  rm -rf "$rootfs"
  echo "$2" > "$3.ref"
}
single_binary_image "$bin/pause" "$sandbox_image" "$images/pause.tar" 65535:65535
single_binary_image "$bin/coredns" "$coredns_image" "$images/coredns.tar" 65532:65532

for i in $(seq 1 "$node_count"); do
  name="$(node_name "$i")" ns="$(node_ns "$i")" dir="$(node_dir "$i")"
  mkdir -p "$dir/cni" "$dir/pod-logs"
  write_if_changed "$dir/containerd.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$(containerd_sock "$i")"
[ttrpc]
  address = "$(containerd_sock "$i").ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$sandbox_image"
  enable_selinux = false
  # Processes here lack CAP_SYS_RESOURCE, so no oom_score_adj below containerd's own
  # can be set (the pod sandbox asks for -998); clamp instead of failing every pod.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni"
EOF
  write_if_changed "$dir/cni/10-zkop.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "zkop",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$(node_pod_cidr "$i")" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$dir/cni-ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
  start "containerd-$name" "$name/runtime" "$ns" containerd --config "$dir/containerd.toml"
done

for i in $(seq 1 "$node_count"); do
  wait_for 60 "containerd on $(node_name "$i") up" \
    ctr --address "$(containerd_sock "$i")" version ||
    die "containerd on $(node_name "$i") did not start; see $state/logs/containerd-$(node_name "$i").log"
  for image in "$sandbox_image=pause" "$coredns_image=coredns"; do
    if [ -z "$(ctr --address "$(containerd_sock "$i")" -n k8s.io images ls -q "name==${image%=*}")" ]; then
      ctr --address "$(containerd_sock "$i")" -n k8s.io images import "$images/${image#*=}.tar" > /dev/null
    fi
  done
done

for i in $(seq 1 "$node_count"); do
  name="$(node_name "$i")" ns="$(node_ns "$i")" dir="$(node_dir "$i")"
  write_if_changed "$dir/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $(node_ip "$i")
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $pki/ca.crt }
authorization: { mode: Webhook }
tlsCertFile: $pki/kubelet-$name-server.crt
tlsPrivateKeyFile: $pki/kubelet-$name-server.key
containerRuntimeEndpoint: unix://$(containerd_sock "$i")
cgroupDriver: cgroupfs
cgroupRoot: /$cgroup_name/$name
failCgroupV1: false
clusterDomain: cluster.local
clusterDNS: [$dns_service_ip]
resolvConf: ""
podLogsDir: $dir/pod-logs
failSwapOn: false
evictionHard: { memory.available: 200Mi, nodefs.available: 5%, imagefs.available: 5% }
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
serializeImagePulls: false
rotateCertificates: false
# A Secret or ConfigMap mounted in a pod is refreshed at the pod's next sync; 10 s instead of the 1 m
# default, so tests of certificate renewal and monitoring wait seconds for it, not a minute.
syncFrequency: 10s
EOF
  start "kubelet-$name" "$name/kubelet" "$ns" "$bin/kubelet" \
    --config="$dir/kubelet.yaml" --kubeconfig="$pki/kubelet-$name.kubeconfig" \
    --root-dir="$dir/kubelet" --hostname-override="$name" --node-ip="$(node_ip "$i")" --v=1

  write_if_changed "$dir/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clusterCIDR: $cluster_cidr
hostnameOverride: $name
clientConnection: { kubeconfig: $pki/kube-proxy.kubeconfig }
conntrack: { maxPerCore: 0, min: 0 }
oomScoreAdj: 0
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: $(node_ip "$i"):10256
EOF
  start "kube-proxy-$name" "$name/kube-proxy" "$ns" "$bin/kube-proxy" --config="$dir/kube-proxy.yaml" --v=1
done

for i in $(seq 1 "$node_count"); do
  name="$(node_name "$i")"
  wait_for 120 "$name registered" kubectl get node "$name" ||
    die "$name did not register in 120s; see $state/logs/kubelet-$name.log"
  # Pod CIDRs are fixed per node (the routes above use them), not allocated.
  if [ -z "$(kubectl get node "$name" -o jsonpath='{.spec.podCIDR}')" ]; then
    kubectl patch node "$name" --type merge \
      -p "{\"spec\":{\"podCIDR\":\"$(node_pod_cidr "$i")\",\"podCIDRs\":[\"$(node_pod_cidr "$i")\"]}}" > /dev/null
  fi
done
for i in $(seq 1 "$node_count"); do
  name="$(node_name "$i")"
  wait_for 180 "$name Ready" kubectl wait --for=condition=Ready "node/$name" --timeout=5s ||
    die "$name did not become Ready in 180s; see $state/logs/kubelet-$name.log"
done
# --- cluster DNS -------------------------------------------------------------------
sed -e "s/__DNS_SERVICE_IP__/$dns_service_ip/" -e "s#__COREDNS_IMAGE__#$coredns_image#" \
  "$cluster_dir/manifests/coredns.yaml" | kubectl apply -f - > /dev/null
wait_for 120 "cluster DNS available" \
  kubectl -n kube-system wait --for=condition=Available deployment/coredns --timeout=5s ||
  die "CoreDNS did not become available in 120s; see: kubectl -n kube-system describe pods -l k8s-app=kube-dns"
wait_for 60 "cluster DNS answers" \
  ip netns exec "$(node_ns 1)" busybox nslookup kubernetes.default.svc.cluster.local "$dns_service_ip" ||
  die "cluster DNS does not answer for kubernetes.default.svc.cluster.local at $dns_service_ip"

say "up in $((SECONDS - t0))s; kubeconfig: $kubeconfig"
