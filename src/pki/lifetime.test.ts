import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { newCertificateAuthority } from './ensemble-pki.ts';
import { lifetimeOf, renewalDue, renewalTime } from './lifetime.ts';

test('renewal is due at two thirds of the validity, read from the certificate', () => {
  const lifetime = {
    notBefore: new Date('2030-01-01T00:00:00Z'),
    notAfter: new Date('2030-04-01T00:00:00Z'),
    serial: '01',
  };
  assert.equal(renewalTime(lifetime).toISOString(), '2030-03-02T00:00:00.000Z');
  assert.equal(renewalDue(lifetime, new Date('2030-03-01T23:59:59Z')), false);
  assert.equal(renewalDue(lifetime, new Date('2030-03-02T00:00:00Z')), true);
});

test('the lifetime of a certificate is its validity and serial', () => {
  const ca = newCertificateAuthority('zk', new Date('2030-01-01T00:00:00Z'));
  const lifetime = lifetimeOf(ca.certificate);
  const cert = new X509Certificate(ca.certificate);
  assert.deepEqual(lifetime, {
    notBefore: cert.validFromDate,
    notAfter: cert.validToDate,
    serial: cert.serialNumber,
  });
});
