/**
 * One reconcile of one ZooKeeper object: validate, keep zkop's finalizer (deletion.ts), resume from
 * volumes a deleted object of the same name retained (retained.ts), observe (pods, volumes,
 * ZooKeeper itself), ask the engine for the next step, apply the rendered objects that differ from
 * what is live, take the step, and write the status if it changed.
 * With nothing to do it makes no write call. A problem the user can fix (problem.ts) is written to
 * the status and an Event before it is thrown on to the work queue, which retries with backoff.
 */
import type { V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import { applyDefaults, type ResolvedSpec } from '../../../api/defaults.ts';
import type { FieldError } from '../../../api/field-error.ts';
import { validateZooKeeper } from '../../../api/validate.ts';
import {
  type Desired,
  describeOperation,
  type EnsembleConfig,
  type Observation,
  type Plan,
  plan as planNext,
} from '../../../engine/index.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import { STATEFULSETS } from '../client/resources.ts';
import {
  RESTART_TOKEN_ANNOTATION,
  type RenderOptions,
  renderEnsemble,
  startConfigHash,
} from '../render/index.ts';
import { applyChanged } from './apply-changes.ts';
import { unprovisionedClaim } from './claim-provisioning.ts';
import { computeStatus, invalidSpecMessage, type PlatformOperation } from './compute-status.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { finalize, syncFinalizer } from './deletion.ts';
import { desiredOf } from './desired.ts';
import { markVolumesHoldingData, takeStep } from './execute-step.ts';
import { type MemberFacts, memberFacts } from './member-facts.ts';
import { deleteSurplusMemberServices, memberServiceIps } from './member-services.ts';
import { toObservation } from './observation.ts';
import { zooKeeperKeyOf } from './owner-key.ts';
import { podCountFor, runningPodCount } from './pod-count.ts';
import { deleteForeignPodNameSlices } from './pod-name-endpoints.ts';
import { problemOf, ReconcileProblem } from './problem.ts';
import { recordedConfig } from './recorded-config.ts';
import { reportProblem, warnOfProblem } from './report-problem.ts';
import { adoptRetained, retainedConfig } from './retained.ts';
import { ensureSuperUserSecret } from './super-user-secret.ts';
import { EXPAND_VOLUMES, type Expansion, expandVolumes } from './volume-expansion.ts';
import { nowOf, writeStatus } from './write-status.ts';

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
  try {
    return await reconcileObject(ctx, zk, key);
  } catch (err) {
    const problem = problemOf(err);
    if (!problem) throw err;
    // A status that cannot be written now is written by a retry; the problem is what to throw.
    await reportProblem(ctx, zk, problem).catch(() => undefined);
    throw problem;
  }
}

async function reconcileObject(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  key: string,
): Promise<ReconcileResult> {
  const spec = applyDefaults(zk.spec);
  const claims = ctx.claims.list(zk.metadata.namespace).filter((c) => zooKeeperKeyOf(c) === key);

  if (zk.metadata.deletionTimestamp) {
    const outcome = await finalize(ctx.api, zk, spec.deletionPolicy, claims, recordedConfig(zk.status));
    if (outcome.state === 'held') {
      const problem = { reason: 'DeletionRefused', message: outcome.reason, action: 'Delete' };
      return { operation: 'Deleting', ready: false, actions: await reportProblem(ctx, zk, problem) };
    }
    return { operation: 'Deleting', ready: false, actions: outcome.actions };
  }

  const errors = validateZooKeeper(manifestOf(zk));
  if (errors.length > 0) return refuse(ctx, zk, errors);

  const actions: string[] = [];
  if (await syncFinalizer(ctx.api, zk)) actions.push('set finalizer');
  await ensureSuperUserSecret(ctx, zk, actions);
  const resumed = await recordedOrRetained(ctx, zk, spec, claims, actions);
  if ('refused' in resumed) return resumed.refused;
  const { recorded } = resumed;

  const pods = ctx.pods.list(zk.metadata.namespace).filter((p) => zooKeeperKeyOf(p) === key);
  const facts = memberFacts(zk.metadata.name, pods, claims, ctx.clock.now());
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
  const configHash = rendering(() => startConfigHash(zk, options));
  const desired = desiredOf(spec, configHash, restartToken);
  const plan = planNext(desired, observation);

  const expansion = spec.paused
    ? NO_EXPANSION
    : await converge(ctx, zk, { spec, desired, plan, facts, observation, options, claims }, actions);
  const problem =
    (expansion.state === 'none' ? undefined : expansion.problem) ?? (await unprovisionedClaim(ctx, claims));

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
    operation: describeOperation(desired, observation, plan.step),
    previous: zk.status,
    now: nowOf(ctx),
    ...(expansion.state === 'none' ? {} : { platform: expansionOperation(expansion) }),
    ...(problem ? { problem } : {}),
  });
  actions.push(...(await writeStatus(ctx, zk, status)));
  if (problem) await warnOfProblem(ctx, zk, problem);
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const done =
    expansion.state === 'none' &&
    (plan.step.type === 'Done' || plan.operation === 'Paused' || plan.operation === 'Refused');
  return {
    operation: plan.operation,
    ready,
    actions,
    ...(done ? {} : { requeueAfterMs: ctx.pollMs ?? 5000 }),
  };
}

