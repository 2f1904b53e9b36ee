#!/usr/bin/env bash
# Builds the test cluster's programs (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubelet, kube-proxy, kubectl) as one multi-call binary from
# test/cluster/tools, the pods' sandbox program (pause) and the cluster DNS server
# (CoreDNS, from test/cluster/coredns), into .cache/cluster/bin/.
# Cached: does nothing when the binaries for the current sources are already there.
# Runs at the lowest CPU priority; one build at a time (scripts/prebuild.sh may be running it).
#
# Environment: CLUSTER_BUILD_JOBS (go build -p, default 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/test/cluster/tools"
coredns="$root/test/cluster/coredns"
bin="$root/.cache/cluster/bin"
say() { echo "cluster build: $*" >&2; }

command -v go >/dev/null 2>&1 || {
  say "go is not on PATH; install Go 1.24 or newer (Debian: /usr/local/go from the Go toolchain) and retry"
  exit 1
}

# The pinned release: keep in step with the k8s.io/kubernetes requirement in tools/go.mod.
k8s_version="v1.34.4"
k8s_release_date="2026-02-10T12:53:36Z"
grep -q "k8s.io/kubernetes ${k8s_version}\$" "$tools/go.mod" || {
  say "tools/go.mod does not require k8s.io/kubernetes ${k8s_version}; update k8s_version in $0 with it"
  exit 1
}

key="$({ cat "$0" && cd "$root/test/cluster" && find tools coredns -name '*.go' -o -name 'go.*' | LC_ALL=C sort | xargs cat; } | sha256sum | cut -d' ' -f1)"
key+=" $(go env GOVERSION)"
stamp="$bin/.build-key"
built() { [ -x "$bin/k8s" ] && [ -x "$bin/pause" ] && [ -x "$bin/coredns" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; }
built && exit 0
mkdir -p "$bin"
exec 8>"$bin/.build-lock"
flock 8
built && exit 0

major="${k8s_version#v}"; major="${major%%.*}"
minor="${k8s_version#v*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=${k8s_version} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor}"
  ldflags+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=${k8s_release_date} -X ${pkg}.gitCommit="
done

say "building Kubernetes ${k8s_version}, etcd and CoreDNS (takes a while on a cold cache)"
start=$SECONDS
(
  cd "$tools"
  export GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0
  nice -n 19 go build -p "${CLUSTER_BUILD_JOBS:-2}" -trimpath -ldflags "$ldflags" -o "$bin/k8s.new" .
  nice -n 19 go build -trimpath -ldflags "-s -w" -o "$bin/pause" ./cmd/pause
  cd "$coredns"
  nice -n 19 go build -p "${CLUSTER_BUILD_JOBS:-2}" -trimpath -ldflags "-s -w" -o "$bin/coredns" .
)
mv -f "$bin/k8s.new" "$bin/k8s"
for name in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl hostpath-provisioner; do
  ln -sfn k8s "$bin/$name"
done
echo "$key" > "$stamp"
say "built $bin/k8s in $((SECONDS - start))s"
