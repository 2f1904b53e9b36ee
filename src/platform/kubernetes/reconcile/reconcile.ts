/**
 * One reconcile of one ZooKeeper object, as the list of its steps, each returning what it did:
 * validate, keep the finalizer, ensure the super user Secret, resume from the config recorded (or
 * retained), observe, plan; then, unless the spec is paused, converge: grow volumes, apply the
 * rendered objects, take the engine's step, delete what the ensemble no longer has, mark volumes;
 * write the status if it changed; last, carry out the ensemble's tenants once it is settled
 * (tenants/tenants.ts; their users are read before planning, as the JAAS file holds them). An object being deleted is finalized instead (deletion.ts).
 * With nothing to do it makes no write call. A problem the user can fix (problem.ts) is written to
 * the status and an Event before it is thrown on to the work queue, which retries with backoff.
 */
import type { V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import { applyDefaults, type ResolvedSpec } from '../../../api/defaults.ts';
import type { ZooKeeperStatus } from '../../../api/spec.ts';
import { describeOperation, type Observation, type Plan } from '../../../engine/index.ts';
import { STATEFULSETS } from '../client/resources.ts';
import type { EnsembleHealth } from '../runtime/metrics.ts';
import { convergeTenants, orphanTenants, prepareTenants } from '../tenants/tenants.ts';
import { type MonitorsOutcome, warnOfSkippedMonitors } from './apply-monitors.ts';
import { applyObjects } from './apply-objects.ts';
import { bootstrapFromBackup, restoredOnceServing } from './bootstrap.ts';
import { certifiedMembers, ensureCertificates } from './certificates.ts';
import { unprovisionedClaim } from './claim-provisioning.ts';
import { computeStatus, type StatusInput } from './compute-status.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { finalize } from './deletion.ts';
import { healthOf } from './ensemble-health.ts';
import { keepFinalizer } from './finalizer.ts';
import { routeMembers } from './member-routes.ts';
import { deleteSurplusMemberServices } from './member-services.ts';
import { ensemblePods, type Observed, observe, podFacts, servingMembers } from './observe.ts';
import { zooKeeperKeyOf } from './owner-key.ts';
import { type Planned, planStep } from './plan.ts';
import { deleteForeignPodNameSlices } from './pod-name-endpoints.ts';
import { problemOf } from './problem.ts';
import { ensureQuorumPassword } from './quorum-password.ts';
import { type Problem, reportProblem, warnOfProblem } from './report-problem.ts';
import { resume } from './resume.ts';
import { readSuperPassword } from './super-password.ts';
import { ensureSuperUserSecret } from './super-user-secret.ts';
import { type Stepped, takeStep } from './take-step.ts';
import { validate } from './validate.ts';
import { EXPAND_VOLUMES, type Expansion, expandVolumes, NO_EXPANSION } from './volume-expansion.ts';
import { markVolumesHoldingData } from './volumes-holding-data.ts';
import { nowOf, writeStatus } from './write-status.ts';

export interface ReconcileResult {
  readonly requeueAfterMs?: number;
  /** The engine's operation, or `Invalid`/`Deleting`/`Gone`. */
  readonly operation: string;
  readonly ready: boolean;
  /** Members serving, quorum and the operation's start, when the ensemble was observed. */
  readonly health?: EnsembleHealth;
  /** What the steps did, in order: empty when the ensemble needed nothing. */
  readonly actions: readonly string[];
}

const GONE: ReconcileResult = { operation: 'Gone', ready: false, actions: [] };

export async function reconcile(ctx: ReconcileContext, key: string): Promise<ReconcileResult> {
  const zk = ctx.zookeepers.get(key);
  if (!zk) {
    const [namespace = '', name = ''] = key.split('/');
    return { ...GONE, actions: await orphanTenants(ctx, namespace, name) };
  }
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
    const actions = await finalize(ctx, zk, spec.deletionPolicy, claims);
    return { operation: 'Deleting', ready: false, actions };
  }
  const routes = await routeMembers(ctx.api, ensemblePods(ctx, zk));
  const invalid = await validate(ctx, zk);
  if (invalid) return { operation: 'Invalid', ready: false, actions: [...routes, ...invalid] };
  const finalizer = await keepFinalizer(ctx.api, zk);
  const secret = await ensureSuperUserSecret(ctx, zk);
  const tenants = await prepareTenants(ctx, zk, spec);
  const resumed = await resume(ctx, zk, spec, claims);
  const resumedActions = [...routes, ...finalizer, ...secret, ...tenants.actions, ...resumed.actions];
  if ('refused' in resumed) return { operation: 'Refused', ready: false, actions: resumedActions };
  const bootstrapped = await bootstrapFromBackup(ctx, zk, spec, claims);
  const facts = podFacts(ctx, zk, claims);
  const quorum = await ensureQuorumPassword(
    ctx,
    zk,
    facts.map((f) => f.quorumSasl),
  );
  const prepared = [...resumedActions, ...bootstrapped.actions, ...quorum.actions];
  const credentials =
    spec.auth.client.sasl || quorum.password !== undefined
      ? {
          superPassword: await readSuperPassword(ctx.api, zk, ctx.ownSecrets),
          users: tenants.users,
          ...(quorum.password === undefined ? {} : { quorumPassword: quorum.password }),
        }
      : undefined;
  const certified = await ensureCertificates(
    ctx,
    zk,
    spec,
    facts,
    certifiedMembers(spec, facts, resumed.recorded),
  );
  const observed = await observe(ctx, zk, facts, resumed.recorded, certified.client);
  const planned = planStep(ctx, zk, spec, observed, credentials, bootstrapped.render);
  const converged = spec.paused ? UNCHANGED : await converge(ctx, zk, spec, claims, observed, planned);
  const { expansion } = converged;
  const problem =
    (expansion.state === 'none' ? undefined : expansion.problem) ?? (await unprovisionedClaim(ctx, claims));
  const status = computeStatus({
    ...statusInput(ctx, zk, spec, observed, planned, converged, problem),
    ...(certified.status ? { tls: certified.status } : {}),
    ...(bootstrapped.status
      ? { bootstrap: restoredOnceServing(bootstrapped.status, observed.observation) }
      : {}),
  });
  const written = await writeStatus(ctx, zk, status);
  if (problem) await warnOfProblem(ctx, zk, problem);
  await warnOfSkippedMonitors(ctx, zk, converged.monitors);
  const settled = isSettled(planned.plan, expansion);
  const carried = await convergeTenants(
    ctx,
    zk,
    tenants,
    settled && planned.plan.step.type === 'Done' && !spec.paused,
    servingMembers(observed),
    certified.client,
  );
  return {
    operation: planned.plan.operation,
    ready: isReady(status),
    health: healthOf(spec, status),
    actions: [...prepared, ...certified.actions, ...converged.actions, ...written, ...carried.actions],
    ...(settled && !carried.pending ? {} : { requeueAfterMs: pollDelay(ctx, observed.observation) }),
  };
}

