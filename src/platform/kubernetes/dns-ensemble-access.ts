/**
 * EnsembleAccess over the network: members are reached by their pod DNS names through the headless
 * Service (which publishes not-ready pods too), inspected with the ZooKeeper client's `inspect`, and
 * reconfigured as the super user whose password is in the ensemble's Secret. The operator must run
 * where those names resolve (inside the cluster).
 */
import { applyDefaults } from '../../api/defaults.ts';
import { serverLine } from '../../config/dynamic-config.ts';
import { ZkClient } from '../../zk/client.ts';
import { isZkError } from '../../zk/errors.ts';
import { inspect } from '../../zk/inspect.ts';
import type { EnsembleObservation } from '../../zk/observation.ts';
import type { EnsembleAccess, ReconfigOutcome, ReconfigureStep } from './ensemble-access.ts';
import type { KubeApi } from './kube-api.ts';
import {
  memberAddress,
  memberServerEntry,
  SUPER_SECRET_PASSWORD_KEY,
  superUserSecretName,
  type ZooKeeperObject,
} from './render/index.ts';
import { SECRETS } from './resources.ts';

const TIMEOUT_MS = 10_000;

export class DnsEnsembleAccess implements EnsembleAccess {
  readonly #api: KubeApi;
  readonly #clusterDomain: string | undefined;

  constructor(api: KubeApi, clusterDomain?: string) {
    this.#api = api;
    this.#clusterDomain = clusterDomain;
  }

  inspect(zk: ZooKeeperObject, ids: readonly number[]): Promise<EnsembleObservation> {
    const { ports } = applyDefaults(zk.spec);
    return inspect(
      ids.map((id) => ({
        id,
        host: memberAddress(zk.metadata.name, zk.metadata.namespace, id, this.#clusterDomain),
        clientPort: ports.client,
        adminPort: ports.admin,
      })),
    );
  }

  async reconfigure(
    zk: ZooKeeperObject,
    step: ReconfigureStep,
    serving: readonly number[],
  ): Promise<ReconfigOutcome> {
    const { name, namespace } = zk.metadata;
    const { ports } = applyDefaults(zk.spec);
    if (serving.length === 0) return { applied: false, why: 'no member serves to take the reconfig' };
    const password = await this.#superPassword(zk);
    const change =
      step.kind === 'remove'
        ? { leaving: [step.id] }
        : {
            joining: [
              serverLine(
                memberServerEntry(
                  { name, namespace, ports, clusterDomain: this.#clusterDomain },
                  step.id,
                  step.role ?? 'participant',
                ),
              ),
            ],
          };
    let client: ZkClient;
    try {
      client = await ZkClient.connect({
        servers: serving.map((id) => ({
          host: memberAddress(name, namespace, id, this.#clusterDomain),
          port: ports.client,
        })),
        connectTimeoutMs: TIMEOUT_MS,
        requestTimeoutMs: TIMEOUT_MS,
        sessionTimeoutMs: 20_000,
      });
    } catch (error) {
      return { applied: false, why: `cannot connect to the ensemble: ${(error as Error).message}` };
    }
    try {
      await client.addAuth('digest', `super:${password}`);
      let refusal: string | undefined;
      try {
        await client.reconfig({ ...change, fromConfig: step.fromVersion });
      } catch (error) {
        if (
          isZkError(error, 'NOAUTH') ||
          isZkError(error, 'AUTHFAILED') ||
          isZkError(error, 'RECONFIGDISABLED')
        ) {
          throw new Error(`reconfig of ${namespace}/${name} refused: ${(error as Error).message}`);
        }
        if (!isZkError(error)) throw error;
        refusal = error.message;
      }
      // Verify by reading back, also after a lost answer: the reconfig may have been applied.
      await client.sync('/zookeeper/config');
      const config = await client.getConfig();
      const role = config.members.find((m) => m.id === step.id)?.role;
      const applied = step.kind === 'remove' ? role === undefined : role === step.role;
      if (applied && config.version !== step.fromVersion) return { applied: true };
      return { applied: false, why: refusal ?? 'the config read back does not show it' };
    } catch (error) {
      if (isZkError(error)) return { applied: false, why: error.message };
      throw error;
    } finally {
      await client.close();
    }
  }

  async #superPassword(zk: ZooKeeperObject): Promise<string> {
    const name = superUserSecretName(zk);
    const secret = await this.#api.get<{ data?: Record<string, string> } & { metadata?: object }>(SECRETS, {
      namespace: zk.metadata.namespace,
      name,
    });
    const encoded = secret?.data?.[SUPER_SECRET_PASSWORD_KEY];
    if (!encoded) {
      throw new Error(
        `Secret ${zk.metadata.namespace}/${name} has no ${SUPER_SECRET_PASSWORD_KEY}: zkop cannot reconfigure without it`,
      );
    }
    return Buffer.from(encoded, 'base64').toString('utf8');
  }
}
