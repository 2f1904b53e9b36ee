/**
 * Where an ensemble's files live on disk:
 *
 *   <stateDir>/<name>/state.json              what zkop applied and started (0600: holds the super password)
 *   <stateDir>/<name>/members/<id>/conf/      zoo.cfg, dynamic config, logging config (ZooKeeper rewrites these)
 *   <stateDir>/<name>/members/<id>/data/      snapshots and myid
 *   <stateDir>/<name>/members/<id>/datalog/   transaction logs
 *   <stateDir>/<name>/members/<id>/logs/      server log and the JVM's stdout/stderr
 *   <stateDir>/<name>/members/<id>/tls/       the member's key store (key + chain) and trust store (CA)
 *   <stateDir>/<name>/tls/                    the ensemble's CA and a client certificate (ca.key, client.key 0600)
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEFAULT_STATE_DIR = '.zkop';
export const STATE_FILE = 'state.json';

export interface MemberPaths {
  readonly root: string;
  readonly conf: string;
  readonly data: string;
  readonly datalog: string;
  readonly logs: string;
  readonly zooCfg: string;
  /** The JVM's stdout and stderr. */
  readonly consoleLog: string;
  /** The member's private key and certificate chain, one PEM file (0600). */
  readonly keyStore: string;
  /** The CA certificate the member trusts. */
  readonly trustStore: string;
}

/** The ensemble's own CA and the client certificate zkop and applications connect with. */
export interface EnsembleTlsPaths {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** The client key and certificate chain in one PEM file, for Java clients (`zookeeper.ssl.keyStore.type=PEM`). */
  readonly clientKeyStore: string;
}

export function resolveStateDir(stateDir: string | undefined): string {
  return resolve(stateDir ?? DEFAULT_STATE_DIR);
}

export function ensembleDir(stateDir: string, name: string): string {
  return join(stateDir, name);
}

export function stateFile(stateDir: string, name: string): string {
  return join(ensembleDir(stateDir, name), STATE_FILE);
}

export function memberPaths(stateDir: string, name: string, id: number): MemberPaths {
  const root = join(ensembleDir(stateDir, name), 'members', String(id));
  const conf = join(root, 'conf');
  const logs = join(root, 'logs');
  return {
    root,
    conf,
    data: join(root, 'data'),
    datalog: join(root, 'datalog'),
    logs,
    zooCfg: join(conf, 'zoo.cfg'),
    consoleLog: join(logs, 'console.log'),
    keyStore: join(root, 'tls', 'keystore.pem'),
    trustStore: join(root, 'tls', 'truststore.pem'),
  };
}

export function ensembleTlsPaths(stateDir: string, name: string): EnsembleTlsPaths {
  const dir = join(ensembleDir(stateDir, name), 'tls');
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    clientKeyStore: join(dir, 'client-keystore.pem'),
  };
}

/** Names of the ensembles that have a state file under `stateDir`, sorted. */
export function listEnsembleNames(stateDir: string): string[] {
  if (!existsSync(stateDir)) return [];
  return readdirSync(stateDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(stateFile(stateDir, entry.name)))
    .map((entry) => entry.name)
    .sort();
}
