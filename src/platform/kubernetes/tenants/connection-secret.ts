/**
 * A tenant's connection Secret `<tenant>-zookeeper`, the one thing its application mounts: the connect
 * string with the tenant's path as chroot (through the ensemble's client Service), its SASL user and
 * password, a JAAS `Client` section and the flags a Java client starts with, which expect the Secret
 * mounted at TENANT_MOUNT_DIR (`-Dzookeeper.fips-mode=false` on 3.9, which refuses DIGEST-MD5 in its
 * default FIPS mode). Owned by the tenant, so it goes with it; labelled as the ensemble's, so a change
 * to it requeues the ensemble. Where zkop made the password, this Secret is where it is kept. Pure.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { API_VERSION } from '../../../api/spec.ts';
import { TENANT_KIND } from '../../../api/tenant.ts';
import { clientSection } from '../../../config/jaas.ts';
import { tenantConnection } from '../../shared/tenants/tenant-connection.ts';
import type { TenantRecord } from '../../shared/tenants/tenant-record.ts';
import { objectLabels, type RenderContext } from '../render/index.ts';
import type { LiveTenant } from './live-tenant.ts';

/** Where the Java flags of the Secret expect it mounted. */
export const TENANT_MOUNT_DIR = '/etc/zookeeper-tenant';

export const CONNECTION_KEYS = {
  connectString: 'connectString',
  servers: 'servers',
  chroot: 'chroot',
  mechanism: 'mechanism',
  user: 'user',
  password: 'password',
  jaas: 'jaas.conf',
  javaFlags: 'javaFlags',
} as const;

/** Says why Java clients need the flags, where the release needs FIPS mode off. */
export const JAVA_CLIENTS_ANNOTATION = 'zookeeper.zkop.dev/java-clients';
const FIPS_NOTE =
  'ZooKeeper 3.9 runs in FIPS mode by default and then refuses DIGEST-MD5: start Java clients with javaFlags (-Dzookeeper.fips-mode=false)';

export const connectionSecretName = (tenant: Pick<LiveTenant, 'metadata'>): string =>
  `${tenant.metadata.name}-zookeeper`;

/** The ensemble's client Service, on the port clients use (the secure one with client TLS). */
export function clientServiceAddress(ctx: RenderContext): string {
  const port = ctx.spec.tls.client.enabled ? ctx.spec.ports.secureClient : ctx.spec.ports.client;
  return `${ctx.names.clientService}.${ctx.namespace}.svc.${ctx.clusterDomain}:${port}`;
}

export function renderConnectionSecret(
  ctx: RenderContext,
  tenant: LiveTenant,
  record: TenantRecord,
): V1Secret {
  const jaasFile = `${TENANT_MOUNT_DIR}/${CONNECTION_KEYS.jaas}`;
  const connection = tenantConnection(record, clientServiceAddress(ctx), jaasFile, ctx.features);
  const data: Record<string, string> = {
    [CONNECTION_KEYS.connectString]: connection.connectString,
    [CONNECTION_KEYS.servers]: connection.servers,
    [CONNECTION_KEYS.chroot]: connection.chroot,
    [CONNECTION_KEYS.mechanism]: connection.sasl.mechanism,
    [CONNECTION_KEYS.user]: connection.sasl.username,
    [CONNECTION_KEYS.password]: connection.sasl.password,
    [CONNECTION_KEYS.jaas]: clientSection({ name: record.user, password: record.password }),
    [CONNECTION_KEYS.javaFlags]: connection.javaFlags.join(' '),
  };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: connectionSecretName(tenant),
      namespace: ctx.namespace,
      labels: objectLabels(ctx.name, 'tenant'),
      ...(ctx.features.fipsModeByDefault ? { annotations: { [JAVA_CLIENTS_ANNOTATION]: FIPS_NOTE } } : {}),
      ownerReferences: [
        { apiVersion: API_VERSION, kind: TENANT_KIND, name: tenant.metadata.name, uid: tenant.metadata.uid },
      ],
    },
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]),
    ),
  };
}
