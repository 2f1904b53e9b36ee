/**
 * One reconcile of one ZooKeeper object: validate, keep zkop's finalizer (deletion.ts), resume from
 * volumes a deleted object of the same name retained (retained.ts), observe (pods, volumes,
 * ZooKeeper itself), ask the engine for the next step, apply the rendered objects that differ from
 * what is live, take the step, and write the status if it changed.
 * With nothing to do it makes no write call.
 */
import type {
  KubernetesObject,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { applyDefaults, type ResolvedSpec } from '../../api/defaults.ts';
import type { FieldError } from '../../api/field-error.ts';
import { API_VERSION, KIND, type ZooKeeperStatus } from '../../api/spec.ts';
import { validateZooKeeper } from '../../api/validate.ts';
import { describe, type EnsembleConfig, plan as planNext } from '../../engine/index.ts';
import type { EnsembleObservation } from '../../zk/observation.ts';
import { applyChanged, type LiveReader } from './apply-changes.ts';
import type { Clock } from './clock.ts';
import { finalize, syncFinalizer } from './deletion.ts';
import { desiredOf, RESTART_TOKEN_ANNOTATION } from './desired.ts';
import type { EnsembleAccess } from './ensemble-access.ts';
import type { EventRecorder } from './events.ts';
import { markVolumesHoldingData, takeStep } from './execute-step.ts';
import type { KubeApi } from './kube-api.ts';
import { memberFacts } from './member-facts.ts';
import { deleteSurplusMemberServices } from './member-services.ts';
import type { CacheView } from './object-cache.ts';
import { toObservation } from './observation.ts';
import { zooKeeperKeyOf } from './owner-key.ts';
import { podCountFor } from './pod-count.ts';
import { type RenderOptions, renderEnsemble, type ZooKeeperObject } from './render/index.ts';
import { STATEFULSETS, ZOOKEEPERS } from './resources.ts';
import { adoptRetained, retainedConfig } from './retained.ts';
import { computeStatus, invalidSpecStatus, recordedConfig, refusedStatus, sameStatus } from './status.ts';
import { ensureSuperUserSecret } from './super-user-secret.ts';

/** A ZooKeeper object as the API server sends it. */
export type LiveZooKeeper = ZooKeeperObject & {
  readonly metadata: ZooKeeperObject['metadata'] & {
    readonly resourceVersion?: string;
    readonly generation?: number;
    readonly finalizers?: string[];
    readonly deletionTimestamp?: Date;
  };
};

export interface ReconcileContext {
  readonly api: KubeApi;
  readonly zookeepers: CacheView<LiveZooKeeper>;
  readonly pods: CacheView<V1Pod>;
  readonly claims: CacheView<V1PersistentVolumeClaim>;
  readonly services: CacheView<V1Service>;
  /** Live objects zkop renders, from a watch cache where there is one, else from the API server. */
  readonly read: LiveReader;
  readonly ensemble: EnsembleAccess;
  readonly events: EventRecorder;
  readonly clock: Clock;
  readonly newPassword?: () => string;
  readonly render?: Pick<RenderOptions, 'clusterDomain' | 'operatorNamespace' | 'networkPolicy'>;
  /** How soon to look again while an operation is under way. Default 5000. */
  readonly pollMs?: number;
}

export interface ReconcileResult {
  readonly requeueAfterMs?: number;
  /** The engine's operation, or `Invalid`/`Deleting`/`Gone`. */
  readonly operation: string;
  readonly ready: boolean;
  /** Rendered objects applied and steps taken: empty when the ensemble needed nothing. */
  readonly actions: readonly string[];
}

const GONE: ReconcileResult = { operation: 'Gone', ready: false, actions: [] };

export async function reconcile(ctx: ReconcileContext, key: string): Promise<ReconcileResult> {
  const zk = ctx.zookeepers.get(key);
  if (!zk) return GONE;
  const spec = applyDefaults(zk.spec);
  const claims = ctx.claims.list(zk.metadata.namespace).filter((c) => zooKeeperKeyOf(c) === key);

  if (zk.metadata.deletionTimestamp) {
    const outcome = await finalize(ctx.api, zk, spec.deletionPolicy, claims, recordedConfig(zk.status));
    if (outcome.state === 'held') {
      const status = refusedStatus(
        zk.metadata.generation,
        'DeletionRefused',
        outcome.reason,
        zk.status,
        now(ctx),
      );
      const written = await writeStatus(ctx, zk, status);
      return { operation: 'Deleting', ready: false, actions: written ? ['write status'] : [] };
    }
    return { operation: 'Deleting', ready: false, actions: outcome.actions };
  }

  const errors = validateZooKeeper(manifestOf(zk));
  if (errors.length > 0) return refuse(ctx, zk, errors);

  const actions: string[] = [];
  if (await syncFinalizer(ctx.api, zk)) actions.push('set finalizer');
  const secretProblem = await ensureSuperUserSecret(ctx, zk, actions);
  if (secretProblem) return refuse(ctx, zk, [secretProblem]);
  const resumed = await recordedOrRetained(ctx, zk, spec, claims, actions);
  if ('refused' in resumed) return resumed.refused;
  const { recorded } = resumed;

  const pods = ctx.pods.list(zk.metadata.namespace).filter((p) => zooKeeperKeyOf(p) === key);
  const facts = memberFacts(zk.metadata.name, pods, claims);
  const running = facts.filter((f) => f.running).map((f) => f.id);
  const answers: EnsembleObservation | undefined =
    running.length > 0 ? await ctx.ensemble.inspect(zk, running) : undefined;
  const restartToken = zk.metadata.annotations?.[RESTART_TOKEN_ANNOTATION] ?? '';
  const observation = toObservation(facts, answers, recorded);
  const options: RenderOptions = {
    ...ctx.render,
    restartToken,
    ...committedConfigOptions(observation.config),
  };
  const { configHash } = renderEnsemble(zk, options);
  const desired = desiredOf(spec, configHash, restartToken);
  const plan = planNext(desired, observation);

  if (!spec.paused) {
    const statefulSet = (await ctx.read(STATEFULSETS, {
      namespace: zk.metadata.namespace,
      name: zk.metadata.name,
    })) as V1StatefulSet | undefined;
    const podCount = podCountFor(statefulSet?.spec?.replicas, desired, plan.step);
    const { objects } = renderEnsemble(zk, { ...options, podCount });
    for (const applied of await applyChanged(ctx.api, ctx.read, objects)) {
      actions.push(`apply ${applied.kind} ${applied.metadata?.name}`);
    }
    const stepAction = await takeStep(
      ctx,
      zk,
      plan,
      facts,
      observation,
      podCount !== statefulSet?.spec?.replicas,
    );
    if (stepAction) actions.push(stepAction);
    actions.push(...(await deleteSurplusMemberServices(ctx.api, ctx.services, zk, podCount)));
    actions.push(...(await markVolumesHoldingData(ctx, facts, observation)));
  }

  // The first start of a new ensemble records its initial config (engine contract).
  const config: EnsembleConfig | undefined =
    observation.config ??
    (plan.step.type === 'StartMember' && plan.operation === 'Create' ? plan.step.options.config : undefined);
  const status = computeStatus({
    name: zk.metadata.name,
    namespace: zk.metadata.namespace,
    generation: zk.metadata.generation,
    spec,
    observation:
      config && !observation.config ? { ...observation, config: { ...config, live: false } } : observation,
    plan,
    operation: describe(desired, observation, plan.step),
    previous: zk.status,
    now: now(ctx),
  });
  if (await writeStatus(ctx, zk, status)) actions.push('write status');
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const done = plan.step.type === 'Done' || plan.operation === 'Paused' || plan.operation === 'Refused';
  return {
    operation: plan.operation,
    ready,
    actions,
    ...(done ? {} : { requeueAfterMs: ctx.pollMs ?? 5000 }),
  };
}

/**
 * The config the status recorded, else the one a deleted object of the same name retained with its
 * volumes; refused when those volumes cannot be taken back (retained.ts).
 */
async function recordedOrRetained(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  claims: readonly V1PersistentVolumeClaim[],
  actions: string[],
): Promise<{ recorded: EnsembleConfig | undefined } | { refused: ReconcileResult }> {
  const own = recordedConfig(zk.status);
  const retained = own ? undefined : retainedConfig(zk, spec, claims);
  if (retained && 'problem' in retained) {
    const generation = zk.metadata.generation;
    const status = refusedStatus(
      generation,
      'RetainedVolumesMismatch',
      retained.problem,
      zk.status,
      now(ctx),
    );
    if (await writeStatus(ctx, zk, status)) actions.push('write status');
    return { refused: { operation: 'Refused', ready: false, actions } };
  }
  actions.push(...(await adoptRetained(ctx.api, zk, claims, own)));
  return { recorded: own ?? retained?.config };
}

const committedConfigOptions = (
  config: EnsembleConfig | undefined,
): Pick<RenderOptions, 'committedMembers' | 'configVersion'> =>
  config ? { committedMembers: config.members, configVersion: config.version } : {};

const now = (ctx: ReconcileContext): string =>
  new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The object in the shape the schema checks (what a user wrote), without server-set metadata. */
function manifestOf(zk: LiveZooKeeper): unknown {
  const { name, namespace, labels, annotations } = zk.metadata;
  return {
    apiVersion: zk.apiVersion,
    kind: zk.kind,
    metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
    spec: zk.spec,
  };
}

async function refuse(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  errors: readonly FieldError[],
): Promise<ReconcileResult> {
  const written = await writeStatus(
    ctx,
    zk,
    invalidSpecStatus(zk.metadata.generation, errors, zk.status, now(ctx)),
  );
  return { operation: 'Invalid', ready: false, actions: written ? ['write status'] : [] };
}

async function writeStatus(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  status: ZooKeeperStatus,
): Promise<boolean> {
  if (sameStatus(zk.status, status)) return false;
  await ctx.api.applyStatus(ZOOKEEPERS, {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: zk.metadata.name, namespace: zk.metadata.namespace },
    status,
  } as KubernetesObject);
  return true;
}
