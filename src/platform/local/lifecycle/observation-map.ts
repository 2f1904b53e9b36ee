/**
 * The engine's `Observation` of a local ensemble, from what the platform found on this machine
 * (processes, storage, config files, its own records) and what ZooKeeper said (`inspect`). Pure.
 */
import type { EnsembleConfig, Observation, StorageState } from '../../../engine/index.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import { toObservation as observationOf } from '../../shared/observation.ts';
import type { MemberStart } from '../state/lifecycle-record.ts';
import { certificateRestart } from './certificate-restart.ts';

export interface LocalFacts {
  /** Every member id with a record, a process or storage. */
  readonly ids: readonly number[];
  /** Members whose recorded process is alive. */
  readonly running: ReadonlySet<number>;
  readonly storage: ReadonlyMap<number, StorageState>;
  /** The config each member's own files hold. */
  readonly held: ReadonlyMap<number, EnsembleConfig>;
  readonly starts: Readonly<Record<string, MemberStart>>;
  /** The last config zkop read or wrote; undefined for an ensemble it never configured. */
  readonly recordedConfig: EnsembleConfig | undefined;
  /** The serial of the certificate in each TLS member's key store now. */
  readonly certificateSerials: ReadonlyMap<number, string>;
  /** When the facts were gathered (certificates expire). */
  readonly now: Date;
}

export function toObservation(local: LocalFacts, zk: EnsembleObservation | undefined): Observation {
  const members = [...local.ids].sort((a, b) => a - b).map((id) => ({ id, running: local.running.has(id) }));
  return observationOf(members, zk, local.recordedConfig, ({ id }, answer) => {
    const start = local.starts[String(id)];
    const storage = local.storage.get(id) ?? 'none';
    const held = local.held.get(id);
    const restartNeeded = certificateRestart(
      start,
      local.certificateSerials?.get(id),
      local.now ?? new Date(0),
    );
    return {
      version: start?.version ?? answer?.version ?? '',
      configHash: start?.configHash ?? '',
      restartToken: start?.restartToken ?? '',
      quorumTls: start?.quorumTls ?? 'plaintext',
      quorumSasl: start?.quorumSasl ?? 'off',
      ...(held ? { config: held } : {}),
      storage,
      dataLost: start?.hadData === true && storage !== 'data',
      ...(restartNeeded === undefined ? {} : { restartNeeded }),
    };
  });
}

/** Marks members whose storage now holds data, so that a later wipe is noticed. */
export function withDataSeen(
  starts: Readonly<Record<string, MemberStart>>,
  storage: ReadonlyMap<number, StorageState>,
): Record<string, MemberStart> {
  const next: Record<string, MemberStart> = {};
  for (const [id, start] of Object.entries(starts)) {
    next[id] = storage.get(Number(id)) === 'data' && !start.hadData ? { ...start, hadData: true } : start;
  }
  return next;
}
