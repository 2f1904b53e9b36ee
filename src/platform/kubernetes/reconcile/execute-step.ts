/**
 * The engine's step as Kubernetes API calls and reconfigs: StartMember and StopMember are the
 * StatefulSet's replicas (pod-count.ts, applied with the other objects), RestartMember deletes the
 * pod (uid precondition; the StatefulSet starts it again from the current template), DeleteStorage
 * deletes the member's volume claims, Reconfigure goes to ZooKeeper through EnsembleAccess. An Event
 * records each step taken.
 */
import { type Observation, type Plan, stepSummary } from '../../../engine/index.ts';
import { PODS, PVCS } from '../client/resources.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { claimName, HOLDS_DATA_ANNOTATION, type MemberFacts } from './member-facts.ts';
import { zooKeeperKeyOf } from './owner-key.ts';

/** Carries out the engine's step; returns what was done, or undefined when there was nothing to do. */
export async function takeStep(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  plan: Plan,
  facts: readonly MemberFacts[],
  observation: Observation,
  podCountChanged: boolean,
): Promise<string | undefined> {
  const { step } = plan;
  const ns = zk.metadata.namespace;
  const note = (reason: string, text: string, type: 'Normal' | 'Warning' = 'Normal') =>
    ctx.events.record(zk, { type, reason, action: step.type, note: text });
  switch (step.type) {
    case 'StartMember':
    case 'StopMember': {
      // Executed by the StatefulSet's replicas (pod-count.ts), already applied above.
      if (!podCountChanged) return undefined;
      await note(step.type, `${stepSummary(step)}: ${step.reason}`);
      return stepSummary(step);
    }
    case 'RestartMember': {
      const pod = facts.find((f) => f.id === step.id)?.pod;
      if (!pod || pod.metadata?.deletionTimestamp) return undefined;
      await ctx.api.delete(
        PODS,
        { namespace: ns, name: pod.metadata?.name ?? '' },
        { preconditions: { uid: pod.metadata?.uid } },
      );
      await note('RestartMember', `${stepSummary(step)}: ${step.reason}`);
      return stepSummary(step);
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
      if (claims.length === 0) return undefined;
      await note('DeleteStorage', `${stepSummary(step)}: ${step.reason}`);
      return stepSummary(step);
    }
    case 'Reconfigure': {
      const serving = observation.members.filter((m) => m.serving).map((m) => m.id);
      const outcome = await ctx.ensemble.reconfigure(zk, step, serving);
      if (!outcome.applied) {
        await note('ReconfigureDeferred', `${stepSummary(step)} not applied: ${outcome.why}`, 'Warning');
        return undefined;
      }
      await note('Reconfigure', `${stepSummary(step)}: ${step.reason}`);
      return stepSummary(step);
    }
    case 'Wait':
    case 'Refuse':
    case 'Done':
      return undefined;
  }
}

/** Marks the data volume of each serving member, so a replaced (empty) volume is told apart later. */
export async function markVolumesHoldingData(
  ctx: ReconcileContext,
  facts: readonly MemberFacts[],
  observation: Observation,
): Promise<string[]> {
  const done: string[] = [];
  for (const f of facts) {
    const serving = observation.members.some((m) => m.id === f.id && m.serving);
    if (!serving || !f.claim || f.storage === 'data') continue;
    const name = claimName(f.podName);
    await ctx.api.mergePatch(
      PVCS,
      { namespace: f.claim.metadata?.namespace, name },
      {
        metadata: { annotations: { [HOLDS_DATA_ANNOTATION]: 'true' } },
      },
    );
    done.push(`mark volume ${name}`);
  }
  return done;
}
