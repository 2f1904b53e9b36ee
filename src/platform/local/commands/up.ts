/**
 * `zkop up`: make the ensemble a manifest describes run on this machine, through the lifecycle loop.
 * A new ensemble's state is written, then the engine creates it; an existing one is reconciled to
 * the manifest: stopped members come back
 * (same ids, ports and data), changed replicas, observers, config or version are applied one safe
 * step at a time, and one that already matches is left alone. The manifest's ZooKeeperTenants are
 * carried out once the members run (tenants/): users in the JAAS file (a change rolls the members),
 * paths, ACLs and quotas converged by zkop's super user, connection files written.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { applyDefaults } from '../../../api/defaults.ts';
import { kubernetesOnlyFields } from '../../../api/kubernetes-only.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { serverSection } from '../../../config/jaas.ts';
import { type Step, unsupportedVersionChange } from '../../../engine/index.ts';
import { invalidInput } from '../../shared/errors.ts';
import { distributionSource } from '../lifecycle/distributions.ts';
import { changeAndReconcile, type LifecycleRun } from '../lifecycle/run.ts';
import { stopProcess } from '../process/process.ts';
import { stopStrayProcesses } from '../process/stray-processes.ts';
import { withEnsembleLock } from '../state/ensemble-lock.ts';
import { newEnsembleState } from '../state/new-ensemble.ts';
import { type LocalState, readState, tenantUsers, writeState } from '../state/state.ts';
import { ensembleDir, memberPaths } from '../state/state-layout.ts';
import { applyTenants } from '../tenants/apply-tenants.ts';
import { NO_TENANTS, planTenants, type TenantPlan } from '../tenants/tenant-plan.ts';
import { authSetAtCreation } from './auth-set-at-creation.ts';
import type { EnsembleStatus } from './ensemble-status.ts';
import { type LocalManifest, readManifest } from './manifest-file.ts';
import { status } from './status.ts';

export interface UpOptions {
  readonly stateDir: string;
  /** How long to wait for the ensemble to serve. */
  readonly timeoutMs?: number;
  readonly onProgress?: (message: string) => void;
  /** Where ZooKeeper distributions are cached (see ensureDistribution). */
  readonly cacheDir?: string;
}

export type UpOutcome = 'created' | 'unchanged' | 'healed' | 'reconciled';

export interface UpResult {
  readonly name: string;
  readonly outcome: UpOutcome;
  /** Ids of the members this call started. */
  readonly started: readonly number[];
  /** Spec fields that only mean something on Kubernetes and were ignored. */
  readonly ignoredFields: readonly string[];
  readonly status: EnsembleStatus;
}

export const DEFAULT_UP_TIMEOUT_MS = 120_000;

export async function up(manifestPath: string, options: UpOptions): Promise<UpResult> {
  const { stateDir, timeoutMs = DEFAULT_UP_TIMEOUT_MS } = options;
  const progress = options.onProgress ?? (() => undefined);
  const manifest = readManifest(manifestPath);
  const name = manifest.name;
  if (manifest.spec.auth?.client?.x509)
    throw invalidInput(
      `${manifestPath}: spec.auth.client.x509: not carried out by zkop up yet; nothing was started`,
    );
  const bootstrap = manifest.spec.bootstrap?.backup.s3;
  if (bootstrap)
    throw invalidInput(
      `${manifestPath}: spec.bootstrap: not carried out by zkop up yet; create the ensemble without it, then restore into it with zkop restore ${name} --from s3://${bootstrap.bucket}${bootstrap.prefix ? `/${bootstrap.prefix}` : ''}; nothing was started`,
    );
  if (manifest.tenants.length > 0 && manifest.spec.auth?.client?.sasl !== true)
    throw invalidInput(
      `${manifestPath}: ZooKeeperTenant: a tenant's identity is a SASL user; set spec.auth.client.sasl: true; nothing was started`,
    );
  // Local members each get free ports of their own, so spec.ports is ignored here too.
  const ignoredFields = [
    ...kubernetesOnlyFields(manifest.spec),
    ...(manifest.spec.ports ? ['spec.ports'] : []),
  ];
  if (ignoredFields.length > 0) progress(`ignored locally (Kubernetes only): ${ignoredFields.join(', ')}`);

  const dir = ensembleDir(stateDir, name);
  const isNewStateDir = !existsSync(stateDir);
  const distributions = distributionSource({ cacheDir: options.cacheDir, onProgress: progress });
  // Fetched before anything is written, so that a version zkop cannot get leaves nothing behind.
  await distributions(readState(stateDir, name)?.version ?? manifest.spec.version);
  const isNew = !existsSync(dir);
  const run = { stateDir, timeoutMs, onProgress: progress };
  try {
    const { outcome, started } = await withEnsembleLock(dir, async () => {
      const state = readState(stateDir, name);
      if (state === undefined) {
        const created = {
          ...(await newEnsembleState(name, manifest.spec, new Date())),
          tenants: tenantsOf(name, NO_TENANTS, manifest),
        };
        const { replicas, observers, version } = applyDefaults(manifest.spec);
        progress(
          `creating ${name}: ${replicas} voting member(s), ${observers} observer(s), ZooKeeper ${version}`,
        );
        writeState(stateDir, created);
        const result = await changeAndReconcile(created, run, () => undefined, distributions);
        await applyTenantsOnceDone(stateDir, result, progress);
        return { outcome: 'created' as const, started: startedBy(result.executed) };
      }
      const tenants = tenantsOf(name, state.tenants ?? NO_TENANTS, manifest);
      const result = await changeAndReconcile(
        state,
        run,
        (current) => withSpec(current, manifest.spec, tenants),
        distributions,
      );
      await applyTenantsOnceDone(stateDir, result, progress);
      return { outcome: outcomeOf(result), started: startedBy(result.executed) };
    });
    return { name, outcome, started, ignoredFields, status: await status(name, stateDir) };
  } catch (error) {
    if (isNew) await removeNewEnsemble(stateDir, name, progress);
    if (isNewStateDir) removeIfEmpty(stateDir);
    throw error;
  }
}

