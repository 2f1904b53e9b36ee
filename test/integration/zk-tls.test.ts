/**
 * zkop's ZooKeeper client, 4lw client, AdminServer client and inspect() over TLS with client
 * certificates, against real servers with a Netty secure client port (`ssl.clientAuth=need`) and an
 * HTTPS AdminServer (`admin.forceHttps`), certificates made by openssl.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adminCommand } from '../../src/zk/admin.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { isZkError } from '../../src/zk/errors.ts';
import { FourLetterError, fourLetter } from '../../src/zk/four-letter.ts';
import { parseSrvr } from '../../src/zk/four-letter-parse.ts';
import { inspect } from '../../src/zk/inspect.ts';
import type { TlsOptions } from '../../src/zk/tls-options.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.ts';

/** The releases whose TLS settings zkop relies on (PEM stores, Netty, HTTPS AdminServer). */
const versions = ['3.9.4', '3.8.3'];

/** zoo.cfg for TLS on the secure client port and HTTPS on the AdminServer, from PEM files. */
function tlsConfig(certs: TestCerts): Record<string, string> {
  const stores = (prefix: string) => ({
    [`${prefix}.keyStore.location`]: certs.server.keyStore,
    [`${prefix}.keyStore.type`]: 'PEM',
    [`${prefix}.trustStore.location`]: certs.ca.cert,
    [`${prefix}.trustStore.type`]: 'PEM',
  });
  return {
    serverCnxnFactory: 'org.apache.zookeeper.server.NettyServerCnxnFactory',
    ...stores('ssl'),
    'ssl.clientAuth': 'need',
    'admin.forceHttps': 'true',
    ...stores('ssl.quorum'),
  };
}

/** The error `connect` fails with (it must fail). */
async function connectError(servers: string, tls: TlsOptions): Promise<Error> {
  try {
    const client = await ZkClient.connect({ servers, tls, connectTimeoutMs: 3000, attemptTimeoutMs: 1500 });
    await client.close();
  } catch (err) {
    return err as Error;
  }
  assert.fail('the TLS connection was accepted');
}

for (const version of versions) {
  describe(`TLS to ZooKeeper ${version}`, () => {
    let zk: TestEnsemble;
    let certs: TestCerts;
    let secure: string;
    let securePort: number;

    before(async () => {
      certs = makeTestCerts(mkdtempSync(join(tmpdir(), 'zkop-test-certs-')));
      zk = await startEnsemble({ members: 1, version, secureClientConfig: tlsConfig(certs) });
      const member = zk.members[0];
      assert.ok(member);
      securePort = member.secureClientPort;
      secure = `127.0.0.1:${securePort}`;
    });
    after(async () => {
      await zk?.stop();
      if (certs) rmSync(certs.dir, { recursive: true, force: true });
    });

    it('creates, reads and deletes through TLS with a client certificate', async () => {
      const client = await ZkClient.connect({ servers: secure, tls: certs.tls(), sessionTimeoutMs: 10_000 });
      try {
        await client.create('/tls', { data: 'over tls' });
        const { data } = await client.getData('/tls');
        assert.equal(data.toString(), 'over tls');
        await client.delete('/tls');
        assert.equal(await client.exists('/tls'), null);
      } finally {
        await client.close();
      }
    });

    it('verifies the server by the name given when the host dialled is not in its certificate', async () => {
      const client = await ZkClient.connect({
        servers: `localhost:${securePort}`,
        tls: { ...certs.tls(), serverName: '127.0.0.1' },
      });
      await client.close();
      const err = await connectError(secure, { ...certs.tls(), serverName: 'zk.example.org' });
      assert.match(err.message, /does not name the host dialled/);
    });

    it('is refused without a client certificate, saying one is needed', async () => {
      const err = await connectError(secure, certs.tls({ withClientCert: false }));
      assert.ok(isZkError(err) && err.code === 'CONNECTIONLOSS', String(err));
      assert.match(err.message, /requires a client certificate/);
    });

    it('refuses a server signed by another CA, and the server refuses a client signed by one', async () => {
      const untrusted = await connectError(secure, certs.tls({ ca: 'otherCa' }));
      assert.match(untrusted.message, /not signed by the CA given/);
      const foreign = await connectError(secure, certs.tls({ client: 'otherClient' }));
      assert.match(foreign.message, /refused the client certificate/);
    });

    it('tells a refused connection from a TLS failure', async () => {
      const plainPortTls = await fourLetter('127.0.0.1', zk.members[0]?.clientPort ?? 0, 'srvr', {
        timeoutMs: 2000,
        tls: certs.tls(),
      }).catch((e: unknown) => e);
      assert.ok(plainPortTls instanceof FourLetterError);
      assert.ok(['tls', 'reset'].includes(plainPortTls.kind), plainPortTls.message);
      await zk.stopMember(1);
      try {
        const refused = await fourLetter('127.0.0.1', securePort, 'srvr', {
          timeoutMs: 2000,
          tls: certs.tls(),
        }).catch((e: unknown) => e);
        assert.ok(refused instanceof FourLetterError);
        assert.equal(refused.kind, 'connect', refused.message);
      } finally {
        await zk.startMember(1);
      }
    });

    it('answers 4lw srvr over TLS', async () => {
      const report = parseSrvr(
        await fourLetter('127.0.0.1', securePort, 'srvr', { timeoutMs: 5000, tls: certs.tls() }),
      );
      assert.equal(report.serving, true);
      assert.equal(report.version, version);
    });

    it('answers AdminServer commands over HTTPS', async () => {
      const adminPort = zk.members[0]?.adminPort ?? 0;
      const ruok = await adminCommand('127.0.0.1', adminPort, 'ruok', { timeoutMs: 5000, tls: certs.tls() });
      assert.equal(ruok.error, null);
      const untrusted = await adminCommand('127.0.0.1', adminPort, 'ruok', {
        timeoutMs: 5000,
        tls: certs.tls({ ca: 'otherCa' }),
      }).catch((e: unknown) => e as Error);
      assert.match((untrusted as Error).message, /not signed by the CA given/);
    });

    it('inspects the member over TLS as serving, with the committed config', async () => {
      const member = zk.members[0];
      assert.ok(member);
      const o = await inspect(
        [{ id: 1, host: '127.0.0.1', clientPort: securePort, adminPort: member.adminPort }],
        {
          timeoutMs: 5000,
          tls: certs.tls(),
          adminTls: certs.tls(),
        },
      );
      assert.deepEqual(o.problems, []);
      assert.equal(o.members[0]?.serving, true);
      assert.equal(o.members[0]?.version, version);
      assert.equal(o.committedConfig?.source, 'zookeeper-config');
    });
  });
}
