/**
 * Where an ensemble's files live on disk:
 *
 *   <stateDir>/<name>/state.json              what zkop applied and started (0600: holds the super password)
 *   <stateDir>/<name>/members/<id>/conf/      zoo.cfg, dynamic config, logging config (ZooKeeper rewrites these)
 *   <stateDir>/<name>/members/<id>/data/      snapshots and myid
 *   <stateDir>/<name>/members/<id>/datalog/   transaction logs
 *   <stateDir>/<name>/members/<id>/logs/      server log and the JVM's stdout/stderr
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
