import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MemberStart } from '../state/lifecycle-record.ts';
import { certificateRestart } from './certificate-restart.ts';

const start = (version: string, clientTls: boolean): MemberStart => ({
  version,
  configHash: 'h',
  restartToken: 't',
  hadData: true,
  quorumTls: 'tls',
  clientTls,
  certificate: { serial: 'A1', notBefore: '2030-01-01T00:00:00.000Z', notAfter: '2030-04-01T00:00:00.000Z' },
});
const renewedAt = new Date('2030-03-02T00:00:00Z');

test('no restart while the certificate it started with is the current one', () => {
  assert.equal(certificateRestart(start('3.8.3', true), 'A1', new Date('2030-03-31T00:00:00Z')), undefined);
});

test('a renewed certificate is reloaded in place by 3.9 and 3.7 (client.certReload) and by the quorum', () => {
  assert.equal(certificateRestart(start('3.9.4', true), 'B2', renewedAt), undefined);
  assert.equal(certificateRestart(start('3.7.2', true), 'B2', renewedAt), undefined);
  assert.equal(certificateRestart(start('3.8.3', false), 'B2', renewedAt), undefined);
});

test('3.8 with client TLS restarts to serve a renewed certificate on its secure client port', () => {
  assert.match(
    certificateRestart(start('3.8.3', true), 'B2', renewedAt) ?? '',
    /3\.8\.3 reads the secure client port/,
  );
});

test('a restart before the certificate the AdminServer read at start ends (the last sixth of its life)', () => {
  assert.equal(certificateRestart(start('3.9.4', true), 'B2', new Date('2030-03-16T23:00:00Z')), undefined);
  assert.match(
    certificateRestart(start('3.9.4', true), 'B2', new Date('2030-03-17T00:00:00Z')) ?? '',
    /AdminServer serves the certificate it started with/,
  );
});

test('members without TLS or unknown certificates need nothing', () => {
  assert.equal(certificateRestart(undefined, 'B2', renewedAt), undefined);
  assert.equal(
    certificateRestart({ ...start('3.8.3', true), certificate: undefined }, 'B2', renewedAt),
    undefined,
  );
  assert.equal(certificateRestart(start('3.8.3', true), undefined, renewedAt), undefined);
});
