/**
 * The engine's step as Kubernetes API calls and reconfigs: StartMember and StopMember are the
 * StatefulSet's replicas (pod-count.ts, applied with the other objects), RestartMember deletes the
 * pod (uid precondition; the StatefulSet starts it again from the current template), DeleteStorage
 * deletes the member's volume claims, Reconfigure goes to ZooKeeper through EnsembleAccess. An Event
 * records each step taken.
 */
import { type Plan, stepSummary } from '../../../engine/index.ts';
import { PODS, PVCS } from '../client/resources.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import type { Observed } from './observe.ts';
import { zooKeeperKeyOf } from './owner-key.ts';

/** Carries out the engine's step; what it did (nothing, when there was nothing to do). */
export async function takeStep(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  { step }: Plan,
  { facts, observation }: Observed,
  podCountChanged: boolean,
): Promise<readonly string[]> {
  const ns = zk.metadata.namespace;
  const note = (reason: string, text: string, type: 'Normal' | 'Warning' = 'Normal') =>
    ctx.events.record(zk, { type, reason, action: step.type, note: text });
  /** The step taken: its Event, and what it did. */
  const taken = async (why: string): Promise<readonly string[]> => {
    await note(step.type, `${stepSummary(step)}: ${why}`);
    return [stepSummary(step)];
  };
  switch (step.type) {
    case 'StartMember':
    case 'StopMember': {
      // Carried out by the StatefulSet's replicas (pod-count.ts), applied by the apply step before.
      if (!podCountChanged) return [];
      return taken(step.reason);
    }
    case 'RestartMember': {
      const pod = facts.find((f) => f.id === step.id)?.pod;
      if (!pod || pod.metadata?.deletionTimestamp) return [];
      await ctx.api.delete(
        PODS,
        { namespace: ns, name: pod.metadata?.name ?? '' },
        { preconditions: { uid: pod.metadata?.uid } },
      );
      return taken(step.reason);
    }
    case 'DeleteStorage': {
      const member = facts.find((f) => f.id === step.id);
      const claims = ctx.claims
        .list(ns)
        .filter(
          (c) =>
            zooKeeperKeyOf(c) === `${ns}/${zk.metadata.name}` &&
            member &&
            c.metadata?.name?.endsWith(`-${member.podName}`),
        );
      for (const claim of claims) {
        await ctx.api.delete(
          PVCS,
          { namespace: ns, name: claim.metadata?.name ?? '' },
          { preconditions: { uid: claim.metadata?.uid } },
        );
      }
      if (claims.length === 0) return [];
      return taken(step.reason);
    }
    case 'Reconfigure': {
      const serving = observation.members.filter((m) => m.serving).map((m) => m.id);
      const outcome = await ctx.ensemble.reconfigure(zk, step, serving);
      if (!outcome.applied) {
        await note('ReconfigureDeferred', `${stepSummary(step)} not applied: ${outcome.why}`, 'Warning');
        return [];
      }
      return taken(step.reason);
    }
    case 'Wait':
    case 'Refuse':
    case 'Done':
      return [];
  }
}
