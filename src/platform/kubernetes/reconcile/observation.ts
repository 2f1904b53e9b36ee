/**
 * The engine's `Observation` of an ensemble on Kubernetes: member facts from pods and volumes, what
 * ZooKeeper itself answered (`inspect` through pod DNS), and the config zkop recorded in the status
 * for when no quorum answers. Pure.
 */
import type {
  EnsembleConfig,
  MemberObservation,
  Observation,
  ObservedConfig,
} from '../../../engine/index.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import { engineMode } from '../../engine-inputs.ts';
import type { MemberFacts } from './member-facts.ts';

export function toObservation(
  facts: readonly MemberFacts[],
  zk: EnsembleObservation | undefined,
  recorded: EnsembleConfig | undefined,
): Observation {
  const members = facts.map((f): MemberObservation => {
    const answer = zk?.members.find((m) => m.id === f.id);
    const mode = f.running ? engineMode(answer?.mode) : 'unknown';
    const serving = f.running && (mode === 'leader' || mode === 'follower' || mode === 'observer');
    const listed = recorded?.members.some((m) => m.id === f.id) ?? false;
    return {
      id: f.id,
      running: f.running,
      serving,
      mode,
      synced: serving && answer?.synced === true,
      ...(answer?.zxid !== undefined ? { zxid: answer.zxid } : {}),
      version: answer?.version ?? f.imageVersion ?? '',
      configHash: f.configHash,
      restartToken: f.restartToken,
      ...(answer?.config
        ? {
            config: {
              version: answer.config.version ?? 0n,
              members: answer.config.members.map(({ id, role }) => ({ id, role })),
            },
          }
        : {}),
      // A voter's volume replaced by an empty one (its claim deleted with the pod) lost its data.
      storage: serving && f.storage === 'empty' ? 'data' : f.storage,
      dataLost: listed && f.storage !== 'data' && !serving && recorded !== undefined && recorded.version > 0n,
      ...(f.volumeRestart !== undefined ? { restartNeeded: f.volumeRestart } : {}),
    };
  });
  const committed = zk?.committedConfig;
  let config: ObservedConfig | undefined;
  if (committed?.source === 'zookeeper-config') {
    config = {
      version: committed.version,
      members: committed.members.map(({ id, role }) => ({ id, role })),
      live: true,
    };
  } else if (recorded) {
    config = { ...recorded, live: false };
  }
  const leader =
    zk?.leaderId !== undefined && facts.some((f) => f.id === zk.leaderId && f.running)
      ? zk.leaderId
      : undefined;
  return { members, config, leader };
}
