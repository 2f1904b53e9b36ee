/**
 * deploy/image/Containerfile, built with Buildah from the context `build.sh --context DIR` writes
 * and with the command it prints, gives the image `npm run image` gives: the same files (paths,
 * modes, owners, sizes, contents and times), the same configuration and labels, dated at the
 * commit; and the image runs `zkop version` as its user, in its own root, with its own loader and
 * libraries. Not byte for byte: Buildah writes its tar otherwise, so the layers' digests differ, and
 * it has no entry for the root directory, whose mode is not compared. Needs root (as Buildah's vfs
 * storage and entering the image's root do).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import packageJson from '../../package.json' with { type: 'json' };
import { gitRevision } from '../../src/build-info.ts';
import { type Buildah, isolatedBuildah } from '../support/buildah.ts';
import { Archive, runBuild } from './image-archive.ts';
import { IMAGE_NAME, ROOT } from './manifests.ts';

/** The layer of `archive` extracted into `dir`, owners, modes and times kept (this runs as root). */
function extractLayer(archive: Archive, dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-x', '--numeric-owner', '-C', dir], { input: archive.layer });
  return dir;
}

/** Every entry under `root`: mode, owner, mtime, and a file's size and SHA-256 or a link's target. */
function files(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(root, name);
    const s = lstatSync(path);
    const what = s.isSymbolicLink()
      ? `-> ${readlinkSync(path)}`
      : s.isFile()
        ? `${s.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`
        : '';
    entries.set(name, `${s.mode.toString(8)} ${s.uid}:${s.gid} ${Math.floor(s.mtimeMs / 1000)} ${what}`);
  }
  return entries;
}

describe('the Containerfile, built with Buildah', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkop-containerfile-test-'));
  const ref = `${IMAGE_NAME}:${packageJson.version}`;
  const commitTime = Number(
    execFileSync('git', ['-C', ROOT, 'log', '-1', '--format=%ct'], { encoding: 'utf8' }),
  );
  let buildah: Buildah | undefined;
  let image: Archive;
  let built: Archive;

  before(async () => {
    buildah = await isolatedBuildah(join(dir, 'buildah'));
    const archive = runBuild([]);
    image = new Archive(archive.line);
    const context = runBuild(['--context', join(dir, 'context')]);
    assert.match(context.line, /^buildah build .* -t zkop\.dev\/operator:\S+ /);
    const started = Date.now();
    buildah.shell(context.line);
    buildah.run(['push', '--quiet', ref, `oci-archive:${join(dir, 'built.tar')}`]);
    built = new Archive(join(dir, 'built.tar'));
    console.log(
      `# npm run image ${archive.seconds.toFixed(1)}s, build.sh --context ${context.seconds.toFixed(1)}s, ` +
        `buildah build and push ${((Date.now() - started) / 1000).toFixed(1)}s; ` +
        `npm run image ${image.manifest.layers[0]?.digest}, Buildah ${built.manifest.layers[0]?.digest}`,
    );
  });

  after(() => {
    buildah?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the configuration and labels of npm run image, dated at the commit, with no history', () => {
    assert.deepEqual(built.config.config, image.config.config);
    const { config, rootfs, ...rest } = built.config;
    assert.deepEqual(rest, {
      architecture: 'amd64',
      os: 'linux',
      created: new Date(commitTime * 1000).toISOString().replace('.000Z', 'Z'),
    });
    assert.equal(rootfs.diff_ids.length, 1);
  });

  it('holds the same files: paths, modes, owners, sizes, contents and times', () => {
    const expected = files(extractLayer(image, join(dir, 'image')));
    const actual = files(extractLayer(built, join(dir, 'built')));
    assert.ok(expected.size > 1000, `only ${expected.size} entries`);
    const differences = [...new Set([...expected.keys(), ...actual.keys()])]
      .filter((name) => expected.get(name) !== actual.get(name))
      .map((name) => `${name}: ${expected.get(name)} | ${actual.get(name)}`);
    assert.deepEqual(differences.slice(0, 10), [], `${differences.length} differ (npm run image | Buildah)`);
  });

  it('runs zkop version as its user, in its own root, and reports this version and revision', () => {
    const root = join(dir, 'built');
    const { User, WorkingDir, Env, Entrypoint } = built.config.config;
    const [uid, gid] = (User ?? '').split(':');
    const env = Object.fromEntries((Env ?? []).map((e) => e.split(/=(.*)/s).slice(0, 2)));
    const command = [...(Entrypoint ?? []), 'version', '-o', 'json'];
    const out = execFileSync(
      'unshare',
      [`--root=${root}`, `--wd=${WorkingDir}`, `--setuid=${uid}`, `--setgid=${gid}`, '--', ...command],
      { encoding: 'utf8', env },
    );
    const version = JSON.parse(out) as { zkop: string; revision: string };
    assert.deepEqual(
      { zkop: version.zkop, revision: version.revision },
      { zkop: packageJson.version, revision: gitRevision(ROOT) },
    );
  });
});