interface Converging {
  readonly spec: ResolvedSpec;
  readonly desired: Desired;
  readonly plan: Plan;
  readonly facts: readonly MemberFacts[];
  readonly observation: Observation;
  readonly options: RenderOptions;
  readonly claims: readonly V1PersistentVolumeClaim[];
}

const NO_EXPANSION: Expansion = { state: 'none' };

const expansionOperation = (e: Exclude<Expansion, { state: 'none' }>): PlatformOperation => ({
  type: EXPAND_VOLUMES,
  step: e.step,
  waitingFor: e.waitingFor,
});

/**
 * Grows volumes the spec grew, applies the rendered objects that differ from what is live, and takes
 * the engine's step; returns the volume expansion under way.
 */
async function converge(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  { spec, desired, plan, facts, observation, options, claims }: Converging,
  actions: string[],
): Promise<Expansion> {
  const ref = { namespace: zk.metadata.namespace, name: zk.metadata.name };
  const statefulSet = (await ctx.read(STATEFULSETS, ref)) as V1StatefulSet | undefined;
  const settled = plan.step.type === 'Done';
  const expansion = await expandVolumes(ctx, zk, spec, statefulSet, claims, settled, actions);
  const replacing = expansion.state === 'replacing';
  const current = statefulSet?.spec?.replicas ?? runningPodCount(facts);
  const podCount = podCountFor(current, desired, plan.step);
  const sizes = expansion.state === 'none' ? {} : { volumeSizes: expansion.templateSizes };
  const memberIps = memberServiceIps(ctx.services, zk);
  const { objects } = rendering(() =>
    renderEnsemble(zk, { ...options, podCount, ...sizes, memberServiceIps: memberIps }),
  );
  const wanted = replacing ? objects.filter((o) => o.kind !== 'StatefulSet') : objects;
  for (const applied of await applyChanged(ctx.api, ctx.read, wanted)) {
    actions.push(`apply ${applied.kind} ${applied.metadata?.name}`);
  }
  // No step while the StatefulSet is replaced: a pod deleted now would not come back until it is.
  if (!replacing) {
    const stepAction = await takeStep(ctx, zk, plan, facts, observation, podCount !== current);
    if (stepAction) actions.push(stepAction);
  }
  actions.push(...(await deleteSurplusMemberServices(ctx.api, ctx.services, zk, podCount)));
  actions.push(...(await deleteForeignPodNameSlices(ctx.api, ctx.services, ctx.endpointSlices, zk)));
  actions.push(...(await markVolumesHoldingData(ctx, facts, observation)));
  return expansion;
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
    const problem = { reason: 'RetainedVolumesMismatch', message: retained.problem };
    actions.push(...(await reportProblem(ctx, zk, problem)));
    return { refused: { operation: 'Refused', ready: false, actions } };
  }
  actions.push(...(await adoptRetained(ctx.api, zk, claims, own)));
  return { recorded: own ?? retained?.config };
}

const committedConfigOptions = (
  config: EnsembleConfig | undefined,
): Pick<RenderOptions, 'committedMembers' | 'configVersion'> =>
  config ? { committedMembers: config.members, configVersion: config.version } : {};

/** What `render` gives; a spec the ensemble's objects cannot be rendered from is the user's to fix. */
function rendering<T>(render: () => T): T {
  try {
    return render();
  } catch (err) {
    throw new ReconcileProblem(
      'RenderFailed',
      `zkop cannot render the ensemble's objects: ${(err as Error).message}`,
    );
  }
}

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
  const written = await reportProblem(ctx, zk, {
    reason: 'InvalidSpec',
    message: invalidSpecMessage(errors),
  });
  return { operation: 'Invalid', ready: false, actions: written };
}
