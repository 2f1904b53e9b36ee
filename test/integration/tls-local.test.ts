/**
 * `zkop up` with spec.tls on this machine, on real ZooKeeper: zkop makes the CA and certificates,
 * members serve client TLS and talk TLS to each other, status names the secure ports and the files a
 * client connects with, and certificates due for renewal are renewed by `zkop up` and by `--watch`
 * and served without a restart (3.9.4; 3.8.3 on the quorum), or after a restart of that member only
 * where ZooKeeper cannot reload (3.8.3's secure client port). A TLS ensemble backs up (its snapshot
 * from the AdminServer over HTTPS, its znodes over TLS) and restores both, checked by kazoo over TLS.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backup } from '../../src/platform/local/commands/backup.ts';
import { restore } from '../../src/platform/local/commands/restore.ts';
import { status } from '../../src/platform/local/commands/status.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { watch } from '../../src/platform/local/commands/watch.ts';
import { ensembleTlsPaths, memberPaths } from '../../src/platform/local/state/state-layout.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { ageMemberCertificate, servedSerial } from '../support/certificate-probe.ts';
import { ensureKazoo, kazooOpsOverTls } from '../support/kazoo.ts';
import { eventually, scratch } from './lifecycle-support.ts';

const manifest = (name: string, version: string, client: boolean) =>
  `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: 3\n  jvm: {heap: 128Mi}\n` +
  `  tls: {client: {enabled: ${client}}, quorum: {enabled: true}}\n`;

/** Waits until `port` serves the certificate `serial`. */
async function serves(
  stateDir: string,
  name: string,
  port: number,
  serial: string,
  asMember?: number,
): Promise<void> {
  await eventually(
    async () => (await servedSerial(stateDir, name, port, asMember)) === serial,
    15_000,
    `port ${port} to serve ${serial}`,
  );
}

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe('ZooKeeper 3.9.4 with client and quorum TLS', () => {
  const name = 'tls394';
  const dir = scratch('zkop-tls-local-');
  const { stateDir } = dir;
  before(ensureKazoo);
  after(() => dir.cleanup(name));

  it('up makes the CA and certificates; members serve TLS; status shows the TLS ports and client files', async () => {
    const result = await up(dir.manifest('tls.yaml', manifest(name, '3.9.4', true)), { stateDir });
    assert.equal(result.outcome, 'created');
    const tls = result.status.tls;
    assert.ok(tls);
    assert.deepEqual([tls.client, tls.clientAuth, tls.quorum], [true, 'need', true]);
    assert.equal(tls.connectString.split(',').length, 3);
    assert.ok(result.status.members.every((m) => m.secureClientPort !== null && m.quorumTls === 'tls'));
    const paths = ensembleTlsPaths(stateDir, name);
    assert.deepEqual([paths.caKey, paths.clientKey, memberPaths(stateDir, name, 1).keyStore].map(mode), [
      '600',
      '600',
      '600',
    ]);
    assert.equal(tls.caFile, paths.caCert);
    const { readFileSync } = await import('node:fs');
    const client = await ZkClient.connect({
      servers: tls.connectString,
      tls: {
        ca: readFileSync(tls.caFile),
        cert: readFileSync(tls.clientCertFile),
        key: readFileSync(tls.clientKeyFile),
      },
    });
    try {
      await client.create('/over-tls', { data: 'yes' });
      assert.equal((await client.getData('/over-tls')).data.toString(), 'yes');
    } finally {
      await client.close();
    }
  });

  it('backs up (a snapshot over HTTPS, znodes over TLS) and restores both; kazoo over TLS reads back what it wrote', async () => {
    const tls = (await status(name, stateDir)).tls;
    assert.ok(tls);
    const files = { ca: tls.caFile, cert: tls.clientCertFile, key: tls.clientKeyFile };
    const kazoo = (...ops: string[]) => kazooOpsOverTls(tls.connectString, files, ...ops);
    assert.deepEqual(await kazoo('create:/kept:before the backups'), ['ok']);
    const to = join(stateDir, 'backups');
    const snapshot = await backup(name, { stateDir, to, logical: false });
    const logical = await backup(name, { stateDir, to, logical: true });
    assert.ok((logical.znodes ?? 0) >= 2, JSON.stringify(logical));
    assert.deepEqual(await kazoo('delete:/kept', 'create:/later:after the backups'), ['ok', 'ok']);
    await restore(name, { stateDir, from: to, backupId: snapshot.id, replace: false });
    assert.deepEqual(await kazoo('get:/kept', 'get:/later'), ['ok before the backups', 'NoNodeError']);
    assert.deepEqual(await kazoo('delete:/kept'), ['ok']);
    const imported = await restore(name, { stateDir, from: to, backupId: logical.id, replace: true });
    assert.ok((imported.imported?.created ?? 0) >= 1, JSON.stringify(imported.imported));
    assert.deepEqual(await kazoo('get:/kept'), ['ok before the backups']);
  });

  it('up renews a certificate due for renewal; the member serves it on both ports without a restart', async () => {
    const before = await status(name, stateDir);
    const member = before.members.find((m) => m.id === 1);
    assert.ok(member?.secureClientPort);
    const aged = ageMemberCertificate(stateDir, name, 1, 70);
    await serves(stateDir, name, member.secureClientPort, aged);
    const lines: string[] = [];
    await up(dir.manifest('tls.yaml', manifest(name, '3.9.4', true)), {
      stateDir,
      onProgress: (l) => lines.push(l),
    });
    const renewed = /renewed the certificate of member 1 \(serial ([0-9A-F]+)/.exec(lines.join('\n'))?.[1];
    assert.ok(renewed, lines.join('\n'));
    await serves(stateDir, name, member.secureClientPort, renewed);
    await serves(stateDir, name, member.ports.election, renewed, 2);
    assert.equal((await status(name, stateDir)).members.find((m) => m.id === 1)?.pid, member.pid);
  });

  it('up --watch renews too, in its next pass', async () => {
    const member = (await status(name, stateDir)).members.find((m) => m.id === 2);
    assert.ok(member?.secureClientPort);
    const aged = ageMemberCertificate(stateDir, name, 2, 70);
    await serves(stateDir, name, member.secureClientPort, aged);
    const controller = new AbortController();
    let renewed: string | undefined;
    await watch(name, {
      stateDir,
      signal: controller.signal,
      intervalMs: 200,
      onProgress: (line) => {
        renewed ??= /renewed the certificate of member 2 \(serial ([0-9A-F]+)/.exec(line)?.[1];
        if (renewed) controller.abort();
      },
    });
    assert.ok(renewed);
    await serves(stateDir, name, member.secureClientPort, renewed);
    assert.equal((await status(name, stateDir)).members.find((m) => m.id === 2)?.pid, member.pid);
  });
});

describe('ZooKeeper 3.8.3 with quorum TLS', () => {
  const name = 'tls383';
  const dir = scratch('zkop-tls-local-');
  const { stateDir } = dir;
  after(() => dir.cleanup(name));

  it('renews a member certificate and serves it on the quorum without a restart', async () => {
    const created = await up(dir.manifest('tls.yaml', manifest(name, '3.8.3', false)), { stateDir });
    assert.equal(created.status.healthy, true);
    assert.equal(created.status.tls?.connectString, '');
    const member = created.status.members.find((m) => m.id === 1);
    assert.ok(member);
    const aged = ageMemberCertificate(stateDir, name, 1, 70);
    await serves(stateDir, name, member.ports.election, aged, 2);
    const lines: string[] = [];
    await up(dir.manifest('tls.yaml', manifest(name, '3.8.3', false)), {
      stateDir,
      onProgress: (l) => lines.push(l),
    });
    const renewed = /renewed the certificate of member 1 \(serial ([0-9A-F]+)/.exec(lines.join('\n'))?.[1];
    assert.ok(renewed, lines.join('\n'));
    await serves(stateDir, name, member.ports.election, renewed, 2);
    assert.equal((await status(name, stateDir)).members.find((m) => m.id === 1)?.pid, member.pid);
  });

  it('with client TLS, which 3.8.3 cannot reload, the renewed member alone is restarted to serve it', async () => {
    const lines: string[] = [];
    const changed = await up(dir.manifest('tls.yaml', manifest(name, '3.8.3', true)), {
      stateDir,
      timeoutMs: 180_000,
      onProgress: (l) => lines.push(l),
    });
    assert.equal(changed.status.tls?.connectString.split(',').length, 3, lines.join('\n'));
    const member = changed.status.members.find((m) => m.id === 3);
    assert.ok(member?.secureClientPort);
    const others = changed.status.members.filter((m) => m.id !== 3).map((m) => m.pid);
    const aged = ageMemberCertificate(stateDir, name, 3, 70);
    const renewalRun: string[] = [];
    await up(dir.manifest('tls.yaml', manifest(name, '3.8.3', true)), {
      stateDir,
      onProgress: (l) => renewalRun.push(l),
    });
    const renewed = /renewed the certificate of member 3 \(serial ([0-9A-F]+)/.exec(
      renewalRun.join('\n'),
    )?.[1];
    assert.ok(renewed && renewed !== aged, renewalRun.join('\n'));
    const after = await status(name, stateDir);
    assert.notEqual(after.members.find((m) => m.id === 3)?.pid, member.pid, renewalRun.join('\n'));
    assert.deepEqual(
      after.members.filter((m) => m.id !== 3).map((m) => m.pid),
      others,
    );
    await serves(stateDir, name, member.secureClientPort, renewed);
    assert.equal(after.healthy, true);
  });
});
