/**
 * The plan step: the engine's next step for the ensemble, from the spec as the engine wants it and
 * what was observed. The engine needs the pod template's config hash, which render/ gives alone, so
 * the objects themselves are rendered once, later, for the pod count the step needs (apply-objects.ts),
 * and for the quorum TLS and SASL stages pods start at now.
 */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { AuthCredentials } from '../../../config/auth-entries.ts';
import {
  type Desired,
  type EnsembleConfig,
  type Plan,
  plan,
  quorumSaslTarget,
  quorumTlsTarget,
} from '../../../engine/index.ts';
import {
  type MemberBootstrap,
  RESTART_TOKEN_ANNOTATION,
  type RenderOptions,
  startConfigHash,
} from '../render/index.ts';
import { servedClientPorts } from './client-ports.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { desiredOf } from './desired.ts';
import type { Observed } from './observe.ts';
import { rendering } from './problem.ts';

export interface Planned {
  readonly desired: Desired;
  readonly plan: Plan;
  /** What the objects are rendered with: the operator's settings, the restart token, the committed config. */
  readonly options: RenderOptions;
}

/** Pure but for rendering, which a spec it cannot render from makes a problem (RenderFailed). */
export function planStep(
  ctx: Pick<ReconcileContext, 'render'>,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  { facts, observation }: Observed,
  credentials?: AuthCredentials,
  bootstrap?: MemberBootstrap,
): Planned {
  const restartToken = zk.metadata.annotations?.[RESTART_TOKEN_ANNOTATION] ?? '';
  const options: RenderOptions = {
    ...ctx.render,
    restartToken,
    ...committedConfigOptions(observation.config),
    clientPorts: servedClientPorts(spec.tls.client.enabled, facts, observation),
    ...(credentials ? { credentials } : {}),
    ...(bootstrap ? { bootstrap } : {}),
  };
  const configHash = rendering(() => startConfigHash(zk, options));
  const desired = desiredOf(spec, configHash, restartToken);
  // Pods start at the quorum TLS and SASL stages of the moment, which the engine's steps aim at too.
  const quorumTls = quorumTlsTarget(desired, observation.members);
  const quorumSasl = quorumSaslTarget(desired, observation.members);
  return { desired, plan: plan(desired, observation), options: { ...options, quorumTls, quorumSasl } };
}

const committedConfigOptions = (
  config: EnsembleConfig | undefined,
): Pick<RenderOptions, 'committedMembers' | 'configVersion'> =>
  config ? { committedMembers: config.members, configVersion: config.version } : {};
