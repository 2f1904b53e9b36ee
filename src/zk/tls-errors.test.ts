/** Unit tests of describeTlsError: node:tls and OpenSSL codes into TlsError kinds with a fix in the message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertOf, describeTlsError } from './tls-errors.ts';

const failure = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const kindOf = (code: string, sentClientCert = true, message?: string) =>
  describeTlsError(failure(code, message), 'zk:2182', sentClientCert)?.kind;

describe('describeTlsError', () => {
  it('names an untrusted, misnamed or expired server certificate', () => {
    assert.equal(kindOf('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'untrusted');
    assert.equal(kindOf('SELF_SIGNED_CERT_IN_CHAIN'), 'untrusted');
    assert.equal(kindOf('ERR_TLS_CERT_ALTNAME_INVALID'), 'hostname');
    assert.equal(kindOf('CERT_HAS_EXPIRED'), 'expired');
  });

  it('tells a missing client certificate from a refused one by what was sent', () => {
    assert.equal(kindOf('ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE', false), 'client-cert-required');
    assert.equal(kindOf('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', false), 'client-cert-required');
    assert.equal(kindOf('ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_UNKNOWN', true), 'client-cert-rejected');
    assert.equal(kindOf('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', true), 'client-cert-rejected');
    assert.equal(kindOf('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', true), 'handshake');
  });

  it('says where and what to fix, keeping the code', () => {
    const e = describeTlsError(
      failure('ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE', 'alert 42\n'),
      'zk:2182',
      false,
    );
    assert.equal(e?.code, 'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE');
    assert.match(
      e?.message ?? '',
      /^TLS to zk:2182: the server requires a client certificate; give tls.cert/,
    );
  });

  it('leaves refused, reset and unreachable as they are', () => {
    assert.equal(kindOf('ECONNREFUSED'), undefined);
    assert.equal(kindOf('ECONNRESET', true, 'read ECONNRESET'), undefined);
    assert.equal(kindOf('EHOSTUNREACH'), undefined);
    assert.equal(describeTlsError(new Error('no code'), 'zk:2182', true), undefined);
  });

  it('calls a close before the handshake ended a handshake failure', () => {
    const msg = 'Client network socket disconnected before secure TLS connection was established';
    assert.equal(kindOf('ECONNRESET', true, msg), 'handshake');
  });

  it('reads the alert out of a code', () => {
    assert.equal(alertOf('ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE'), 'BAD_CERTIFICATE');
    assert.equal(alertOf('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 'CERTIFICATE_REQUIRED');
    assert.equal(alertOf('ERR_SSL_WRONG_VERSION_NUMBER'), undefined);
  });
});
