/**
 * How an application connects as a tenant: the connect string with the tenant's path as chroot, its
 * SASL user and password, a JAAS `Client` section for Java clients and the JVM flags they need
 * (`-Dzookeeper.fips-mode=false` where the release runs in FIPS mode by default, 3.9: DIGEST-MD5 is
 * refused there otherwise). Pure: the file paths are given.
 */
import type { VersionInfo } from '../../../api/versions.ts';
import type { HardQuota } from '../../../config/quota.ts';
import type { TenantRecord } from './tenant-record.ts';

export interface TenantConnection {
  readonly tenant: string;
  /** `host:port,...<path>`: ZooKeeper clients take the chroot after the last address. */
  readonly connectString: string;
  readonly servers: string;
  readonly chroot: string;
  readonly sasl: { readonly mechanism: 'DIGEST-MD5'; readonly username: string; readonly password: string };
  readonly quota: HardQuota | null;
  /** The JAAS file with the `Client` section. */
  readonly jaasFile: string;
  /** What a Java client (zkCli, Curator, ...) is started with. */
  readonly javaFlags: readonly string[];
}

export function tenantConnection(
  tenant: TenantRecord,
  servers: string,
  jaasFile: string,
  features: Pick<VersionInfo, 'fipsModeByDefault'>,
): TenantConnection {
  return {
    tenant: tenant.name,
    connectString: `${servers}${tenant.path}`,
    servers,
    chroot: tenant.path,
    sasl: { mechanism: 'DIGEST-MD5', username: tenant.user, password: tenant.password },
    quota: tenant.quota ?? null,
    jaasFile,
    javaFlags: [
      `-Djava.security.auth.login.config=${jaasFile}`,
      ...(features.fipsModeByDefault ? ['-Dzookeeper.fips-mode=false'] : []),
    ],
  };
}
