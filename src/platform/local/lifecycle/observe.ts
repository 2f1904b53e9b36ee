/**
 * Observing a local ensemble, the one way zkop does it here: processes and files on this machine,
 * then ZooKeeper itself (`inspect`). Gives the engine's observation and each member as status shows
 * it. Reads only.
 */
import { join } from 'node:path';
import { applyDefaults } from '../../../api/defaults.ts';
import { findVersion } from '../../../api/versions.ts';
import { metricsEnabled } from '../../../config/zoo-cfg.ts';
import type { EnsembleConfig, Observation, StorageState } from '../../../engine/index.ts';
import { lifetimeOf } from '../../../pki/index.ts';
import { type InspectTarget, inspect } from '../../../zk/inspect.ts';
import type { CommittedConfig } from '../../../zk/observation.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { ensembleClientTls } from '../certificates/client-tls.ts';
import { memberCertificate } from '../certificates/ensemble-certificates.ts';
import { isRunning } from '../process/process.ts';
import { fromRecordedConfig, type MemberStart, startedWithTls } from '../state/lifecycle-record.ts';
import type { LocalState, MemberRecord } from '../state/state.ts';
import { ensembleDir, memberPaths } from '../state/state-layout.ts';
import { superSasl } from '../state/super-auth.ts';
import { heldConfig, memberDirIds, storageOf } from './member-files.ts';
import { type MemberView, memberView } from './member-view.ts';
import { type LocalFacts, toObservation } from './observation-map.ts';

export interface LocalObservation {
  readonly observation: Observation;
  readonly storage: ReadonlyMap<number, StorageState>;
  /** Every member state.json lists, in its order. */
  readonly members: readonly MemberView[];
  /** The ensemble config ZooKeeper committed, when a member could tell. */
  readonly committedConfig: CommittedConfig | undefined;
}

const INSPECT_TIMEOUT_MS = 2_000;

/** The serial in the key store of each member that started with a certificate. */
function certificateSerials(
  stateDir: string,
  name: string,
  starts: Readonly<Record<string, MemberStart>>,
): Map<number, string> {
  const serials = new Map<number, string>();
  for (const [id, start] of Object.entries(starts)) {
    const pem = start.certificate ? memberCertificate(stateDir, name, Number(id)) : undefined;
    if (pem !== undefined) serials.set(Number(id), lifetimeOf(pem).serial);
  }
  return serials;
}

/**
 * A member is asked over TLS on its secure client port when it was started with client TLS, and its
 * AdminServer over HTTPS when it was started with any TLS; otherwise in plain text.
 */
function inspectTarget(
  member: MemberRecord,
  start: MemberStart | undefined,
  tls: TlsOptions | undefined,
): InspectTarget {
  const target = {
    id: member.id,
    host: member.host,
    clientPort: member.ports.client,
    adminPort: member.ports.admin,
  };
  const options = startedWithTls(start) ? tls : undefined;
  if (options === undefined) return target;
  const secure = start?.clientTls && member.ports.secureClient !== undefined;
  return {
    ...target,
    adminTls: options,
    ...(secure ? { clientPort: member.ports.secureClient, tls: options } : {}),
  };
}

export async function observeEnsemble(stateDir: string, state: LocalState): Promise<LocalObservation> {
  const ids = new Set<number>([
    ...state.members.map((m) => m.id),
    ...Object.keys(state.processes).map(Number),
    ...memberDirIds(join(ensembleDir(stateDir, state.name), 'members')),
  ]);
  const running = new Set<number>();
  const storage = new Map<number, StorageState>();
  const held = new Map<number, EnsembleConfig>();
  for (const id of ids) {
    const process = state.processes[String(id)];
    if (process && isRunning(process.pid, process.startTime)) running.add(id);
    const paths = memberPaths(stateDir, state.name, id);
    storage.set(id, storageOf(paths));
    const config = heldConfig(paths);
    if (config) held.set(id, config);
  }
  const starts = state.lifecycle?.members ?? {};
  const tls = Object.values(starts).some(startedWithTls)
    ? ensembleClientTls(stateDir, state.name)
    : undefined;
  const targets = state.members
    .filter((m) => running.has(m.id))
    .map((m) => inspectTarget(m, starts[String(m.id)], tls));
  const zk =
    targets.length > 0
      ? await inspect(targets, { timeoutMs: INSPECT_TIMEOUT_MS, ...superSasl(state) })
      : undefined;
  const recorded = state.lifecycle?.config;
  const facts: LocalFacts = {
    ids: [...ids],
    running,
    storage,
    held,
    starts: state.lifecycle?.members ?? {},
    recordedConfig: recorded ? fromRecordedConfig(recorded) : undefined,
    certificateSerials: certificateSerials(stateDir, state.name, starts),
    now: new Date(),
  };
  const spec = applyDefaults(state.spec);
  const members = state.members.map((m) => {
    const start = starts[String(m.id)];
    const features = findVersion(start?.version ?? state.version);
    const metrics = features !== undefined && metricsEnabled(spec, features);
    return memberView(
      m,
      state.processes[String(m.id)],
      running.has(m.id),
      zk?.members.find((a) => a.id === m.id),
      start,
      metrics,
    );
  });
  return {
    observation: toObservation(facts, zk),
    storage,
    members,
    committedConfig: zk?.committedConfig,
  };
}
