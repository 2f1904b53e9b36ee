#!/usr/bin/env bash
# Packs a root filesystem directory into a single-layer OCI image archive that
# `ctr images import` (and load-image) accepts. Reproducible: same tree, same digest.
#   oci-image.sh ROOTFS_DIR IMAGE_REF OUT.tar [--user U] [--workdir D] [--env K=V]... [--cmd ARG]... [--] [ENTRYPOINT...]
# --cmd, repeated, gives the default command (the arguments of the entrypoint).
set -euo pipefail

usage() {
  echo "usage: $0 ROOTFS_DIR IMAGE_REF OUT.tar [--user U] [--workdir D] [--env K=V]... [--cmd ARG]... [--] [ENTRYPOINT...]" >&2
  exit 2
}
[ $# -ge 3 ] || usage
rootfs="$1" ref="$2" out="$3"
shift 3
[ -d "$rootfs" ] || { echo "$0: $rootfs is not a directory" >&2; exit 1; }
user="" workdir="/" envs=() cmd=()
while [ $# -gt 0 ]; do
  case "$1" in
    --user) user="$2"; shift 2 ;;
    --workdir) workdir="$2"; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --cmd) cmd+=("$2"); shift 2 ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
  esac
done

# json_array ITEM... -> ["ITEM",...] (items must not hold quotes or backslashes)
json_array() {
  local out="" item
  for item in "$@"; do
    # shellcheck disable=SC1003
    case "$item" in *'"'* | *'\'*) echo "$0: unsupported character in '$item'" >&2; exit 1 ;; esac
    out+="${out:+,}\"$item\""
  done
  printf '[%s]' "$out"
}

# containerd's CRI plugin finds images by the fully qualified name Kubernetes derives from a
# short one, so that is the name stored; the cluster binary applies Kubernetes' own rule.
qualified_ref() {
  "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.cache/cluster/bin/k8s" image-ref "$1"
}
ref="$(qualified_ref "$ref")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
blobs="$work/blobs/sha256"
mkdir -p "$blobs"

# blob FILE -> moves FILE into the layout, prints "DIGEST SIZE"
blob() {
  local digest size
  digest="$(sha256sum "$1" | cut -d' ' -f1)"
  size="$(stat -c %s "$1")"
  mv "$1" "$blobs/$digest"
  echo "$digest $size"
}

tar --sort=name --mtime=@0 --numeric-owner --pax-option=delete=atime,delete=ctime \
  -C "$rootfs" -cf "$work/layer" .
read -r layer_digest layer_size < <(blob "$work/layer")

case " ${envs[*]} " in
  *" PATH="*) ;;
  *) envs=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "${envs[@]}") ;;
esac
env_json="$(json_array "${envs[@]}")"
cmd_json=""
[ ${#cmd[@]} -eq 0 ] || cmd_json=",\"Cmd\":$(json_array "${cmd[@]}")"
printf '{"architecture":"amd64","os":"linux","config":{"User":"%s","WorkingDir":"%s","Env":%s,"Entrypoint":%s%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$user" "$workdir" "$env_json" "$(json_array "$@")" "$cmd_json" "$layer_digest" > "$work/config"
read -r config_digest config_size < <(blob "$work/config")

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config_digest" "$config_size" "$layer_digest" "$layer_size" > "$work/manifest"
read -r manifest_digest manifest_size < <(blob "$work/manifest")

printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest_digest" "$manifest_size" "$ref" "${ref##*:}" > "$work/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/oci-layout"

mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out.tmp" oci-layout index.json blobs
mv -f "$out.tmp" "$out"
