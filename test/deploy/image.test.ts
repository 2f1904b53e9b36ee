/**
 * zkop's operator image as users build it (`npm run image`, deploy/image/build.sh): two cold builds
 * from the same tree, each in a cache of its own, give byte-identical archives; the config runs the
 * app as user 65532 with the OCI labels of this version and revision; the layer holds no shell, only
 * root-owned files with the commit's time, and an app that reports the revision it was built from.
 * And oci-image.sh, which packs it, names images as Docker and Kubernetes qualify them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import packageJson from '../../package.json' with { type: 'json' };
import { gitRevision } from '../../src/build-info.ts';
import { Archive, build } from './image-archive.ts';
import { DEPLOY_DIR, IMAGE_NAME, ROOT } from './manifests.ts';

const OCI_IMAGE = join(DEPLOY_DIR, 'image/oci-image.sh');

const sha256 = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];

describe('the operator image (npm run image)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkop-image-test-'));
  const revision = gitRevision(ROOT);
  const commitTime = Number(
    execFileSync('git', ['-C', ROOT, 'log', '-1', '--format=%ct'], { encoding: 'utf8' }),
  );
  let first: Archive;
  let second: Archive;
  let layer: string;

  before(() => {
    const a = build(join(dir, 'a'));
    const b = build(join(dir, 'b'));
    const warm = build(join(dir, 'a'));
    first = a.archive;
    second = b.archive;
    assert.equal(warm.archive.path, first.path);
    console.log(
      `# operator image: cold builds ${a.seconds.toFixed(0)}s and ${b.seconds.toFixed(0)}s, ` +
        `warm ${warm.seconds.toFixed(1)}s; ${first.index[0]?.digest}`,
    );
    layer = join(dir, 'layer.tar');
    writeFileSync(layer, first.layer);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is the same, byte for byte, when built twice from the same tree', () => {
    assert.ok(first.path.startsWith(join(dir, 'a')) && second.path.startsWith(join(dir, 'b')));
    assert.equal(second.index[0]?.digest, first.index[0]?.digest);
    assert.equal(sha256(second.path), sha256(first.path));
  });

  it('is named with the default name and the package version', () => {
    assert.equal(first.index.length, 1);
    assert.equal(
      first.index[0]?.annotations?.['io.containerd.image.name'],
      `${IMAGE_NAME}:${packageJson.version}`,
    );
    assert.equal(first.index[0]?.annotations?.['org.opencontainers.image.ref.name'], packageJson.version);
  });

  it('runs the app as user 65532 with the OCI labels of this version and revision, and no timestamp', () => {
    const { config, ...image } = first.config;
    assert.equal(config.User, '65532:65532');
    assert.equal(config.WorkingDir, '/app');
    assert.deepEqual(config.Entrypoint, ['/usr/local/bin/node', '/app/dist/cli/main.js']);
    assert.deepEqual(config.Cmd, ['operator', '--in-cluster']);
    assert.ok(config.Env?.includes('NODE_ENV=production'));
    assert.deepEqual(config.Labels, {
      'org.opencontainers.image.title': 'zkop',
      'org.opencontainers.image.description': 'zkop, the ZooKeeper operator',
      'org.opencontainers.image.version': packageJson.version,
      'org.opencontainers.image.revision': revision,
      'org.opencontainers.image.source': packageJson.repository.url,
      'org.opencontainers.image.licenses': packageJson.license,
    });
    assert.deepEqual(Object.keys(image).sort(), ['architecture', 'os', 'rootfs']);
    assert.equal(JSON.stringify(first.config).match(/created|20\d\d-\d\d-/), null);
  });

  it('holds no shell; every file is root-owned and has the commit time', () => {
    const entries = execFileSync('tar', ['--numeric-owner', '--full-time', '-tvf', layer], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, TZ: 'UTC' },
    })
      .trim()
      .split('\n');
    const names = entries.map((line) =>
      line
        .split(/\s+/)
        .slice(5)
        .join(' ')
        .replace(/ -> .*/, ''),
    );
    for (const shell of ['./bin/sh', './usr/bin/sh', './bin/bash', './usr/bin/bash', './bin/busybox']) {
      assert.ok(!names.includes(shell), `${shell} is in the image`);
    }
    assert.ok(!names.some((n) => /\/(ba|da|z|k|c|tc)?sh$/.test(n)), 'no shell of any name');
    for (const needed of [
      './usr/local/bin/node',
      './app/dist/cli/main.js',
      './app/build-info.json',
      './etc/passwd',
    ]) {
      assert.ok(names.includes(needed), `${needed} is missing`);
    }
    assert.ok(names.some((n) => n.startsWith('./app/node_modules/@kubernetes/client-node/')));
    assert.ok(!names.some((n) => n.startsWith('./app/node_modules/typescript/')), 'no dev dependency');
    const time = new Date(commitTime * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
    const odd = entries.filter((line) => {
      const [, owner, , date, clock] = line.split(/\s+/);
      return owner !== '0/0' || `${date} ${clock}` !== time;
    });
    assert.deepEqual(odd.slice(0, 5), [], `owned by 0/0 and dated ${time}`);
    const tmp = entries.find((line) => line.endsWith(' ./tmp/'));
    assert.match(tmp ?? '', /^drwxrwxrwt /);
    assert.ok(
      entries.every(
        (line) => line.startsWith('l') || line.endsWith(' ./tmp/') || !/^.{5}w|^.{8}w/.test(line),
      ),
      'nothing else writable by group or others',
    );
  });

  it('starts and reports this version and the revision it was built from, without git', () => {
    const rootfs = join(dir, 'rootfs');
    mkdirSync(rootfs);
    execFileSync('tar', ['-xf', layer, '-C', rootfs, '--no-same-owner']);
    assert.deepEqual(JSON.parse(readFileSync(join(rootfs, 'app/build-info.json'), 'utf8')), {
      version: packageJson.version,
      revision,
    });
    const out = execFileSync(
      join(rootfs, 'usr/local/bin/node'),
      [join(rootfs, 'app/dist/cli/main.js'), 'version', '-o', 'json'],
      { encoding: 'utf8', env: { PATH: '/nonexistent' } },
    );
    const version = JSON.parse(out) as { zkop: string; revision: string };
    assert.deepEqual(
      { zkop: version.zkop, revision: version.revision },
      { zkop: packageJson.version, revision },
    );
  });

  it('takes another name and tag from IMAGE and IMAGE_TAG; the layer stays the same', () => {
    const renamed = build(join(dir, 'a'), {
      IMAGE: 'registry.example/zkop/operator',
      IMAGE_TAG: '9.9.9',
    }).archive;
    assert.equal(
      renamed.index[0]?.annotations?.['io.containerd.image.name'],
      'registry.example/zkop/operator:9.9.9',
    );
    // (The cache keeps the newest archive only; the first build's twin is in the other cache.)
    assert.equal(renamed.manifest.layers[0]?.digest, second.manifest.layers[0]?.digest);
    assert.deepEqual(renamed.config, second.config);
  });
});

