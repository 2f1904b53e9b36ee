#!/usr/bin/env bash
# TLS material for the test cluster, with openssl (ECDSA P-256, one-year certificates).
#   pki.sh control-plane DIR APISERVER_IP SERVICE_IP   CAs, etcd, apiserver, controllers, admin
#   pki.sh node DIR NAME NODE_IP                       a kubelet's client and serving certificates
# Idempotent: a certificate that exists is kept.
set -euo pipefail
umask 077

usage() {
  echo "usage: $0 control-plane DIR APISERVER_IP SERVICE_IP | node DIR NAME NODE_IP" >&2
  exit 2
}

key() { [ -s "$1" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# ca DIR NAME CN
ca() {
  local d="$1" n="$2" cn="$3"
  key "$d/$n.key"
  [ -s "$d/$n.crt" ] && return 0
  openssl req -x509 -new -key "$d/$n.key" -subj "/CN=$cn" -days 3650 -sha256 \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -out "$d/$n.crt" 2>/dev/null
}

# cert DIR CA NAME SUBJECT USAGE [SANS]    USAGE: server, client or both
cert() {
  local d="$1" ca="$2" n="$3" subj="$4" usage="$5" sans="${6:-}" eku ext
  key "$d/$n.key"
  [ -s "$d/$n.crt" ] && return 0
  case "$usage" in
    server) eku=serverAuth ;;
    client) eku=clientAuth ;;
    both) eku=serverAuth,clientAuth ;;
    *) usage ;;
  esac
  ext="$(mktemp)"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "extendedKeyUsage=$eku"
    [ -z "$sans" ] || echo "subjectAltName=$sans"
  } > "$ext"
  openssl req -new -key "$d/$n.key" -subj "$subj" 2>/dev/null |
    openssl x509 -req -CA "$d/$ca.crt" -CAkey "$d/$ca.key" -CAcreateserial -days 365 -sha256 \
      -extfile "$ext" -out "$d/$n.crt" 2>/dev/null
  rm -f "$ext"
}

[ $# -ge 1 ] || usage
case "$1" in
  control-plane)
    [ $# -eq 4 ] || usage
    d="$2" ip="$3" svc="$4"
    mkdir -p "$d"
    ca "$d" ca kubernetes-ca
    ca "$d" etcd-ca etcd-ca
    ca "$d" front-proxy-ca front-proxy-ca
    cert "$d" etcd-ca etcd-server /CN=etcd server "IP:$ip,IP:127.0.0.1,DNS:localhost"
    cert "$d" etcd-ca apiserver-etcd-client /CN=kube-apiserver-etcd-client client
    cert "$d" ca apiserver /CN=kube-apiserver server \
      "IP:$ip,IP:$svc,IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    cert "$d" ca apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" client
    cert "$d" front-proxy-ca front-proxy-client /CN=front-proxy-client client
    cert "$d" ca admin "/O=system:masters/CN=kubernetes-admin" client
    cert "$d" ca controller-manager /CN=system:kube-controller-manager client
    cert "$d" ca scheduler /CN=system:kube-scheduler client
    cert "$d" ca kube-proxy /CN=system:kube-proxy client
    cert "$d" ca hostpath-provisioner /CN=zkop:hostpath-provisioner client
    key "$d/service-account.key"
    [ -s "$d/service-account.pub" ] || openssl pkey -in "$d/service-account.key" -pubout -out "$d/service-account.pub"
    ;;
  node)
    [ $# -eq 4 ] || usage
    d="$2" name="$3" ip="$4"
    [ -s "$d/ca.key" ] || { echo "$0: no CA in $d; run '$0 control-plane $d ...' first" >&2; exit 1; }
    cert "$d" ca "kubelet-$name-client" "/O=system:nodes/CN=system:node:$name" client
    cert "$d" ca "kubelet-$name-server" "/O=system:nodes/CN=system:node:$name" server "IP:$ip,DNS:$name"
    ;;
  *) usage ;;
esac
