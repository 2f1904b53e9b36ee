/** zkop's super user password, from the ensemble's super user Secret (zkop's or the user's). */
import { SUPER_USER } from '../../../config/super-digest.ts';
import type { SaslCredentials } from '../../../zk/sasl-digest.ts';
import type { KubeApi } from '../client/kube-api.ts';
import { SECRETS } from '../client/resources.ts';
import { SUPER_SECRET_PASSWORD_KEY, superUserSecretName, type ZooKeeperObject } from '../render/index.ts';
import { ReconcileProblem } from './problem.ts';

export async function readSuperPassword(api: Pick<KubeApi, 'get'>, zk: ZooKeeperObject): Promise<string> {
  const name = superUserSecretName(zk);
  const secret = await api.get<{ data?: Record<string, string> } & { metadata?: object }>(SECRETS, {
    namespace: zk.metadata.namespace,
    name,
  });
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
