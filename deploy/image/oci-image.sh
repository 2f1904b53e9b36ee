#!/usr/bin/env bash
# Packs a root filesystem directory into a single-layer OCI image archive (an OCI image layout in a
# tar) that `docker load` (Docker 25+), `podman load`, `ctr images import` and `skopeo copy
# oci-archive:` accept. zkop's operator image (deploy/image/build.sh) and the test cluster's images
# (test/cluster/) are packed by it.
#   oci-image.sh ROOTFS_DIR IMAGE_REF OUT.tar [--user U] [--workdir D] [--env K=V]... [--label K=V]...
#                [--owner UID:GID] [--cmd ARG]... [--] [ENTRYPOINT...]
# --cmd, repeated, gives the default command (the arguments of the entrypoint); --owner makes every
# file owned by UID:GID (otherwise ownership is kept as it is in ROOTFS_DIR).
# Reproducible: the same tree gives the same digest. Entries are sorted, owners numeric, every
# mtime is SOURCE_DATE_EPOCH (default 0), and the config holds no timestamp.
set -euo pipefail
shopt -s inherit_errexit

usage() {
  echo "usage: $0 ROOTFS_DIR IMAGE_REF OUT.tar [--user U] [--workdir D] [--env K=V]... [--label K=V]..." \
    "[--owner UID:GID] [--cmd ARG]... [--] [ENTRYPOINT...]" >&2
  exit 2
}
[ $# -ge 3 ] || usage
rootfs="$1" ref="$2" out="$3"
shift 3
[ -d "$rootfs" ] || { echo "$0: $rootfs is not a directory" >&2; exit 1; }
user="" workdir="/" envs=() labels=() owner=() cmd=()
while [ $# -gt 0 ]; do
  case "$1" in
    --user) user="$2"; shift 2 ;;
    --workdir) workdir="$2"; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --label) labels+=("$2"); shift 2 ;;
    --owner) owner=(--owner="${2%%:*}" --group="${2##*:}"); shift 2 ;;
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

# json_string S -> "S" (no quotes or backslashes, as json_array)
json_string() { json_array "$1" | sed 's/^\[//; s/\]$//'; }

# json_labels K=V... -> {"K":"V",...}
json_labels() {
  local out="" label
  for label in "$@"; do
    case "$label" in *=*) ;; *) echo "$0: a label is KEY=VALUE, not '$label'" >&2; exit 1 ;; esac
    out+="${out:+,}$(json_string "${label%%=*}"):$(json_string "${label#*=}")"
  done
  printf '{%s}' "$out"
}

# qualified_ref REF -> the fully qualified name Docker and Kubernetes derive from a short one
# (zookeeper:3.9.4 -> docker.io/library/zookeeper:3.9.4). containerd's CRI plugin finds images
# by that name, so that is the name stored.
qualified_ref() {
  local first="${1%%/*}"
  if [[ "$1" != */* ]]; then
    echo "docker.io/library/$1"
  elif [[ "$first" == *.* || "$first" == *:* || "$first" == localhost ]]; then
    echo "$1"
  else
    echo "docker.io/$1"
  fi
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

epoch="${SOURCE_DATE_EPOCH:-0}"
tar --sort=name --mtime="@$epoch" --numeric-owner "${owner[@]}" --pax-option=delete=atime,delete=ctime \
  -C "$rootfs" -cf "$work/layer" .
read -r layer_digest layer_size < <(blob "$work/layer")

case " ${envs[*]} " in
  *" PATH="*) ;;
  *) envs=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "${envs[@]}") ;;
esac
env_json="$(json_array "${envs[@]}")"
cmd_json=""
[ ${#cmd[@]} -eq 0 ] || cmd_json=",\"Cmd\":$(json_array "${cmd[@]}")"
labels_json=""
[ ${#labels[@]} -eq 0 ] || labels_json=",\"Labels\":$(json_labels "${labels[@]}")"
printf '{"architecture":"amd64","os":"linux","config":{"User":"%s","WorkingDir":"%s","Env":%s,"Entrypoint":%s%s%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$user" "$workdir" "$env_json" "$(json_array "$@")" "$cmd_json" "$labels_json" "$layer_digest" > "$work/config"
read -r config_digest config_size < <(blob "$work/config")

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config_digest" "$config_size" "$layer_digest" "$layer_size" > "$work/manifest"
read -r manifest_digest manifest_size < <(blob "$work/manifest")

printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest_digest" "$manifest_size" "$ref" "${ref##*:}" > "$work/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/oci-layout"

mkdir -p "$(dirname "$out")"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out.tmp" oci-layout index.json blobs
mv -f "$out.tmp" "$out"
