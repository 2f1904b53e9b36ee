/**
 * `zkop up` with spec.auth.client.sasl on this machine, on real ZooKeeper: members refuse sessions
 * that do not authenticate with SASL DIGEST-MD5, kazoo (Python, pure-sasl) authenticated as a SASL
 * user writes and reads, a wrong password is refused; zkop itself observes and reconfigures as its
 * super user over SASL (an observer joins, a logical backup is taken and imported, a snapshot restore
 * is refused); the JAAS file is in the member's folder, owner-only.
 * On ZooKeeper 3.9.4 (FIPS mode turned off for DIGEST-MD5) and 3.8.3.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { backup } from '../../src/platform/local/backup/take-backup.ts';
import { restore } from '../../src/platform/local/commands/restore.ts';
import { status } from '../../src/platform/local/commands/status.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { JAAS_FILE } from '../../src/platform/local/lifecycle/member-config.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { memberPaths } from '../../src/platform/local/state/state-layout.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { ensureKazoo, kazooPython } from '../support/kazoo.ts';
import { clientAddresses, scratch } from './lifecycle-support.ts';

const run = promisify(execFile);

/** Prints `wrote <data>` or `refused <exception>`; with a user, authenticates as it with DIGEST-MD5. */
const KAZOO = `
import sys
from kazoo.client import KazooClient
hosts, path = sys.argv[1:3]
sasl = {"mechanism": "DIGEST-MD5", "username": sys.argv[3], "password": sys.argv[4]} if len(sys.argv) > 3 else None
zk = KazooClient(hosts=hosts, sasl_options=sasl, connection_retry={"max_tries": 2}, command_retry={"max_tries": 0})
try:
    zk.start(timeout=15)
    zk.create(path, b"written by kazoo over SASL")
    print("wrote " + zk.get(path)[0].decode())
except Exception as e:
    print("refused " + type(e).__name__)
finally:
    zk.stop()
`;

async function kazoo(
  hosts: string,
  path: string,
  user?: { name: string; password: string },
): Promise<string> {
  const args = ['-c', KAZOO, hosts, path, ...(user ? [user.name, user.password] : [])];
  return (await run(kazooPython, args, { timeout: 90_000 })).stdout.trim();
}

const manifest = (name: string, version: string, extra = '') =>
  `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: 1\n${extra}  jvm: {heap: 128Mi}\n` +
  `  auth: {client: {sasl: true}}\n`;

