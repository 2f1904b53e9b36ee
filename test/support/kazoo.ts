/**
 * kazoo, the Python ZooKeeper client, as a client nobody here wrote: installed with pure-sasl (its
 * SASL DIGEST-MD5) into .cache/kazoo-venv on first use.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const venv = join(import.meta.dirname, '..', '..', '.cache', 'kazoo-venv');
export const kazooPython = join(venv, 'bin', 'python');

export async function ensureKazoo(): Promise<void> {
  if (existsSync(kazooPython)) {
    const probe = await run(kazooPython, ['-c', 'import kazoo, puresasl'], { timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    if (probe) return;
  }
  await run('python3', ['-m', 'venv', venv], { timeout: 120_000 });
  await run(join(venv, 'bin', 'pip'), ['install', '--quiet', 'kazoo', 'pure-sasl'], { timeout: 300_000 });
}

/** kazoo over TLS, run as `python -c`: argv hosts, ca, cert, key, path; creates path, prints it back. */
export const KAZOO_TLS = `
import sys
from kazoo.client import KazooClient
hosts, ca, cert, key, path = sys.argv[1:6]
zk = KazooClient(hosts=hosts, use_ssl=True, ca=ca, certfile=cert, keyfile=key, verify_certs=True)
zk.start(timeout=30)
zk.create(path, b"written by kazoo over TLS")
print(zk.get(path)[0].decode())
zk.stop()
`;

/**
 * kazoo-ops.py: one kazoo session (DIGEST-MD5 as `user`, or none) running `ops` (`create:PATH[:DATA]`,
 * `get:PATH`, `delete:PATH`); one line per op, `ok [data]` or kazoo's exception name, or one line
 * `session <exception>` when no session could be made.
 */
export function kazooOps(
  hosts: string,
  user: { name: string; password: string } | undefined,
  ...ops: string[]
): Promise<string[]> {
  return runKazooOps(kazooOpsArgs(hosts, user, ops), {});
}

/** kazooOps over TLS, with the CA, client certificate and key in `tls`, without a SASL user. */
export function kazooOpsOverTls(hosts: string, tls: TlsFiles, ...ops: string[]): Promise<string[]> {
  return runKazooOps(kazooOpsArgs(hosts, undefined, ops), kazooTlsEnv(tls));
}

async function runKazooOps(args: string[], env: Record<string, string>): Promise<string[]> {
  const { stdout } = await run(kazooPython, args, { timeout: 90_000, env: { ...process.env, ...env } });
  return stdout.trim().split('\n');
}

/** Files of a TLS client identity: the CA, the certificate and its key. */
export interface TlsFiles {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** The environment that makes kazoo-ops.py and kazoo-writer.py connect over TLS with `tls`. */
export const kazooTlsEnv = (tls: TlsFiles): Record<string, string> => ({
  KAZOO_TLS_CA: tls.ca,
  KAZOO_TLS_CERT: tls.cert,
  KAZOO_TLS_KEY: tls.key,
});

/** kazoo-ops.py's arguments for `python` (for kazooOps elsewhere, e.g. inside the test cluster). */
export const kazooOpsArgs = (
  hosts: string,
  user: { name: string; password: string } | undefined,
  ops: readonly string[],
): string[] => [
  join(import.meta.dirname, 'kazoo-ops.py'),
  hosts,
  user?.name ?? '-',
  user?.password ?? '-',
  ...ops,
];
