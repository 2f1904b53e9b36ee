/**
 * EnsembleAccess over the network: members are reached by the DNS names of their own Services
 * (which publish not-ready pods too), inspected with the ZooKeeper client's `inspect`, and
 * reconfigured as the super user whose password is in the ensemble's Secret. The operator must run
 * where those names resolve (inside the cluster).
 */
import { applyDefaults } from '../../../api/defaults.ts';
import { serverLine } from '../../../config/dynamic-config.ts';
import { inspect } from '../../../zk/inspect.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { reconfigureStep } from '../../shared/reconfigure.ts';
import type { KubeApi } from '../client/kube-api.ts';
import { SECRETS } from '../client/resources.ts';
import {
  memberAddress,
  memberServerEntry,
  SUPER_SECRET_PASSWORD_KEY,
  superUserSecretName,
  type ZooKeeperObject,
} from '../render/index.ts';
import type { EnsembleAccess, MemberReach, ReconfigResult, ReconfigureStep } from './ensemble-access.ts';
import { ReconcileProblem } from './problem.ts';

export class DnsEnsembleAccess implements EnsembleAccess {
  readonly #api: KubeApi;
  readonly #clusterDomain: string | undefined;

  constructor(api: KubeApi, clusterDomain?: string) {
    this.#api = api;
    this.#clusterDomain = clusterDomain;
  }

  inspect(
    zk: ZooKeeperObject,
    members: readonly MemberReach[],
    client?: TlsOptions,
  ): Promise<EnsembleObservation> {
    const { ports } = applyDefaults(zk.spec);
    return inspect(
      members.map((m) => {
        const secure = m.clientTls && client !== undefined;
        return {
          id: m.id,
          host: memberAddress(zk.metadata.name, zk.metadata.namespace, m.id, this.#clusterDomain),
          clientPort: secure ? ports.secureClient : ports.client,
          adminPort: ports.admin,
          ...(secure ? { tls: client } : {}),
          ...(m.tls && client ? { adminTls: client } : {}),
        };
      }),
    );
  }

  async reconfigure(
    zk: ZooKeeperObject,
    step: ReconfigureStep,
    serving: readonly MemberReach[],
    client?: TlsOptions,
  ): Promise<ReconfigResult> {
    const { name, namespace } = zk.metadata;
    const { ports, tls } = applyDefaults(zk.spec);
    // One session speaks TLS to every server or to none: while client TLS is rolled out, the
    // members that serve it when any does.
    const secure = client !== undefined && serving.some((m) => m.clientTls);
    return reconfigureStep(step, {
      servers: serving
        .filter((m) => m.clientTls === secure)
        .map((m) => ({
          host: memberAddress(name, namespace, m.id, this.#clusterDomain),
          port: secure ? ports.secureClient : ports.client,
        })),
      ...(secure ? { tls: client } : {}),
      superPassword: await this.#superPassword(zk),
      // The plain client address its pod binds (plainClientAddressStale): a running member asked to
      // bind another would lose its plain port.
      serverLine: (id, role) => {
        const clientTls = serving.find((m) => m.id === id)?.clientTls ?? tls.client.enabled;
        return serverLine(
          memberServerEntry(
            { name, namespace, ports, clusterDomain: this.#clusterDomain, clientTls },
            id,
            role,
          ),
        );
      },
      // No permission or reconfig disabled: the super user Secret or the config is wrong.
      refused: (message) =>
        new ReconcileProblem(
          'ReconfigRefused',
          `ZooKeeper refused zkop's reconfig of ${namespace}/${name}: ${message}`,
          'Reconfigure',
        ),
    });
  }

  async #superPassword(zk: ZooKeeperObject): Promise<string> {
    const name = superUserSecretName(zk);
    const secret = await this.#api.get<{ data?: Record<string, string> } & { metadata?: object }>(SECRETS, {
      namespace: zk.metadata.namespace,
      name,
    });
    const encoded = secret?.data?.[SUPER_SECRET_PASSWORD_KEY];
    if (!encoded) {
      throw new ReconcileProblem(
        'SuperUserSecretUnusable',
        `Secret ${zk.metadata.namespace}/${name} has no ${SUPER_SECRET_PASSWORD_KEY}: zkop cannot reconfigure without it`,
        'Reconfigure',
      );
    }
    return Buffer.from(encoded, 'base64').toString('utf8');
  }
}
