/**
 * When a change the command line made has been carried out, judged from the ZooKeeper object's
 * status alone. Pure.
 */
import type { ZooKeeperReading } from './requests.ts';

export interface FollowGoal {
  /** The generation whose status must report Ready. */
  readonly generation: number;
  /**
   * The change left the generation as it was (a restart token is metadata): a Ready status counts
   * only once the status has shown the work since, else the Ready of before would end the wait.
   */
  readonly awaitWork: boolean;
}

export type Verdict =
  | { readonly state: 'pending'; readonly sawWork: boolean }
  | { readonly state: 'ready' }
  | { readonly state: 'stuck'; readonly message: string };

const RESTING = ['Idle', 'Paused'];

export function judge(zk: ZooKeeperReading, goal: FollowGoal, sawWork: boolean): Verdict {
  const status = zk.status;
  const observed = status?.observedGeneration ?? -1;
  if (!status || observed < goal.generation) return { state: 'pending', sawWork };
  const operation = status.operation?.type ?? '';
  if (operation === 'Refused') {
    const degraded = status.conditions?.find((c) => c.type === 'Degraded');
    return { state: 'stuck', message: status.operation?.waitingFor || degraded?.message || 'refused' };
  }
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  const isReady = ready?.status === 'True' && (ready.observedGeneration ?? observed) >= goal.generation;
  const working = !isReady || !RESTING.includes(operation);
  const seen = sawWork || working;
  if (isReady && !working && (!goal.awaitWork || seen)) return { state: 'ready' };
  if (operation === 'Paused')
    return {
      state: 'stuck',
      message: 'the ensemble is paused (spec.paused: true); the change waits until it is resumed',
    };
  return { state: 'pending', sawWork: seen };
}
