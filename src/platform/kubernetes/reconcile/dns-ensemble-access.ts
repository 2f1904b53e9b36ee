/**
 * EnsembleAccess over the network: members are reached by the DNS names of their own Services
 * (which publish not-ready pods too), inspected with the ZooKeeper client's `inspect`, and
 * reconfigured as the super user whose password is in the ensemble's Secret (over SASL where members
 * refuse sessions that do not authenticate with it). The operator must run where those names resolve
 * (inside the cluster).
 */
import { applyDefaults } from '../../../api/defaults.ts';
import { serverLine } from '../../../config/dynamic-config.ts';
import { SUPER_USER } from '../../../config/super-digest.ts';
import type { ZkClient } from '../../../zk/client.ts';
import { inspect } from '../../../zk/inspect.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { withSession } from '../../shared/backup/session.ts';
import { reconfigureStep } from '../../shared/reconfigure.ts';
import type { KubeApi } from '../client/kube-api.ts';
import { memberAddress, memberServerEntry, type ZooKeeperObject } from '../render/index.ts';
import type { EnsembleAccess, MemberReach, ReconfigResult, ReconfigureStep } from './ensemble-access.ts';
import { ReconcileProblem } from './problem.ts';
import { readSuperPassword, superSaslOf } from './super-password.ts';

export class DnsEnsembleAccess implements EnsembleAccess {
  readonly #api: KubeApi;
  readonly #clusterDomain: string | undefined;

  constructor(api: KubeApi, clusterDomain?: string) {
    this.#api = api;
    this.#clusterDomain = clusterDomain;
  }

  async inspect(
    zk: ZooKeeperObject,
    members: readonly MemberReach[],
    client?: TlsOptions,
  ): Promise<EnsembleObservation> {
    const { ports, auth } = applyDefaults(zk.spec);
    // The committed config is read through a session, which SASL members refuse without it.
    const sasl = auth.client.sasl ? superSaslOf(zk, await readSuperPassword(this.#api, zk)) : {};
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
      sasl,
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
    return reconfigureStep(step, {
      ...(await this.#superTarget(zk, serving, client)),
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

  async asSuperUser<T>(
    zk: ZooKeeperObject,
    serving: readonly MemberReach[],
    work: (session: ZkClient) => Promise<T>,
    client?: TlsOptions,
  ): Promise<T> {
    const { servers, superPassword, ...auth } = await this.#superTarget(zk, serving, client);
    return withSession(
      {
        servers: servers.map((s) => `${s.host}:${s.port}`).join(','),
        ...auth,
        // Without SASL, zkop is the super user through its digest (the members' superDigest).
        ...(auth.sasl ? {} : { digest: `${SUPER_USER}:${superPassword}` }),
      },
      work,
    );
  }

  /**
   * Where and how zkop's sessions as its super user go. One session speaks TLS to every server or to
   * none: while client TLS is rolled out, the members that serve it when any does.
   */
  async #superTarget(zk: ZooKeeperObject, serving: readonly MemberReach[], client?: TlsOptions) {
    const { name, namespace } = zk.metadata;
    const { ports } = applyDefaults(zk.spec);
    const secure = client !== undefined && serving.some((m) => m.clientTls);
    const superPassword = await readSuperPassword(this.#api, zk);
    return {
      servers: serving
        .filter((m) => m.clientTls === secure)
        .map((m) => ({
          host: memberAddress(name, namespace, m.id, this.#clusterDomain),
          port: secure ? ports.secureClient : ports.client,
        })),
      ...(secure ? { tls: client } : {}),
      superPassword,
      ...superSaslOf(zk, superPassword),
    };
  }
}
