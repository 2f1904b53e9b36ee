/**
 * Backup and restore of a local 3.9.4 ensemble through `bin/zkop`, checked by kazoo (a client nobody
 * here wrote): znodes with binary data, ACLs and a deep chain are backed up as a snapshot and as
 * logical records into a directory and into a real S3-compatible server (SeaweedFS, built from its Go
 * module), then wiped and restored; kazoo reads every znode back on every member, byte for byte.
 * A tampered or truncated backup is refused before anything moves; a missing bucket and wrong
 * credentials are clear failures.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { ensureKazoo, kazooPython } from '../support/kazoo.ts';
import { type S3Server, startS3Server } from '../support/s3-server.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tree = join(root, 'test', 'support', 'kazoo-tree.py');
const stateDir = mkdtempSync(join(tmpdir(), 'zkop-backup-'));
const backups = join(stateDir, 'backups');
const name = 'bk';
const COUNT = 400;
let s3: S3Server;

/** Commands on an ensemble get this test's state directory; `backup list` and `export` take none. */
const withStateDir = (args: string[]) =>
  args[0] === 'export' || args[1] === 'list' ? args : [...args, '--state-dir', stateDir];

function zkop(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(join(root, 'bin', 'zkop'), withStateDir(args), {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(args: string[], env: Record<string, string> = {}) {
  const result = zkop(args, env);
  assert.equal(result.code, 0, `zkop ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result;
}

const state = () => {
  const found = readState(stateDir, name);
  assert.ok(found);
  return found;
};
const memberServers = () => state().members.map((m) => `127.0.0.1:${m.ports.client}`);
const superAuth = () => `super:${state().superPassword}`;

async function kazoo(...args: string[]): Promise<string> {
  const { stdout } = await run(kazooPython, [tree, ...args], {
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** What each member serves under /data, as kazoo reads it. */
async function dumps(): Promise<string[]> {
  return Promise.all(memberServers().map((server) => kazoo('dump', server, '/data', superAuth())));
}

const idOf = (stdout: string) => /^(\d{8}T\d{9}Z-(?:native|logical))/.exec(stdout)?.[1] ?? '';

let expected: string;

before(async () => {
  await ensureKazoo();
  writeFileSync(
    join(stateDir, 'zk.yaml'),
    `apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 3\n  jvm: {heap: 128Mi}\n`,
  );
  ok(['up', '-f', join(stateDir, 'zk.yaml')]);
  await kazoo('write', memberServers().join(','), '/data', String(COUNT), '15');
  const all = await dumps();
  expected = all[0] ?? '';
  assert.equal(expected.trim().split('\n').length, COUNT + 1);
  assert.ok(all.every((d) => d === expected));
});

after(async () => {
  for (const p of Object.values(readState(stateDir, name)?.processes ?? {}))
    await stopProcess(p.pid, { startTime: p.startTime, graceMs: 2000 });
  await s3?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function wipe(): Promise<void> {
  const { ZkClient } = await import('../../src/zk/client.ts');
  const client = await ZkClient.connect({ servers: memberServers().join(',') });
  try {
    await client.addAuth('digest', superAuth());
    const remove = async (path: string): Promise<void> => {
      for (const child of (await client.getChildren(path)).children) await remove(`${path}/${child}`);
      await client.delete(path);
    };
    await remove('/data');
    await client.create('/data', { data: 'written after the backup' });
  } finally {
    await client.close();
  }
}

describe('to a directory', () => {
  let native = '';
  let logical = '';

  test('a snapshot and a logical backup are listed with their zxid, size and checksum', () => {
    native = idOf(ok(['backup', name, '--to', backups]).stdout);
    logical = idOf(ok(['backup', name, '--to', backups, '--logical']).stdout);
    const listing = JSON.parse(ok(['backup', 'list', '--from', backups, '-o', 'json']).stdout);
    assert.deepEqual(
      listing.complete.map((m: { id: string }) => m.id),
      [native, logical],
    );
    assert.equal(listing.complete[1].znodes, COUNT + 1);
  });

  test('a tampered snapshot and a truncated logical backup are refused before anything moves', async () => {
    const bad = join(stateDir, 'tampered');
    cpSync(backups, bad, { recursive: true });
    const snapshot = join(bad, native, 'snapshot.bin');
    const bytes = readFileSync(snapshot);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
    writeFileSync(snapshot, bytes);
    const refused = zkop(['restore', name, '--from', bad, '--backup', native]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /does not match its manifest .* refused; nothing was restored/);
    truncateSync(join(bad, logical, 'znodes.ndjson'), 100);
    const listed = JSON.parse(ok(['backup', 'list', '--from', bad, '-o', 'json']).stdout);
    assert.deepEqual(
      listed.complete.map((m: { id: string }) => m.id),
      [native],
    );
    const truncated = zkop(['restore', name, '--from', bad, '--backup', logical]);
    assert.equal(truncated.code, 1);
    assert.match(truncated.stderr, /not complete: its payload has 100 bytes/);
    const manifest = join(bad, native, 'manifest.json');
    cpSync(join(backups, native, 'snapshot.bin'), snapshot);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"3.9.4"', '"3.8.3"'));
    const otherVersion = zkop(['restore', name, '--from', bad, '--backup', native]);
    assert.equal(otherVersion.code, 2, otherVersion.stderr);
    assert.match(otherVersion.stderr, /same minor version \(3\.8\.x\) only.*nothing was changed/);
    assert.equal(state().restore, undefined);
    assert.deepEqual(await dumps(), [expected, expected, expected]);
  });

  /** Starts `zkop restore` and calls `when` once its progress shows `line`; resolves with its exit. */
  function restoreUntil(id: string, line: RegExp, when: (pid: number) => void) {
    const child = spawn(
      join(root, 'bin', 'zkop'),
      withStateDir(['restore', name, '--from', backups, '--backup', id]),
    );
    let stderr = '';
    let fired = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!fired && line.test(stderr)) {
        fired = true;
        when(child.pid ?? 0);
      }
    });
    return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stderr })),
    );
  }

  test('a member killed halfway through a restore: the restore is undone, every member keeps its old data', async () => {
    await wipe();
    const before = await dumps();
    const victim = state().members[1]?.id ?? 2;
    const outcome = await restoreUntil(native, /member 1: old data set aside/, () => {
      const p = state().processes[String(victim)];
      if (p) process.kill(p.pid, 'SIGKILL');
    });
    assert.equal(outcome.code, 1, outcome.stderr);
    assert.match(outcome.stderr, /failed and was undone; the ensemble has its old data/);
    assert.equal(state().restore, undefined);
    assert.deepEqual(await dumps(), before);
  });

  test('zkop killed halfway through a restore: lifecycle commands and backups refuse, zkop restore NAME undoes it', async () => {
    const before = await dumps();
    const outcome = await restoreUntil(native, /member 2: old data set aside/, (pid) =>
      process.kill(pid, 'SIGKILL'),
    );
    assert.equal(outcome.signal, 'SIGKILL');
    assert.equal(state().restore?.phase, 'restoring');
    const up = zkop(['up', '-f', join(stateDir, 'zk.yaml')]);
    assert.equal(up.code, 1);
    assert.match(up.stderr, /stopped halfway; run 'zkop restore bk' to finish or undo it first/);
    const backupNow = zkop(['backup', name, '--to', backups]);
    assert.equal(backupNow.code, 1);
    assert.match(backupNow.stderr, /was stopped halfway; back up once 'zkop restore bk' has settled it/);
    const settled = ok(['restore', name]);
    assert.match(settled.stdout, /the restore a stopped zkop left was undone/);
    assert.equal(state().restore, undefined);
    assert.deepEqual(await dumps(), before);
  });

  test('zkop killed once every member holds the snapshot: zkop restore NAME finishes the restore', async () => {
    const outcome = await restoreUntil(native, /every member holds the restored snapshot/, (pid) =>
      process.kill(pid, 'SIGKILL'),
    );
    assert.equal(outcome.signal, 'SIGKILL');
    assert.equal(state().restore?.phase, 'unfencing');
    const settled = ok(['restore', name]);
    assert.match(settled.stdout, /the restore a stopped zkop left was finished/);
    assert.equal(state().restore, undefined);
    assert.deepEqual(await dumps(), [expected, expected, expected]);
  });

  test('a snapshot restored over changed data gives every member the backed-up znodes', async () => {
    await wipe();
    assert.notEqual((await dumps())[0], expected);
    const restored = ok(['restore', name, '--from', backups, '--backup', native]);
    assert.match(restored.stdout, /restored .*native/);
    assert.deepEqual(await dumps(), [expected, expected, expected]);
    assert.equal(state().restore, undefined);
    assert.deepEqual(readdirSync(join(stateDir, name, 'members', '1')).includes('restore-aside'), false);
  });

  test('a logical backup imports into a wiped tree; existing znodes are refused unless --replace', async () => {
    const refused = zkop(['restore', name, '--from', backups, '--backup', logical]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already exist .* nothing was written/);
    await wipe();
    const { ZkClient } = await import('../../src/zk/client.ts');
    const client = await ZkClient.connect({ servers: memberServers().join(',') });
    await client.addAuth('digest', superAuth());
    await client.delete('/data');
    await client.close();
    ok(['restore', name, '--from', backups, '--backup', logical]);
    assert.deepEqual(await dumps(), [expected, expected, expected]);
    const replaced = ok(['restore', name, '--from', backups, '--backup', logical, '--replace']);
    assert.match(replaced.stdout, new RegExp(`0 znodes created, ${COUNT + 1} replaced`));
  });
  test('a backup killed while it writes is never listed as complete', async () => {
    const { ZkClient } = await import('../../src/zk/client.ts');
    const client = await ZkClient.connect({ servers: memberServers().join(','), requestTimeoutMs: 60_000 });
    const bulk = Array.from({ length: 6000 }, (_, i) => `/bulk/n${i}`);
    const inBatches = async (work: (path: string) => Promise<unknown>) => {
      for (let i = 0; i < bulk.length; i += 500) await Promise.all(bulk.slice(i, i + 500).map(work));
    };
    try {
      await client.create('/bulk');
      await inBatches((path) => client.create(path, { data: Buffer.alloc(2000, 1) }));
      const before = JSON.parse(ok(['backup', 'list', '--from', backups, '-o', 'json']).stdout);
      const child = spawn(
        join(root, 'bin', 'zkop'),
        withStateDir(['backup', name, '--to', backups, '--logical']),
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      // Killed once its payload is being written: the partial file is there, the manifest is not.
      let killedId = '';
      while (killedId === '') {
        const id = /writing .*\/(\d{8}T\d{9}Z-logical)\/znodes\.ndjson/.exec(stderr)?.[1];
        const folder = join(backups, id ?? '-');
        const partial = id && existsSync(folder) && readdirSync(folder).some((f) => f.includes('.partial-'));
        if (id && partial) {
          child.kill('SIGKILL');
          killedId = id;
        }
        await sleep(5);
      }
      await exited;
      assert.equal(readdirSync(join(backups, killedId)).includes('manifest.json'), false, stderr);
      const after = JSON.parse(ok(['backup', 'list', '--from', backups, '-o', 'json']).stdout);
      assert.deepEqual(after, before);
      await inBatches((path) => client.delete(path));
      await client.delete('/bulk');
    } finally {
      await client.close();
    }
  });
});

describe('to S3 (SeaweedFS)', () => {
  before(async () => {
    s3 = await startS3Server();
  });

  test('snapshot and logical backups go to a bucket and restore from it', async () => {
    await s3.createBucket('zkop-backups');
    const native = idOf(ok(['backup', name, '--to', 's3://zkop-backups/prod'], s3.env).stdout);
    const logical = idOf(ok(['backup', name, '--to', 's3://zkop-backups/prod', '--logical'], s3.env).stdout);
    const listing = JSON.parse(
      ok(['backup', 'list', '--from', 's3://zkop-backups/prod', '-o', 'json'], s3.env).stdout,
    );
    assert.deepEqual(
      listing.complete.map((m: { id: string }) => m.id),
      [native, logical],
    );
    await wipe();
    ok(['restore', name, '--from', 's3://zkop-backups/prod', '--backup', native], s3.env);
    assert.deepEqual(await dumps(), [expected, expected, expected]);
  });

  test('a missing bucket, wrong credentials, a read-only identity and an unreachable endpoint are clear failures', () => {
    const missing = zkop(['backup', name, '--to', 's3://no-such-bucket/x'], s3.env);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /bucket 'no-such-bucket' does not exist/);
    const wrong = zkop(['backup', name, '--to', 's3://zkop-backups/x'], {
      ...s3.env,
      AWS_SECRET_ACCESS_KEY: 'wrong',
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /credentials were refused.*check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
    const readOnly = zkop(['backup', name, '--to', 's3://zkop-backups/prod'], s3.readOnlyEnv);
    assert.equal(readOnly.code, 1);
    assert.match(readOnly.stderr, /writing .* access denied \(HTTP 403\)/);
    const listed = JSON.parse(
      ok(['backup', 'list', '--from', 's3://zkop-backups/prod', '-o', 'json'], s3.readOnlyEnv).stdout,
    );
    assert.equal(listed.complete.length, 2);
    const away = zkop(['backup', 'list', '--from', 's3://zkop-backups/x'], {
      ...s3.env,
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
    });
    assert.equal(away.code, 1);
    assert.match(away.stderr, /cannot reach the S3 endpoint/);
  });
});
