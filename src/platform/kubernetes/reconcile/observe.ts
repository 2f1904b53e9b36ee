/**
 * The observe step: what Kubernetes says of each member (its pod and volumes, from the watch caches)
 * and what the running members answer themselves, as the engine's Observation.
 */
import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import type { EnsembleConfig, Observation } from '../../../engine/index.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import type { MemberReach } from './ensemble-access.ts';
import { type MemberFacts, memberFacts } from './member-facts.ts';
import { toObservation } from './observation.ts';
import { zooKeeperKeyOf } from './owner-key.ts';

export interface Observed {
  readonly facts: readonly MemberFacts[];
  readonly observation: Observation;
  /** How zkop connects to members that serve TLS (certificates.ts). */
  readonly client?: TlsOptions;
}

/** What Kubernetes says of each member, from the watch caches. */
export function podFacts(
  ctx: Pick<ReconcileContext, 'pods' | 'clock'>,
  zk: LiveZooKeeper,
  claims: readonly V1PersistentVolumeClaim[],
): MemberFacts[] {
  return memberFacts(zk.metadata.name, ensemblePods(ctx, zk), claims, ctx.clock.now());
}

/** The ensemble's pods, from the watch cache. */
export function ensemblePods(ctx: Pick<ReconcileContext, 'pods'>, zk: LiveZooKeeper): V1Pod[] {
  const { name, namespace } = zk.metadata;
  return ctx.pods.list(namespace).filter((p) => zooKeeperKeyOf(p) === `${namespace}/${name}`);
}

/** How to talk to a member, as its pod was started. */
export const reachOf = (f: MemberFacts): MemberReach => ({
  id: f.id,
  clientTls: f.clientTls,
  tls: f.clientTls || f.quorumTls !== 'plaintext',
});

/** The members that serve, as a session through them reaches them. */
export const servingMembers = ({
  observation,
  facts,
}: Pick<Observed, 'observation' | 'facts'>): MemberReach[] =>
  observation.members
    .filter((m) => m.serving)
    .flatMap((m) => facts.filter((f) => f.id === m.id).map(reachOf));

/** Reads; writes nothing. `recorded` is the config the ensemble resumes from (resume.ts). */
export async function observe(
  ctx: Pick<ReconcileContext, 'ensemble'>,
  zk: LiveZooKeeper,
  facts: readonly MemberFacts[],
  recorded: EnsembleConfig | undefined,
  client: TlsOptions | undefined,
): Promise<Observed> {
  const running = facts.filter((f) => f.running).map(reachOf);
  const answers = running.length > 0 ? await ctx.ensemble.inspect(zk, running, client) : undefined;
  return { facts, observation: toObservation(facts, answers, recorded), ...(client ? { client } : {}) };
}
