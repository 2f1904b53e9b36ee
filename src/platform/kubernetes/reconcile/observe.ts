/**
 * The observe step: what Kubernetes says of each member (its pod and volumes, from the watch caches)
 * and what the running members answer themselves, as the engine's Observation.
 */
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { EnsembleConfig, Observation } from '../../../engine/index.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { type MemberFacts, memberFacts } from './member-facts.ts';
import { toObservation } from './observation.ts';
import { zooKeeperKeyOf } from './owner-key.ts';

export interface Observed {
  readonly facts: readonly MemberFacts[];
  readonly observation: Observation;
}

/** Reads; writes nothing. `recorded` is the config the ensemble resumes from (resume.ts). */
export async function observe(
  ctx: Pick<ReconcileContext, 'pods' | 'ensemble' | 'clock'>,
  zk: LiveZooKeeper,
  claims: readonly V1PersistentVolumeClaim[],
  recorded: EnsembleConfig | undefined,
): Promise<Observed> {
  const { name, namespace } = zk.metadata;
  const pods = ctx.pods.list(namespace).filter((p) => zooKeeperKeyOf(p) === `${namespace}/${name}`);
  const facts = memberFacts(name, pods, claims, ctx.clock.now());
  const running = facts.filter((f) => f.running).map((f) => f.id);
  const answers = running.length > 0 ? await ctx.ensemble.inspect(zk, running) : undefined;
  return { facts, observation: toObservation(facts, answers, recorded) };
}
