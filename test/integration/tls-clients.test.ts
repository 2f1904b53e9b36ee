/**
 * A local TLS ensemble made by `zkop up` used by clients nobody here wrote, with the files
 * `zkop status` names: kazoo (Python) and zkCli (ZooKeeper's own Java client, Netty with PEM
 * stores) write and read over TLS; openssl completes a handshake on a member's quorum port with a
 * member certificate and is refused without one; a plain client gets nothing from the secure port.
 * On ZooKeeper 3.9.4 and 3.8.3.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ensureDistribution, javaCommand } from '../../src/platform/local/distribution/index.ts';
import { type EnsembleStatus, up } from '../../src/platform/local/index.ts';
import { memberPaths } from '../../src/platform/local/state/state-layout.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { FourLetterError, fourLetter } from '../../src/zk/four-letter.ts';
import { ensureKazoo, KAZOO_TLS, kazooPython } from '../support/kazoo.ts';
import { requireOpenssl, sClient } from '../support/tls-certs.ts';
import { scratch } from './lifecycle-support.ts';

const run = promisify(execFile);

for (const version of ['3.9.4', '3.8.3']) {
  describe(`clients of a zkop TLS ensemble, ZooKeeper ${version}`, () => {
    const name = `clients${version.replaceAll('.', '')}`;
    const dir = scratch('zkop-tls-clients-');
    const { stateDir } = dir;
    after(() => dir.cleanup(name));
    let status: EnsembleStatus;
    const tls = () => status.tls ?? assert.fail('no TLS in status');

    it('zkop up makes the ensemble', async () => {
      const spec = `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: 1\n  jvm: {heap: 128Mi}\n  tls: {client: {enabled: true}, quorum: {enabled: true}}\n`;
      status = (await up(dir.manifest('tls.yaml', spec), { stateDir })).status;
      assert.equal(status.healthy, true);
    });

    it('status shows when each certificate expires, as openssl reads it, and when zkop up renews it', async () => {
      const shown = tls().certificates;
      assert.deepEqual(
        shown.map((c) => [c.certificate, c.renewsAt !== undefined]),
        [
          ['ca', false],
          ['client', true],
          ['member 1', true],
        ],
      );
      for (const c of shown) {
        const { stdout } = await run('openssl', ['x509', '-noout', '-enddate', '-serial', '-in', c.file]);
        const notAfter = /notAfter=(.*)/.exec(stdout)?.[1] ?? assert.fail(stdout);
        assert.equal(new Date(notAfter).toISOString(), c.notAfter, c.certificate);
        assert.match(stdout, new RegExp(`serial=${c.serial}`, 'i'), c.certificate);
      }
    });

    it('kazoo writes and reads over TLS with the CA and client certificate', async () => {
      await ensureKazoo();
      const { stdout } = await run(
        kazooPython,
        [
          '-c',
          KAZOO_TLS,
          tls().connectString,
          tls().caFile,
          tls().clientCertFile,
          tls().clientKeyFile,
          '/kazoo',
        ],
        { timeout: 60_000 },
      );
      assert.equal(stdout.trim(), 'written by kazoo over TLS');
    });

    it('zkCli (Netty, PEM stores) writes and reads over TLS', async () => {
      const { classpath } = await ensureDistribution(version);
      const zkCli = (...command: string[]) =>
        run(
          javaCommand(),
          [
            '-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty',
            '-Dzookeeper.client.secure=true',
            `-Dzookeeper.ssl.keyStore.location=${tls().clientKeyStoreFile}`,
            '-Dzookeeper.ssl.keyStore.type=PEM',
            `-Dzookeeper.ssl.trustStore.location=${tls().caFile}`,
            '-Dzookeeper.ssl.trustStore.type=PEM',
            '-cp',
            classpath.join(':'),
            'org.apache.zookeeper.ZooKeeperMain',
            '-server',
            tls().connectString,
            ...command,
          ],
          { timeout: 60_000 },
        );
      await zkCli('create', '/zkcli', 'written-by-zkcli');
      const { stdout } = await zkCli('get', '/zkcli');
      assert.match(stdout, /^written-by-zkcli$/m);
    });

    it('openssl completes a handshake on the quorum port with a member certificate, and is refused without', async () => {
      requireOpenssl();
      const member = status.members[0] ?? assert.fail();
      const keyStore = memberPaths(stateDir, name, member.id).keyStore;
      const election = `127.0.0.1:${member.ports.election}`;
      const withCert = await sClient(election, tls().caFile, { cert: keyStore, key: keyStore });
      assert.equal(withCert.code, 0, withCert.output);
      assert.match(withCert.output, /Verify return code: 0 \(ok\)/);
      assert.doesNotMatch(withCert.output, /alert/);
      const without = await sClient(election, tls().caFile);
      assert.notEqual(without.code, 0, without.output);
      assert.match(without.output, /alert (bad certificate|certificate required|handshake failure)/);
    });

    it('a plain client is refused on the secure client port', async () => {
      const port = status.members[0]?.secureClientPort ?? assert.fail();
      const plain = await fourLetter('127.0.0.1', port, 'srvr', { timeoutMs: 3_000 }).catch(
        (e: unknown) => e,
      );
      assert.ok(plain instanceof FourLetterError, 'a plain 4lw was answered on the secure port');
      await assert.rejects(
        ZkClient.connect({ servers: `127.0.0.1:${port}`, connectTimeoutMs: 3_000, attemptTimeoutMs: 1_500 }),
      );
    });
  });
}
