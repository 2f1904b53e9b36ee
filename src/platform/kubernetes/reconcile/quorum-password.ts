/**
 * The password members authenticate each other with (quorum SASL): from the user's Secret that
 * `spec.auth.quorum.secretName` names (read from the API server, as zkop watches only its own
 * Secrets), else from zkop's Secret `<name>-quorum`, created once with a random password when quorum
 * SASL is wanted or any member still runs with it (turning it off), then only read. zkop's Secret stays
 * when quorum SASL goes off, so turning it on again authenticates with the same password; it goes with
 * the ensemble (owner reference).
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { QuorumSaslStage } from '../../../config/auth-stage.ts';
import { SECRETS } from '../client/resources.ts';
import {
  objectNames,
  QUORUM_SECRET_PASSWORD_KEY,
  renderContext,
  renderQuorumSecret,
  type ZooKeeperObject,
} from '../render/index.ts';
import type { ReconcileContext } from './context.ts';
import { newPassword } from './new-password.ts';
import { ReconcileProblem } from './problem.ts';

export interface QuorumPassword {
  /** Undefined when no member authenticates its peers and the spec does not ask for it. */
  readonly password?: string;
  readonly actions: readonly string[];
}

export async function ensureQuorumPassword(
  ctx: Pick<ReconcileContext, 'api' | 'ownSecrets' | 'newPassword' | 'render'>,
  zk: ZooKeeperObject,
  running: readonly QuorumSaslStage[],
): Promise<QuorumPassword> {
  if (zk.spec.auth?.quorum?.sasl !== true && running.every((stage) => stage === 'off'))
    return { actions: [] };
  const users = zk.spec.auth?.quorum?.secretName;
  const name = users || objectNames(zk.metadata.name).quorumSecret;
  const ref = { namespace: zk.metadata.namespace, name };
  // The cache may not have a Secret zkop created a moment ago.
  const secret =
    (users ? undefined : ctx.ownSecrets.get(`${ref.namespace}/${name}`)) ??
    (await ctx.api.get<V1Secret>(SECRETS, ref));
  if (secret)
    return { password: passwordOf(secret, `${ref.namespace}/${name}`, Boolean(users)), actions: [] };
  if (users) {
    throw new ReconcileProblem(
      'QuorumSecretNotFound',
      `spec.auth.quorum.secretName: Secret ${ref.namespace}/${name} does not exist: create it with the key ${QUORUM_SECRET_PASSWORD_KEY}, or leave the field empty to let zkop create one`,
    );
  }
  const password = newPassword(ctx);
  await ctx.api.create(SECRETS, renderQuorumSecret(renderContext(zk, ctx.render), password));
  return { password, actions: [`create Secret ${name}`] };
}

function passwordOf(secret: V1Secret, where: string, users: boolean): string {
  const encoded = secret.data?.[QUORUM_SECRET_PASSWORD_KEY];
  if (!encoded) {
    throw new ReconcileProblem(
      'QuorumSecretUnusable',
      `Secret ${where} has no ${QUORUM_SECRET_PASSWORD_KEY}: members authenticate each other with it; ${users ? 'add it' : 'put back the password they run with (the QuorumLearner section of the JAAS Secret)'}`,
    );
  }
  return Buffer.from(encoded, 'base64').toString('utf8');
}
