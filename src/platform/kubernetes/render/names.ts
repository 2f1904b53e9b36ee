/** Names of the Kubernetes objects of an ensemble and the DNS name of each member. */

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

export interface ObjectNames {
  readonly statefulSet: string;
  readonly headlessService: string;
  readonly clientService: string;
  readonly adminService: string;
  readonly configMap: string;
  readonly podDisruptionBudget: string;
  readonly serviceAccount: string;
  readonly networkPolicy: string;
  readonly serviceMonitor: string;
  readonly prometheusRule: string;
  /** The super user Secret zkop creates when `spec.auth.superuserSecretName` is empty. */
  readonly superUserSecret: string;
  /** The members' JAAS file (SASL): zkop renders it from the super user's, the tenants' and the quorum password. */
  readonly jaasSecret: string;
  /** The password members authenticate each other with (quorum SASL), which zkop creates. */
  readonly quorumSecret: string;
  /** The members' certificate (tls.crt, tls.key, ca.crt), when zkop's CA or cert-manager issues it. */
  readonly tlsSecret: string;
  /** zkop's CA for the ensemble (ca.crt, ca.key), when neither the user nor cert-manager gives certificates. */
  readonly caSecret: string;
  /** A client certificate for applications and for zkop itself (tls.crt, tls.key, ca.crt). */
  readonly clientTlsSecret: string;
  /** The cert-manager Certificate of the members, when `spec.tls.issuerRef` names an issuer. */
  readonly certificate: string;
  readonly clientCertificate: string;
}

export function objectNames(name: string): ObjectNames {
  return {
    statefulSet: name,
    headlessService: `${name}-hs`,
    clientService: `${name}-client`,
    adminService: `${name}-admin`,
    configMap: `${name}-config`,
    podDisruptionBudget: `${name}-pdb`,
    serviceAccount: name,
    networkPolicy: name,
    serviceMonitor: name,
    prometheusRule: name,
    superUserSecret: `${name}-super`,
    jaasSecret: `${name}-jaas`,
    quorumSecret: `${name}-quorum`,
    tlsSecret: `${name}-tls`,
    caSecret: `${name}-ca`,
    clientTlsSecret: `${name}-client-tls`,
    certificate: `${name}-tls`,
    clientCertificate: `${name}-client-tls`,
  };
}

/** myid = StatefulSet ordinal + 1. */
export const memberIdOfOrdinal = (ordinal: number): number => ordinal + 1;
export const ordinalOfMemberId = (id: number): number => id - 1;

export function memberPodName(name: string, id: number): string {
  if (!Number.isInteger(id) || id < 1) throw new Error(`member id must be a positive integer, got ${id}`);
  return `${name}-${ordinalOfMemberId(id)}`;
}

/** The DNS suffix of every member's Service name: `<ns>.svc.<clusterDomain>`. */
export function memberDomain(namespace: string, clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  return `${namespace}.svc.${clusterDomain}`;
}

/** Each member has a Service of its own, named like its pod (member-service.ts). */
export const memberServiceName = memberPodName;

/**
 * The address of member `id`: its own Service, `<name>-<id-1>.<ns>.svc.<clusterDomain>`. The
 * Service's cluster IP stays the same when the pod comes back with a new address, so peers and
 * clients that cached the name (in the JVM, in cluster DNS) reach the new pod at once.
 */
export function memberAddress(
  name: string,
  namespace: string,
  id: number,
  clusterDomain = DEFAULT_CLUSTER_DOMAIN,
): string {
  return `${memberServiceName(name, id)}.${memberDomain(namespace, clusterDomain)}`;
}
