/**
 * The state.json of a new ensemble: its spec and version, every member's id and ports, the super
 * user's and the quorum's passwords, and an empty lifecycle record. Nothing runs yet: the lifecycle loop creates the
 * ensemble through the engine, which records the initial config with the first start.
 */
import { randomBytes } from 'node:crypto';
import { applyDefaults } from '../../../api/defaults.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { allocateMembers } from './member-layout.ts';
import { type LocalState, STATE_SCHEMA_VERSION } from './state.ts';

export async function newEnsembleState(name: string, spec: ZooKeeperSpec, now: Date): Promise<LocalState> {
  const resolved = applyDefaults(spec);
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    name,
    spec,
    version: resolved.version,
    members: await allocateMembers(resolved.replicas, resolved.observers),
    processes: {},
    superPassword: randomBytes(24).toString('base64url'),
    quorumPassword: randomBytes(24).toString('base64url'),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    lifecycle: { restartToken: '', members: {} },
  };
}