for (const version of ['3.9.4', '3.8.3']) {
  describe(`client SASL on a local ensemble, ZooKeeper ${version}`, () => {
    const name = `sasl${version.replaceAll('.', '')}`;
    const dir = scratch('zkop-auth-sasl-');
    const { stateDir } = dir;
    after(() => dir.cleanup(name));
    const superUser = () => ({ name: 'super', password: readState(stateDir, name)?.superPassword ?? '' });

    it('up starts members that enforce SASL, with the JAAS file owner-only in the member folder', async () => {
      const result = await up(dir.manifest('sasl.yaml', manifest(name, version)), { stateDir });
      assert.equal(result.outcome, 'created');
      assert.equal(result.status.healthy, true);
      const jaas = join(memberPaths(stateDir, name, 1).conf, JAAS_FILE);
      assert.equal((statSync(jaas).mode & 0o777).toString(8), '600');
      assert.match(readFileSync(jaas, 'utf8'), /user_super="/);
    });

    it('kazoo is refused without SASL and with a wrong password, and writes authenticated', async () => {
      await ensureKazoo();
      const hosts = clientAddresses(stateDir, name);
      assert.match(await kazoo(hosts, '/anonymous'), /^refused /);
      assert.match(await kazoo(hosts, '/wrong', { name: 'super', password: 'not-it' }), /^refused /);
      assert.equal(await kazoo(hosts, '/kazoo', superUser()), 'wrote written by kazoo over SASL');
    });

    it("zkop's own client is refused without SASL and reads kazoo's node with it", async () => {
      const servers = clientAddresses(stateDir, name);
      const anonymous = await ZkClient.connect({ servers, requestTimeoutMs: 5_000 });
      try {
        await assert.rejects(anonymous.getData('/kazoo'));
      } finally {
        await anonymous.close();
      }
      const { name: username, password } = superUser();
      const client = await ZkClient.connect({ servers, sasl: { username, password } });
      try {
        assert.equal((await client.getData('/kazoo')).data.toString(), 'written by kazoo over SASL');
      } finally {
        await client.close();
      }
    });

    it('zkop reconfigures over SASL: an observer joins', async () => {
      const result = await up(dir.manifest('sasl.yaml', manifest(name, version, '  observers: 1\n')), {
        stateDir,
        timeoutMs: 180_000,
      });
      assert.equal(result.outcome, 'reconciled');
      const after = await status(name, stateDir);
      assert.equal(after.healthy, true);
      assert.deepEqual(
        after.members.map((m) => [m.id, m.role]),
        [
          [1, 'leader'],
          [2, 'observer'],
        ],
      );
    });

    it('a logical backup and its import run over SASL; a snapshot restore is refused, naming the field', async () => {
      const to = join(stateDir, 'backups');
      const logical = await backup(name, { stateDir, to, logical: true });
      assert.ok((logical.znodes ?? 0) >= 1);
      const restored = await restore(name, { stateDir, from: to, backupId: logical.id, replace: true });
      assert.ok(restored.imported);
      if (version !== '3.9.4') return; // snapshots (the AdminServer's) are 3.9's
      const native = await backup(name, { stateDir, to, logical: false });
      await assert.rejects(
        restore(name, { stateDir, from: to, backupId: native.id, replace: false }),
        /spec\.auth\.client\.sasl: restoring a snapshot is not carried out/,
      );
    });

    it('up refuses to turn SASL off for the existing ensemble, naming the field', async () => {
      const plain = manifest(name, version, '  observers: 1\n').replace(
        '  auth: {client: {sasl: true}}\n',
        '',
      );
      await assert.rejects(up(dir.manifest('plain.yaml', plain), { stateDir }), /spec\.auth\.client\.sasl: /);
    });
  });
}

describe('what zkop up does not carry out yet', () => {
  const dir = scratch('zkop-auth-not-yet-');
  after(() => dir.cleanup('notyet'));

  it('is refused before anything starts, the field named', async () => {
    const spec =
      'metadata: {name: notyet}\nspec:\n  version: "3.9.4"\n' +
      '  tls: {client: {enabled: true, clientAuth: need}}\n' +
      '  auth: {client: {sasl: true, x509: true}, quorum: {sasl: true}}\n' +
      '---\napiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeperTenant\nmetadata: {name: orders}\n' +
      'spec: {ensemble: notyet, path: /orders}\n';
    const refusal = /spec\.auth\.client\.x509: not carried out by zkop up yet; nothing was started/;
    await assert.rejects(up(dir.manifest('notyet.yaml', spec), { stateDir: dir.stateDir }), refusal);
    assert.equal(readState(dir.stateDir, 'notyet'), undefined);
  });

  it('a new ensemble from a backup (spec.bootstrap) is refused too, saying how to restore instead', async () => {
    const spec =
      'metadata: {name: notyet}\nspec:\n  version: "3.9.4"\n' +
      '  bootstrap: {backup: {s3: {bucket: zk-backups, prefix: prod, credentialsSecretRef: {name: s3}}}}\n';
    await assert.rejects(
      up(dir.manifest('bootstrap.yaml', spec), { stateDir: dir.stateDir }),
      /spec\.bootstrap: not carried out by zkop up yet; .* zkop restore notyet --from s3:\/\/zk-backups\/prod; nothing was started/,
    );
    assert.equal(readState(dir.stateDir, 'notyet'), undefined);
  });
});
