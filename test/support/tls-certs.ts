/**
 * Test certificates made with the system's openssl: a CA, a server certificate for 127.0.0.1 and
 * localhost, a client certificate, and a second CA with its own client certificate (for "wrong CA").
 *
 *   const certs = makeTestCerts(dir);
 *   // certs.server.keyStore: key + chain in one PEM file (ZooKeeper's ssl.keyStore.type=PEM)
 *   // certs.ca.cert: trust store (ssl.trustStore.type=PEM); certs.tls(): a zkop TlsOptions
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TlsOptions } from '../../src/zk/tls-options.ts';

export interface CertFiles {
  /** PEM certificate file. */
  readonly cert: string;
  /** PEM private key file (PKCS#8, unencrypted). */
  readonly key: string;
  /** Key then certificate in one PEM file: what ZooKeeper's PEM key store reads. */
  readonly keyStore: string;
}

export interface TestCerts {
  readonly dir: string;
  readonly ca: CertFiles;
  /** Signed by `ca`; SAN IP:127.0.0.1, DNS:localhost. */
  readonly server: CertFiles;
  /** Signed by `ca`. */
  readonly client: CertFiles;
  /** A CA the server does not trust, and a client certificate it signed. */
  readonly otherCa: CertFiles;
  readonly otherClient: CertFiles;
  /** zkop TLS options trusting `ca`, with the client certificate unless `withClientCert` is false. */
  tls(opts?: {
    withClientCert?: boolean;
    ca?: 'ca' | 'otherCa';
    client?: 'client' | 'otherClient';
  }): TlsOptions;
}

/** Fails with what is missing when openssl cannot run. */
export function requireOpenssl(): void {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `the TLS tests need the openssl command to make certificates, and it cannot run (${probe.error?.message ?? probe.stderr}); install it (Debian: apt-get install openssl, or run scripts/setup.sh)`,
    );
  }
}

const openssl = (args: string[], cwd: string): void => {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
};

function files(dir: string, name: string): CertFiles {
  return {
    cert: join(dir, `${name}.crt`),
    key: join(dir, `${name}.key`),
    keyStore: join(dir, `${name}.keystore.pem`),
  };
}

function newKey(dir: string, f: CertFiles): void {
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', f.key], dir);
}

function selfSignedCa(dir: string, name: string): CertFiles {
  const f = files(dir, name);
  newKey(dir, f);
  openssl(
    ['req', '-x509', '-new', '-key', f.key, '-sha256', '-days', '2', '-subj', `/CN=${name}`, '-out', f.cert],
    dir,
  );
  writeFileSync(f.keyStore, readFileSync(f.key, 'utf8') + readFileSync(f.cert, 'utf8'));
  return f;
}

function signed(dir: string, name: string, ca: CertFiles, extensions: string): CertFiles {
  const f = files(dir, name);
  newKey(dir, f);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(['req', '-new', '-key', f.key, '-subj', `/CN=${name}`, '-out', csr], dir);
  openssl(
    ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2'].concat([
      '-sha256',
      '-extfile',
      ext,
      '-out',
      f.cert,
    ]),
    dir,
  );
  writeFileSync(f.keyStore, readFileSync(f.key, 'utf8') + readFileSync(f.cert, 'utf8'));
  return f;
}

const SERVER_EXT = [
  'basicConstraints=CA:FALSE',
  'keyUsage=digitalSignature,keyEncipherment',
  'extendedKeyUsage=serverAuth,clientAuth',
  'subjectAltName=IP:127.0.0.1,DNS:localhost',
  '',
].join('\n');
const CLIENT_EXT = [
  'basicConstraints=CA:FALSE',
  'keyUsage=digitalSignature',
  'extendedKeyUsage=clientAuth',
  '',
].join('\n');

/** Makes every certificate under `dir` (created if needed). */
export function makeTestCerts(dir: string): TestCerts {
  requireOpenssl();
  mkdirSync(dir, { recursive: true });
  const ca = selfSignedCa(dir, 'zkop-test-ca');
  const otherCa = selfSignedCa(dir, 'zkop-other-ca');
  const server = signed(dir, 'server', ca, SERVER_EXT);
  const client = signed(dir, 'client', ca, CLIENT_EXT);
  const otherClient = signed(dir, 'other-client', otherCa, CLIENT_EXT);
  const byName = { ca, otherCa, client, otherClient };
  return {
    dir,
    ca,
    server,
    client,
    otherCa,
    otherClient,
    tls: (opts = {}) => {
      const trusted = byName[opts.ca ?? 'ca'];
      const mine = byName[opts.client ?? 'client'];
      return {
        ca: readFileSync(trusted.cert, 'utf8'),
        ...(opts.withClientCert === false
          ? {}
          : { cert: readFileSync(mine.cert, 'utf8'), key: readFileSync(mine.key, 'utf8') }),
      };
    },
  };
}

/**
 * openssl s_client against `address` (host:port), holding the connection a second so that a refusal
 * arrives; `identity` is the certificate and key to offer (one PEM file may hold both).
 */
export async function sClient(
  address: string,
  ca: string,
  identity?: { readonly cert: string; readonly key: string },
): Promise<{ code: number; output: string }> {
  const args = ['s_client', '-connect', address, '-CAfile', ca, '-verify_return_error'];
  if (identity) args.push('-cert', identity.cert, '-key', identity.key);
  const child = execFile('openssl', args, { timeout: 20_000 });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  setTimeout(() => child.stdin?.end(), 1_000);
  const code = await new Promise<number>((resolve) => child.once('close', (c) => resolve(c ?? -1)));
  return { code, output };
}
