/**
 * Every external command the project's shell scripts call is installed by the project's own
 * scripts (prereqs.sh, setup.sh, test-tools.sh) or comes with a base Debian system, so a new machine never stops
 * at a "command not found" or an "install X" hint. The scripts inside the ZooKeeper image run in
 * that image, not on the machine, and are left out.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commandsOf, functionsOf } from './script-commands.ts';

const root = join(import.meta.dirname, '..', '..');

/** From Debian's required and important packages: coreutils, util-linux, findutils, grep, sed, ... */
const BASE_DEBIAN = new Set(
  (
    'awk basename cat chmod chown cmp cp cut date dd df dirname du env find findmnt getent grep gzip ' +
    'head id install ln ls mkdir mktemp mount mv nproc readlink realpath rm rmdir sed seq sha256sum ' +
    'sleep sort stat tail tar tee touch tr umount uname uniq wc xargs bash sh apt-get dpkg dpkg-query ' +
    'nsenter unshare flock ldd setsid'
  ).split(' '),
);

/** The commands of each package the project installs (the lists themselves are read from the scripts). */
const PACKAGE_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  containerd: ['containerd', 'ctr'],
  runc: ['runc'],
  'containernetworking-plugins': [],
  iptables: ['iptables', 'iptables-save', 'iptables-restore'],
  nftables: ['nft'],
  conntrack: ['conntrack'],
  iproute2: ['ip', 'bridge', 'tc'],
  openssl: ['openssl'],
  'util-linux': ['nsenter', 'unshare', 'findmnt', 'mount', 'umount'],
  procps: ['ps', 'pgrep', 'pkill', 'sysctl'],
  kmod: ['modprobe'],
  'busybox-static': ['busybox'],
  mmdebstrap: ['mmdebstrap'],
  'default-jre-headless': ['java'],
  maven: ['mvn'],
  python3: ['python3'],
  'python3-venv': [],
  chromium: ['chromium'],
  buildah: ['buildah'],
};

/**
 * What a machine that runs the README's commands has before them: the system Node's npm, git (it
 * made the clone) and Go, which builds the test cluster and Helm from the Go module proxy.
 */
const GIVEN = new Set(['npm', 'git', 'go']);

const INSTALLERS = ['test/cluster/prereqs.sh', 'scripts/setup.sh', 'scripts/test-tools.sh'];

const read = (file: string) => readFileSync(join(root, file), 'utf8');

function scriptFiles(): string[] {
  const files = execFileSync('git', ['ls-files', 'test/cluster', 'scripts', 'deploy', 'bin'], {
    cwd: root,
    encoding: 'utf8',
  }).split('\n');
  return files.filter(
    (f) =>
      (f.endsWith('.sh') || f.startsWith('bin/') || f === 'scripts/node') &&
      !f.startsWith('test/cluster/zookeeper-image/'),
  );
}

function installedPackages(): string[] {
  return INSTALLERS.flatMap((file) =>
    [...read(file).matchAll(/\b(?:packages|need_apt)\+?=\(([^)]*)\)/g)].flatMap((m) =>
      (m[1] ?? '').split(/\s+/).filter(Boolean),
    ),
  );
}

test('the install scripts name only packages whose commands this guard knows', () => {
  const unknown = installedPackages().filter((p) => !(p in PACKAGE_COMMANDS));
  assert.deepEqual(unknown, [], 'add the commands of these packages to PACKAGE_COMMANDS');
});

test('every command a script calls is installed by the project or part of base Debian', () => {
  const files = scriptFiles();
  assert.ok(files.length > 10, `found only ${files.length} scripts`);
  const texts = files.map(read);
  const functions = new Set(texts.flatMap((t) => [...functionsOf(t)]));
  const provided = new Set([
    ...BASE_DEBIAN,
    ...GIVEN,
    ...installedPackages().flatMap((p) => PACKAGE_COMMANDS[p] ?? []),
  ]);
  const missing = files.flatMap((file, i) =>
    [...commandsOf(texts[i] ?? '')]
      .filter((c) => !functions.has(c) && !provided.has(c))
      .map((c) => `${file}: ${c}`),
  );
  assert.deepEqual(missing, [], 'install these from prereqs.sh, setup.sh or test-tools.sh');
});

test('the guard sees commands where scripts call them', () => {
  const script = [
    'set -euo pipefail',
    'packages=(notacommand)',
    'x="$(alpha --flag | beta)" && gamma "a | delta"',
    'case "$1" in',
    '  start | stop) nice -n 19 epsilon ;;',
    'esac',
    'cat <<EOF',
    'zeta inside a heredoc',
    'EOF',
    'if ! command -v eta >/dev/null; then theta; fi # iota',
    'f() { kappa; }',
  ].join('\n');
  assert.deepEqual(
    [...commandsOf(script)].sort(),
    ['alpha', 'beta', 'cat', 'epsilon', 'f', 'gamma', 'kappa', 'theta'].sort(),
  );
  assert.deepEqual([...functionsOf(script)], ['f']);
});