describe('oci-image.sh', () => {
  it('stores names as Docker and Kubernetes qualify them, with labels and a forced owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkop-oci-image-test-'));
    try {
      const rootfs = join(dir, 'rootfs');
      mkdirSync(rootfs);
      writeFileSync(join(rootfs, 'hello'), 'hello\n');
      const names: Record<string, string> = {
        'zookeeper:3.9.4': 'docker.io/library/zookeeper:3.9.4',
        'zkop/operator:1': 'docker.io/zkop/operator:1',
        'localhost/operator:1': 'localhost/operator:1',
        'localhost:5000/zkop/operator:1': 'localhost:5000/zkop/operator:1',
        'zkop.dev/operator:0.1.0': 'zkop.dev/operator:0.1.0',
      };
      for (const [short, qualified] of Object.entries(names)) {
        const out = join(dir, 'out.tar');
        execFileSync('bash', [
          OCI_IMAGE,
          rootfs,
          short,
          out,
          '--owner',
          '0:0',
          '--label',
          'a.b=c d',
          '--',
          '/hello',
        ]);
        const archive = new Archive(out);
        assert.equal(archive.index[0]?.annotations?.['io.containerd.image.name'], qualified, short);
        assert.deepEqual(archive.config.config.Labels, { 'a.b': 'c d' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
