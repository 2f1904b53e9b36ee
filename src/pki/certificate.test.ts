import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { connect, createServer } from 'node:tls';
import {
  issueClientCertificate,
  issueMemberCertificate,
  keyStorePem,
  LEAF_VALIDITY_DAYS,
  newCertificateAuthority,
} from './ensemble-pki.ts';
import { ipAddressBytes } from './ip-address.ts';

const now = new Date('2030-06-01T12:00:00Z');
const ca = newCertificateAuthority('zk', now);
const ref = { ensemble: 'zk', ca };
const names = { dnsNames: ['localhost', 'zk-0.zk-hs.ns.svc'], ipAddresses: ['127.0.0.1', '::1'] };
const member = issueMemberCertificate(ref, 'zk member 1', names, now);
const client = issueClientCertificate(ref, 'zk client', now);
const x509 = (pem: string) => new X509Certificate(pem);

describe('an ensemble CA', () => {
  test('is a self-signed CA certificate', () => {
    const cert = x509(ca.certificate);
    assert.equal(cert.ca, true);
    assert.equal(cert.subject, 'CN=zkop zk CA');
    assert.equal(cert.issuer, cert.subject);
    assert.ok(cert.verify(cert.publicKey));
    assert.ok(cert.checkIssued(cert));
  });
  test('keys are EC P-256 in PKCS#8 PEM', () => {
    assert.match(ca.privateKey, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(x509(ca.certificate).publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  });
});

describe('a member certificate', () => {
  const cert = x509(member.certificate);
  test('is signed by the CA and is no CA itself', () => {
    assert.ok(cert.verify(x509(ca.certificate).publicKey));
    assert.ok(cert.checkIssued(x509(ca.certificate)));
    assert.equal(cert.ca, false);
    assert.equal(cert.subject, 'CN=zk member 1');
  });
  test('names every name and address it is reached by', () => {
    assert.equal(
      cert.subjectAltName,
      'DNS:localhost, DNS:zk-0.zk-hs.ns.svc, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    assert.equal(cert.checkHost('zk-0.zk-hs.ns.svc'), 'zk-0.zk-hs.ns.svc');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkHost('zk-1.zk-hs.ns.svc'), undefined);
  });
  test('serves and dials (server and client use); a client certificate only dials', () => {
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.deepEqual(x509(client.certificate).keyUsage, ['1.3.6.1.5.5.7.3.2']);
  });
  test(`is valid ${LEAF_VALIDITY_DAYS} days from (a little before) the time given`, () => {
    assert.ok(cert.validFromDate < now);
    assert.equal(cert.validToDate.getTime() - now.getTime(), LEAF_VALIDITY_DAYS * 86_400_000);
  });
  test('serials are random and positive', () => {
    const other = issueMemberCertificate(ref, 'zk member 1', names, now);
    assert.notEqual(x509(other.certificate).serialNumber, cert.serialNumber);
    assert.ok(Number.parseInt(cert.serialNumber.slice(0, 2), 16) < 0x80);
  });
  test('needs a name', () => {
    assert.throws(
      () => issueMemberCertificate(ref, 'x', { dnsNames: [], ipAddresses: [] }, now),
      /at least one name/,
    );
  });
  test('the key store holds the key and the chain', () => {
    const store = keyStorePem(member, ca.certificate);
    assert.equal(store.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
    assert.ok(store.startsWith(member.privateKey));
  });
});

test('IP addresses as certificate bytes', () => {
  assert.equal(ipAddressBytes('10.1.2.3').toString('hex'), '0a010203');
  assert.equal(ipAddressBytes('::1').toString('hex'), `${'0'.repeat(30)}01`);
  assert.equal(ipAddressBytes('fe80::1:2').toString('hex'), `fe80${'0'.repeat(20)}00010002`);
  assert.equal(ipAddressBytes('::ffff:10.0.0.1').toString('hex'), `${'0'.repeat(20)}ffff0a000001`);
  assert.throws(() => ipAddressBytes('zk-0'), /not an IP address/);
});

test('a mutual TLS handshake with a member and a client certificate succeeds (node:tls)', async () => {
  const current = new Date();
  const liveCa = newCertificateAuthority('zk', current);
  const live = { ensemble: 'zk', ca: liveCa };
  const server = issueMemberCertificate(live, 'member', names, current);
  const user = issueClientCertificate(live, 'user', current);
  const tlsServer = createServer({
    key: server.privateKey,
    cert: server.certificate,
    ca: liveCa.certificate,
    requestCert: true,
    rejectUnauthorized: true,
  });
  tlsServer.listen(0, '127.0.0.1');
  await once(tlsServer, 'listening');
  const address = tlsServer.address();
  assert.ok(address && typeof address === 'object');
  const peer = once(tlsServer, 'secureConnection');
  const socket = connect({
    host: '127.0.0.1',
    port: address.port,
    ca: liveCa.certificate,
    key: user.privateKey,
    cert: user.certificate,
  });
  try {
    await once(socket, 'secureConnect');
    assert.equal(socket.authorized, true);
    const [accepted] = await peer;
    assert.equal(accepted.getPeerCertificate().subject.CN, 'user');
    accepted.destroy();
  } finally {
    socket.destroy();
    tlsServer.close();
  }
});
