#!/usr/bin/env bash
# Installs the Debian packages named that are not installed yet, without recommended packages and
# without starting any service a package brings (a policy-rc.d refuses them while apt runs).
# Needs root for anything to install. One install at a time: a second waits for the first (the tests
# and scripts/prebuild.sh may ask at once). Usage: apt-install.sh WHO PACKAGE...
set -euo pipefail
who="$1"; shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[ "${#missing[@]}" -gt 0 ] || exit 0
[ "$(id -u)" = 0 ] || { echo "$who: installing ${missing[*]} needs root; run: sudo bash $0 $who ${missing[*]}" >&2; exit 1; }
# Not stopped halfway by a signal (scripts/test.sh stops its background builds when it ends): an
# interrupted dpkg leaves packages unconfigured for every later install.
trap '' INT TERM
exec 8>/run/lock/zkop-apt-install.lock
flock 8
echo "$who: installing ${missing[*]}" >&2
policy=/usr/sbin/policy-rc.d
had_policy=0; [ -e "$policy" ] && had_policy=1
[ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
trap '[ "$had_policy" = 1 ] || rm -f "$policy"' EXIT
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
