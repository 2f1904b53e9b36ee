/** The super user Secret an ensemble's reconfigs authenticate with. */
import { SECRETS } from '../client/resources.ts';
import {
  renderContext,
  renderSuperUserSecret,
  superUserSecretName,
  type ZooKeeperObject,
} from '../render/index.ts';
import type { ReconcileContext } from './context.ts';
import { newPassword } from './new-password.ts';
import { ReconcileProblem } from './problem.ts';

/**
 * The super user Secret: the user's must exist (a problem until it does, retried, as only zkop's own
 * Secrets are watched); zkop's own is created once with a random password. Returns what it did.
 */
export async function ensureSuperUserSecret(
  ctx: Pick<ReconcileContext, 'api' | 'ownSecrets' | 'newPassword' | 'render'>,
  zk: ZooKeeperObject,
): Promise<readonly string[]> {
  const name = superUserSecretName(zk);
  const ref = { namespace: zk.metadata.namespace, name };
  const users = zk.spec.auth?.superuserSecretName;
  if (users ? await ctx.api.get(SECRETS, ref) : ctx.ownSecrets.get(`${ref.namespace}/${name}`)) return [];
  if (users) {
    throw new ReconcileProblem(
      'SuperUserSecretNotFound',
      `spec.auth.superuserSecretName: Secret ${zk.metadata.namespace}/${name} does not exist: create it with the keys password and digest, or leave the field empty to let zkop create one`,
    );
  }
  const password = newPassword(ctx);
  await ctx.api.create(SECRETS, renderSuperUserSecret(renderContext(zk, ctx.render), password));
  return [`create Secret ${name}`];
}
