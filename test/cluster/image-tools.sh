#!/usr/bin/env bash
# Builds the test clients' image, zkop.test/tools:1 (Debian's static busybox: sh, nc,
# wget, nslookup, httpd, …; runs as 65532 by default), into .cache/cluster/images/tools.tar.
# Cached: does nothing when the archive exists. Load it with load-image.sh.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$images/tools.tar"
[ -s "$out" ] && exit 0
[ -x /bin/busybox ] || die "/bin/busybox is missing; run test/cluster/prereqs.sh"
rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/tools"
chmod 1777 "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\ntools:x:65532:65532:tools:/home/tools:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\ntools:x:65532:\n' > "$rootfs/etc/group"
chown 65532:65532 "$rootfs/home/tools"
bash "$oci_image" "$rootfs" zkop.test/tools:1 "$out" \
  --user 65532:65532 --workdir /home/tools --env PATH=/bin -- /bin/sh
say "built $out"
