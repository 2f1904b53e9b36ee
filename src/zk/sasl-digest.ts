/**
 * The client side of SASL DIGEST-MD5 (RFC 2831) as ZooKeeper's servers speak it: the server
 * (`Sasl.createSaslServer("DIGEST-MD5", "zookeeper", "zk-sasl-md5", ...)`) challenges, the client
 * answers with a response proving the password, the server proves it knew it too (`rspauth`).
 * Authentication only (`qop=auth`): nothing after it is signed or encrypted.
 */
import { createHash, randomBytes } from 'node:crypto';

/** What ZooKeeper's DIGEST-MD5 server calls itself: the digest URI is `zookeeper/zk-sasl-md5`. */
export const ZK_SASL_DIGEST_URI = 'zookeeper/zk-sasl-md5';

export interface SaslCredentials {
  readonly username: string;
  readonly password: string;
}

export class SaslDigestError extends Error {
  override readonly name = 'SaslDigestError';
}

const md5 = (...parts: (string | Buffer)[]): Buffer => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const hex = (...parts: (string | Buffer)[]): string => md5(...parts).toString('hex');

/** `key=value` and `key="quoted, value"` pairs of a challenge. */
export function parseDirectives(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const pair = /\s*([A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/gy;
  let match = pair.exec(text);
  while (match !== null && match[0] !== '') {
    const [, key = '', quoted, plain] = match;
    if (!out.has(key.toLowerCase()))
      out.set(
        key.toLowerCase(),
        quoted === undefined ? (plain ?? '').trim() : quoted.replace(/\\(.)/g, '$1'),
      );
    match = pair.exec(text);
  }
  return out;
}

const quote = (value: string): string => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/** One DIGEST-MD5 exchange: `respond` to the server's challenge, then `verify` its `rspauth`. */
export class SaslDigestClient {
  private expected: string | undefined;
  private readonly credentials: SaslCredentials;
  private readonly cnonce: string;
  private readonly digestUri: string;

  constructor(
    credentials: SaslCredentials,
    { cnonce = randomBytes(16).toString('base64'), digestUri = ZK_SASL_DIGEST_URI } = {},
  ) {
    this.credentials = credentials;
    this.cnonce = cnonce;
    this.digestUri = digestUri;
  }

  respond(challengeBytes: Buffer): Buffer {
    const challenge = parseDirectives(challengeBytes.toString('utf8'));
    const nonce = challenge.get('nonce');
    if (nonce === undefined)
      throw new SaslDigestError('the server sent a DIGEST-MD5 challenge without a nonce');
    const qops = (challenge.get('qop') ?? 'auth').split(',').map((q) => q.trim());
    if (!qops.includes('auth'))
      throw new SaslDigestError(`the server offers qop ${qops.join(',')}, not auth`);
    const realm = challenge.get('realm') ?? '';
    const { username, password } = this.credentials;
    const nc = '00000001';
    const a1 = Buffer.concat([
      md5(`${username}:${realm}:${password}`),
      Buffer.from(`:${nonce}:${this.cnonce}`),
    ]);
    const ha1 = hex(a1);
    const digest = (a2: string) => hex(`${ha1}:${nonce}:${nc}:${this.cnonce}:auth:${hex(a2)}`);
    this.expected = digest(`:${this.digestUri}`);
    const response = [
      `charset=utf-8`,
      `username=${quote(username)}`,
      `realm=${quote(realm)}`,
      `nonce=${quote(nonce)}`,
      `nc=${nc}`,
      `cnonce=${quote(this.cnonce)}`,
      `digest-uri=${quote(this.digestUri)}`,
      `maxbuf=65536`,
      `response=${digest(`AUTHENTICATE:${this.digestUri}`)}`,
      `qop=auth`,
    ].join(',');
    return Buffer.from(response, 'utf8');
  }

  /** Throws unless the server's final answer proves it knows the password. */
  verify(finalBytes: Buffer): void {
    const rspauth = parseDirectives(finalBytes.toString('utf8')).get('rspauth');
    if (this.expected === undefined || rspauth !== this.expected)
      throw new SaslDigestError('the server did not prove it knows the password (rspauth)');
  }
}
