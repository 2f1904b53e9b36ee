#!/usr/bin/env bash
# Runs zkop's checks: lint, typecheck, unit tests (pure, fast), integration tests (real ZooKeeper).
# Usage: scripts/test.sh [unit|integration|all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tier="${1:-all}"
node=scripts/node

if [ "$tier" = all ]; then
  $node node_modules/@biomejs/biome/bin/biome check --reporter=summary .
  $node node_modules/typescript/bin/tsc -p tsconfig.json
fi
globs=()
case "$tier" in
  unit) globs=('src/**/*.test.ts') ;;
  integration) globs=('test/integration/**/*.test.ts' 'test/deploy/**/*.test.ts') ;;
  all) globs=('src/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/deploy/**/*.test.ts') ;;
  *) echo "usage: scripts/test.sh [unit|integration|all]" >&2; exit 2 ;;
esac
exec $node --test --test-reporter=spec --test-timeout=600000 "${globs[@]}"
