/** zkop's super user password, from the ensemble's super user Secret (zkop's or the user's). */
import type { V1Secret } from '@kubernetes/client-node';
import { SUPER_USER } from '../../../config/super-digest.ts';
import type { SaslCredentials } from '../../../zk/sasl-digest.ts';
import type { KubeApi } from '../client/kube-api.ts';
import { SECRETS } from '../client/resources.ts';
import { SUPER_SECRET_PASSWORD_KEY, superUserSecretName, type ZooKeeperObject } from '../render/index.ts';
import type { CacheView } from '../runtime/object-cache.ts';
import { ReconcileProblem } from './problem.ts';

/**
 * From `own` (the watch cache of zkop's Secrets) when the Secret is zkop's and the cache has it (it
 * may not yet, right after zkop created it); else from the API server.
 */
export async function readSuperPassword(
  api: Pick<KubeApi, 'get'>,
  zk: ZooKeeperObject,
  own?: CacheView<V1Secret>,
): Promise<string> {
  const name = superUserSecretName(zk);
  const ref = { namespace: zk.metadata.namespace, name };
  const cached = zk.spec.auth?.superuserSecretName ? undefined : own?.get(`${ref.namespace}/${name}`);
  const secret = cached ?? (await api.get<V1Secret>(SECRETS, ref));
  const encoded = secret?.data?.[SUPER_SECRET_PASSWORD_KEY];
  if (!encoded) {
    throw new ReconcileProblem(
      'SuperUserSecretUnusable',
      `Secret ${zk.metadata.namespace}/${name} has no ${SUPER_SECRET_PASSWORD_KEY}: zkop cannot authenticate to its members without it`,
    );
  }
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** zkop's SASL identity where members authenticate clients with SASL (`superUser=super`); none otherwise. */
export const superSaslOf = (zk: ZooKeeperObject, password: string): { sasl?: SaslCredentials } =>
  zk.spec.auth?.client?.sasl === true ? { sasl: { username: SUPER_USER, password } } : {};
