/**
 * The engine's `Observation` from what a platform found of each member and what ZooKeeper itself
 * answered (`inspect`). What ZooKeeper says (mode, serving, sync, the committed config, the leader)
 * is read the same way on both platforms; the rest of a member is the platform's to say. Pure.
 */
import type {
  EnsembleConfig,
  MemberId,
  MemberObservation,
  Mode,
  Observation,
  ObservedConfig,
} from '../../engine/index.ts';
import type { EnsembleObservation, MemberMode, ServerReport } from '../../zk/observation.ts';

/** What only the platform knows of a member: how it was started, its storage, what it holds. */
export type PlatformSide = Omit<MemberObservation, 'id' | 'running' | 'serving' | 'mode' | 'synced' | 'zxid'>;

export interface MemberPresence {
  readonly id: MemberId;
  /** Its process or pod exists (and is not a zombie). */
  readonly running: boolean;
}

/** A member's mode as ZooKeeper reports it, in the engine's terms. */
export function engineMode(mode: MemberMode | undefined): Mode {
  switch (mode) {
    case 'leader':
    case 'follower':
    case 'observer':
      return mode;
    case 'not-serving':
    case 'read-only':
    case 'standalone':
      return 'looking';
    default:
      return 'unknown';
  }
}

/**
 * `recorded` is the config the platform last read or wrote, used when no quorum answers;
 * `platformSide` gives the rest of each member, knowing ZooKeeper's answer and whether it serves.
 */
export function toObservation<M extends MemberPresence>(
  members: readonly M[],
  zk: EnsembleObservation | undefined,
  recorded: EnsembleConfig | undefined,
  platformSide: (member: M, answer: ServerReport | undefined, serving: boolean) => PlatformSide,
): Observation {
  const observed = members.map((member): MemberObservation => {
    const answer = zk?.members.find((m) => m.id === member.id);
    const mode = member.running ? engineMode(answer?.mode) : 'unknown';
    const serving = member.running && (mode === 'leader' || mode === 'follower' || mode === 'observer');
    return {
      id: member.id,
      running: member.running,
      serving,
      mode,
      synced: serving && answer?.synced === true,
      ...(answer?.zxid !== undefined ? { zxid: answer.zxid } : {}),
      ...platformSide(member, answer, serving),
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
    zk?.leaderId !== undefined && members.some((m) => m.id === zk.leaderId && m.running)
      ? zk.leaderId
      : undefined;
  return { members: observed, config, leader };
}