/**
 * The manifest's tenants as state.json keeps them, refused (nothing changed) when one cannot be carried
 * out: a kept tenant's path moved, or the JAAS file could not hold a user.
 */
function tenantsOf(name: string, previous: TenantPlan, manifest: LocalManifest): TenantPlan {
  try {
    const plan = planTenants(previous, manifest.tenants, () => randomBytes(24).toString('base64url'));
    const users = tenantUsers({ tenants: plan });
    // Renders the users' JAAS lines now, so a name or password it cannot carry is refused before any roll.
    if (users.length > 0) serverSection(users);
    return plan;
  } catch (error) {
    throw invalidInput(`${name}: ${(error as Error).message}; nothing was changed`);
  }
}

/** Tenants are carried out once the members run the JAAS file with their users. */
async function applyTenantsOnceDone(
  stateDir: string,
  result: LifecycleRun,
  progress: (message: string) => void,
): Promise<void> {
  if (result.end === 'done') await applyTenants(stateDir, result.state, progress);
}

/** The manifest becomes the desired spec; a version change zkop cannot make is refused first, so the ensemble keeps its last good one. */
function withSpec(state: LocalState, spec: ZooKeeperSpec, tenants: TenantPlan): LocalState | undefined {
  const refused = unsupportedVersionChange(state.version, applyDefaults(spec).version);
  if (refused) throw invalidInput(`${state.name}: ${refused}; nothing was changed`);
  const authChange = authSetAtCreation(state.spec, spec);
  if (authChange) throw invalidInput(`${state.name}: ${authChange}; nothing was changed`);
  const same =
    JSON.stringify(state.spec) === JSON.stringify(spec) &&
    JSON.stringify(state.tenants ?? NO_TENANTS) === JSON.stringify(tenants);
  // An ensemble created before zkop kept a quorum password gets one with its next change (read once quorum SASL is on).
  const quorumPassword = state.quorumPassword ?? randomBytes(24).toString('base64url');
  return same ? undefined : { ...state, spec, tenants, quorumPassword };
}

function outcomeOf({ changed, executed }: LifecycleRun): UpOutcome {
  if (executed.length === 0) return changed ? 'reconciled' : 'unchanged';
  return changed || executed.some((s) => s.type !== 'StartMember') ? 'reconciled' : 'healed';
}

const startedBy = (executed: readonly Step[]) =>
  executed.flatMap((s) => (s.type === 'StartMember' || s.type === 'RestartMember' ? [s.id] : []));

/** A new ensemble that did not come up goes again, with every member this call started. */
async function removeNewEnsemble(stateDir: string, name: string, progress: (message: string) => void) {
  const state = readState(stateDir, name);
  const started = Object.values(state?.processes ?? {});
  if (started.length > 0) progress(`stopping the ${started.length} member(s) started by this call`);
  for (const process of started)
    await stopProcess(process.pid, { startTime: process.startTime, graceMs: 5_000 });
  for (const member of state?.members ?? [])
    await stopStrayProcesses(memberPaths(stateDir, name, member.id).zooCfg, undefined);
  rmSync(ensembleDir(stateDir, name), { recursive: true, force: true });
}

/** A state directory this call created goes again with its only ensemble; one that holds others stays. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (or already gone): it is not this call's to remove.
  }
}