/** How soon to look again while an operation is under way (ReconcileContext.pollMs). */
export const POLL_MS = 5000;
export const CATCH_UP_POLL_MS = 1000;

/**
 * A member whose pod runs but which does not serve in sync yet (a JVM starting, an election, a sync)
 * is back within seconds, and nothing Kubernetes watches says when: its readiness probe runs only
 * every few seconds. The operation then goes on as soon as ZooKeeper itself answers.
 */
function pollDelay(ctx: Pick<ReconcileContext, 'pollMs'>, observation: Observation): number {
  const catchingUp = observation.members.some((m) => m.running && !(m.serving && m.synced));
  return catchingUp ? CATCH_UP_POLL_MS : (ctx.pollMs ?? POLL_MS);
}

interface Converged {
  readonly expansion: Expansion;
  /** Why the engine's reconfig was not applied (take-step.ts). */
  readonly deferred?: string;
  readonly actions: readonly string[];
  readonly monitors?: MonitorsOutcome;
}

const UNCHANGED: Converged = { expansion: NO_EXPANSION, actions: [] };
const NO_STEP: Stepped = { actions: [] };

/** The steps that change the ensemble, which a paused spec skips. */
async function converge(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  claims: readonly V1PersistentVolumeClaim[],
  observed: Observed,
  planned: Planned,
): Promise<Converged> {
  const ref = { namespace: zk.metadata.namespace, name: zk.metadata.name };
  const statefulSet = (await ctx.read(STATEFULSETS, ref)) as V1StatefulSet | undefined;
  const settled = planned.plan.step.type === 'Done';
  const { expansion, actions: grown } = await expandVolumes(ctx, zk, spec, statefulSet, claims, settled);
  const applied = await applyObjects(ctx, zk, planned, observed, statefulSet, expansion);
  // No step while the StatefulSet is replaced: a pod deleted now would not come back until it is.
  const stepped =
    expansion.state === 'replacing'
      ? NO_STEP
      : await takeStep(ctx, zk, planned.plan, observed, applied.podCountChanged);
  const services = await deleteSurplusMemberServices(ctx.api, ctx.services, zk, applied.podCount);
  const slices = await deleteForeignPodNameSlices(ctx.api, ctx.services, ctx.endpointSlices, zk);
  const marked = await markVolumesHoldingData(ctx, observed);
  return {
    expansion,
    ...(stepped.deferred ? { deferred: stepped.deferred } : {}),
    ...(applied.monitors ? { monitors: applied.monitors } : {}),
    actions: [...grown, ...applied.actions, ...stepped.actions, ...services, ...slices, ...marked],
  };
}

function statusInput(
  ctx: Pick<ReconcileContext, 'clock'>,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  { observation }: Observed,
  { desired, plan }: Planned,
  { expansion, deferred, monitors }: Converged,
  problem: Problem | undefined,
): StatusInput {
  const operation = describeOperation(desired, observation, plan.step);
  // The first start of a new ensemble records its initial config (engine contract).
  const initial =
    !observation.config && plan.step.type === 'StartMember' && plan.operation === 'Create'
      ? plan.step.options.config
      : undefined;
  return {
    name: zk.metadata.name,
    namespace: zk.metadata.namespace,
    generation: zk.metadata.generation,
    spec,
    observation: initial ? { ...observation, config: { ...initial, live: false } } : observation,
    plan,
    operation: deferred ? { ...operation, waitingFor: deferred } : operation,
    previous: zk.status,
    now: nowOf(ctx),
    ...(expansion.state === 'none'
      ? {}
      : { platform: { type: EXPAND_VOLUMES, step: expansion.step, waitingFor: expansion.waitingFor } }),
    ...(problem ? { problem } : {}),
    ...(monitors ? { monitors } : {}),
  };
}

const isReady = (status: ZooKeeperStatus): boolean =>
  status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

/** Nothing under way that a later look would move on. */
const isSettled = (plan: Plan, expansion: Expansion): boolean =>
  expansion.state === 'none' &&
  (plan.step.type === 'Done' || plan.operation === 'Paused' || plan.operation === 'Refused');
