/**
 * The apply step: the ensemble's objects rendered for the pod count the engine's step needs
 * (pod-count.ts), and applied where they differ from what is live (apply-changes.ts). While volume
 * expansion replaces the StatefulSet, it is left to be created again from the new template.
 */
import type { V1StatefulSet } from '@kubernetes/client-node';
import { renderEnsemble } from '../render/index.ts';
import { applyChanged } from './apply-changes.ts';
import { applyMonitors, isMonitor, type MonitorsOutcome } from './apply-monitors.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { memberServiceIps } from './member-services.ts';
import type { Observed } from './observe.ts';
import type { Planned } from './plan.ts';
import { podCountFor, runningPodCount } from './pod-count.ts';
import { rendering } from './problem.ts';
import type { Expansion } from './volume-expansion.ts';

export interface Applied {
  /** The StatefulSet's replicas as applied. */
  readonly podCount: number;
  /** True when they changed: how StartMember and StopMember are carried out. */
  readonly podCountChanged: boolean;
  readonly actions: readonly string[];
  readonly monitors?: MonitorsOutcome;
}

export async function applyObjects(
  ctx: Pick<ReconcileContext, 'api' | 'read' | 'services'>,
  zk: LiveZooKeeper,
  { desired, plan, options }: Planned,
  { facts }: Observed,
  statefulSet: V1StatefulSet | undefined,
  expansion: Expansion,
): Promise<Applied> {
  const current = statefulSet?.spec?.replicas ?? runningPodCount(facts);
  const podCount = podCountFor(current, desired, plan.step);
  const sizes = expansion.state === 'none' ? {} : { volumeSizes: expansion.templateSizes };
  const memberIps = memberServiceIps(ctx.services, zk);
  const { objects } = rendering(() =>
    renderEnsemble(zk, { ...options, podCount, ...sizes, memberServiceIps: memberIps }),
  );
  const wanted = expansion.state === 'replacing' ? objects.filter((o) => o.kind !== 'StatefulSet') : objects;
  const applied = await applyChanged(
    ctx.api,
    ctx.read,
    wanted.filter((o) => !isMonitor(o)),
  );
  const monitors = await applyMonitors(ctx.api, ctx.read, wanted.filter(isMonitor));
  return {
    podCount,
    podCountChanged: podCount !== current,
    actions: [...applied, ...monitors.applied].map((o) => `apply ${o.kind} ${o.metadata?.name}`),
    ...(monitors.outcome ? { monitors: monitors.outcome } : {}),
  };
}
