#!/usr/bin/env bash
# Runs zkop's checks: lint, typecheck, unit tests (pure, fast), integration tests (real ZooKeeper),
# and the end-to-end tier (a real Kubernetes cluster on this machine, test/cluster/e2e.sh; needs
# root, builds the cluster on first use). With every tier, scripts/prebuild.sh builds the later tiers'
# programs in the background from the start.
# Usage: scripts/test.sh [unit|integration|e2e|all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tier="${1:-all}"
node=scripts/node

if [ "$tier" = all ]; then
  # What the later tiers build on first use, built meanwhile with the CPU the earlier ones leave idle.
  setsid nice -n 19 bash scripts/prebuild.sh &
  prebuild=$!
  trap 'kill -- -"$prebuild" 2>/dev/null || true' EXIT
  $node node_modules/@biomejs/biome/bin/biome check --reporter=summary .
  $node node_modules/typescript/bin/tsc -p tsconfig.json
fi
globs=()
case "$tier" in
  unit) globs=('src/**/*.test.ts' 'test/scripts/*.test.ts') ;;
  integration) globs=('test/integration/**/*.test.ts' 'test/deploy/**/*.test.ts') ;;
  e2e) ;;
  all) globs=('src/**/*.test.ts' 'test/scripts/*.test.ts' 'test/integration/**/*.test.ts' 'test/deploy/**/*.test.ts') ;;
  *) echo "usage: scripts/test.sh [unit|integration|e2e|all]" >&2; exit 2 ;;
esac
if [ ${#globs[@]} -gt 0 ]; then
  $node --test --test-reporter=spec --test-timeout=600000 "${globs[@]}"
fi
if [ "$tier" = e2e ] || [ "$tier" = all ]; then
  bash test/cluster/e2e.sh
fi
