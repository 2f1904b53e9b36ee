/**
 * The engine's step as Kubernetes API calls and reconfigs: StartMember and StopMember are the
 * StatefulSet's replicas (pod-count.ts, applied with the other objects), RestartMember deletes the
 * pod (uid precondition; the StatefulSet starts it again from the current template), DeleteStorage
 * deletes the member's volume claims, Reconfigure goes to ZooKeeper through EnsembleAccess. An Event
 * records each step taken, and each new reason a reconfig is deferred for.
 */
import { type Plan, stepSummary } from '../../../engine/index.ts';
import { PODS, PVCS } from '../client/resources.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { type Observed, servingMembers } from './observe.ts';
import { zooKeeperKeyOf } from './owner-key.ts';

export interface Stepped {
  /** What it did: nothing when there was nothing to do. */
  readonly actions: readonly string[];
  /** For a reconfig not applied: what the operation waits for, with why (shown in the status). */
  readonly deferred?: string;
}

const NOTHING: Stepped = { actions: [] };

/** Carries out the engine's step. */
export async function takeStep(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  { step }: Plan,
  { facts, observation, client }: Observed,
  podCountChanged: boolean,
): Promise<Stepped> {
  const ns = zk.metadata.namespace;
  const note = (reason: string, text: string, type: 'Normal' | 'Warning' = 'Normal') =>
    ctx.events.record(zk, { type, reason, action: step.type, note: text });
  /** The step taken: its Event, and what it did. */
  const taken = async (why: string): Promise<Stepped> => {
    await note(step.type, `${stepSummary(step)}: ${why}`);
    return { actions: [stepSummary(step)] };
  };
  switch (step.type) {
    case 'StartMember':
    case 'StopMember': {
      // Carried out by the StatefulSet's replicas (pod-count.ts), applied by the apply step before.
      if (!podCountChanged) return NOTHING;
      return taken(step.reason);
    }
    case 'RestartMember': {
      const pod = facts.find((f) => f.id === step.id)?.pod;
      if (!pod || pod.metadata?.deletionTimestamp) return NOTHING;
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
      if (claims.length === 0) return NOTHING;
      return taken(step.reason);
    }
    case 'Reconfigure': {
      const serving = servingMembers({ observation, facts });
      const outcome = await ctx.ensemble.reconfigure(zk, step, serving, client);
      if (!outcome.applied) {
        const deferred = `ZooKeeper to take the reconfig: ${outcome.why}`;
        // Polled until it applies: the Event goes out when the status did not show this deferral yet.
        if (zk.status?.operation?.waitingFor !== deferred) {
          await note('ReconfigureDeferred', `${stepSummary(step)} not applied: ${outcome.why}`, 'Warning');
        }
        return { actions: [], deferred };
      }
      return taken(step.reason);
    }
    case 'Wait':
    case 'Refuse':
    case 'Done':
      return NOTHING;
  }
}
