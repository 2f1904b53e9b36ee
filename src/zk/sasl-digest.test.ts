import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDirectives, SaslDigestClient, SaslDigestError } from './sasl-digest.ts';

// RFC 2831, section 4: the example exchange.
const RFC_CHALLENGE =
  'realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8';

describe('SASL DIGEST-MD5 client', () => {
  const client = () =>
    new SaslDigestClient(
      { username: 'chris', password: 'secret' },
      { cnonce: 'OA6MHXh6VqTrRk', digestUri: 'imap/elwood.innosoft.com' },
    );

  it('answers the RFC 2831 challenge with its response and accepts its rspauth', () => {
    const c = client();
    const response = parseDirectives(c.respond(Buffer.from(RFC_CHALLENGE)).toString());
    assert.equal(response.get('response'), 'd388dad90d4bbd760a152321f2143af7');
    assert.equal(response.get('username'), 'chris');
    assert.equal(response.get('digest-uri'), 'imap/elwood.innosoft.com');
    assert.equal(response.get('qop'), 'auth');
    c.verify(Buffer.from('rspauth=ea40f60335c427b5527b84dbabcdfffd'));
  });

  it('refuses a server that cannot prove the password, and a challenge without a nonce or qop auth', () => {
    const c = client();
    c.respond(Buffer.from(RFC_CHALLENGE));
    assert.throws(() => c.verify(Buffer.from('rspauth=00000000000000000000000000000000')), SaslDigestError);
    assert.throws(() => client().verify(Buffer.from('rspauth=x')), SaslDigestError);
    assert.throws(() => client().respond(Buffer.from('realm="r",qop="auth"')), /without a nonce/);
    assert.throws(() => client().respond(Buffer.from('nonce="n",qop="auth-conf"')), /not auth/);
  });

  it('parses quoted values with commas and escapes', () => {
    const d = parseDirectives('a="x, y",b=plain , c="q\\"uote"');
    assert.deepEqual(
      [...d],
      [
        ['a', 'x, y'],
        ['b', 'plain'],
        ['c', 'q"uote'],
      ],
    );
  });
});
