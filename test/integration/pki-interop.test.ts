/**
 * zkop's own certificates (src/pki) accepted by software nobody here wrote: openssl verifies and
 * prints them, Python's ssl module loads the keys and key stores, and real ZooKeeper 3.8.3 and 3.9.4
 * ensembles run quorum TLS between three members (hostname verification both ways) and serve a
 * client with a client certificate on the secure port.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ZkClient } from '../../src/zk/client.ts';
import { startEnsemble } from '../support/ensemble.ts';
import { requireOpenssl } from '../support/tls-certs.ts';
import { makeZkopCerts } from '../support/zkop-certs.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-pki-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const certs = makeZkopCerts(dir);
const files = {
  ca: certs.files.ca,
  member: certs.files.memberCert,
  memberKey: certs.files.memberKey,
  keyStore: certs.files.keyStore,
  client: certs.files.clientCert,
  clientKey: certs.files.clientKey,
};
const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('openssl', () => {
  it('verifies member certificates for server and client use, client certificates for client use only', () => {
    requireOpenssl();
    const verify = (purpose: string, cert: string) =>
      openssl('verify', '-x509_strict', '-CAfile', files.ca, '-purpose', purpose, cert);
    assert.match(verify('sslserver', files.member), /: OK/);
    assert.match(verify('sslclient', files.member), /: OK/);
    assert.match(verify('sslclient', files.client), /: OK/);
    assert.throws(() => verify('sslserver', files.client), /unsuitable certificate purpose/);
  });
  it('reads every field of a member certificate and its key', () => {
    const text = openssl('x509', '-in', files.member, '-noout', '-text');
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Issuer: CN = zkop zk CA/);
    assert.match(text, /DNS:localhost, IP Address:127\.0\.0\.1/);
    assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
    assert.match(text, /CA:FALSE/);
    assert.match(openssl('pkey', '-in', files.memberKey, '-noout', '-text'), /NIST CURVE: P-256/);
    assert.match(openssl('x509', '-in', files.ca, '-noout', '-text'), /CA:TRUE/);
  });
});

describe("Python's ssl module", () => {
  it('loads the key store (key and chain in one file), the client key and certificate, and the CA', () => {
    const script = [
      'import ssl, sys',
      'ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)',
      'ctx.load_verify_locations(sys.argv[1])',
      'ctx.load_cert_chain(sys.argv[2])',
      'ctx.load_cert_chain(sys.argv[3], sys.argv[4])',
      'print("loaded")',
    ].join('\n');
    const out = execFileSync(
      'python3',
      ['-c', script, files.ca, files.keyStore, files.client, files.clientKey],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(out.trim(), 'loaded');
  });
});

for (const version of ['3.9.4', '3.8.3']) {
  describe(`ZooKeeper ${version}`, () => {
    it('runs quorum TLS with verified hostnames and serves a client with a certificate', async () => {
      const stores = (prefix: string) => ({
        [`${prefix}.keyStore.location`]: files.keyStore,
        [`${prefix}.keyStore.type`]: 'PEM',
        [`${prefix}.trustStore.location`]: files.ca,
        [`${prefix}.trustStore.type`]: 'PEM',
      });
      const zk = await startEnsemble({
        members: 3,
        version,
        secureClientConfig: {
          serverCnxnFactory: 'org.apache.zookeeper.server.NettyServerCnxnFactory',
          ...stores('ssl'),
          'ssl.clientAuth': 'need',
          sslQuorum: 'true',
          'ssl.quorum.hostnameVerification': 'true',
          ...stores('ssl.quorum'),
        },
      });
      try {
        const log = zk.logTail(1, 400);
        assert.match(log, /Using TLS encrypted quorum communication/);
        const secure = zk.members.map((m) => `127.0.0.1:${m.secureClientPort}`).join(',');
        const session = await ZkClient.connect({ servers: secure, tls: certs.tls() });
        try {
          await session.create('/pki', { data: version });
          assert.equal((await session.getData('/pki')).data.toString(), version);
        } finally {
          await session.close();
        }
      } finally {
        await zk.stop();
      }
    });
  });
}
