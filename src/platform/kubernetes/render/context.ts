/** The inputs every object renderer shares: the ZooKeeper object, its resolved spec and the options. */
import { applyDefaults, type ResolvedSpec } from '../../../api/defaults.ts';
import type { Quantity, ZooKeeper } from '../../../api/spec.ts';
import type { VersionInfo } from '../../../api/versions.ts';
import type { AuthCredentials } from '../../../config/auth-entries.ts';
import { finalAuthStage, type QuorumSaslStage } from '../../../config/auth-stage.ts';
import type { ServerRole } from '../../../config/layout.ts';
import { finalQuorumTlsStage, type QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import { imageFeatures } from './image-features.ts';
import { DEFAULT_CLUSTER_DOMAIN, type ObjectNames, objectNames } from './names.ts';

/** A ZooKeeper object as read from the API server: namespaced, with the uid owner references need. */
export type ZooKeeperObject = ZooKeeper & {
  readonly metadata: ZooKeeper['metadata'] & { readonly namespace: string; readonly uid: string };
};

export interface CommittedMember {
  readonly id: number;
  readonly role: ServerRole;
}

export interface RenderOptions {
  /**
   * Secret holding the super user's `password` and its ZooKeeper `digest` (see secret.ts).
   * Default: `spec.auth.superuserSecretName`, else `<name>-super`.
   */
  readonly superPasswordSecretName?: string;
  /** Namespace the operator runs in; the NetworkPolicy lets it reach the AdminServer. */
  readonly operatorNamespace?: string;
  /**
   * The config a new pod starts from (plus itself as an observer when it is not listed): the last
   * committed one, or the one the engine gives the member it starts. Default: the initial ensemble of
   * the spec.
   */
  readonly committedMembers?: readonly CommittedMember[];
  /** The version of `committedMembers`; 0 (the default) for a new ensemble's initial config. */
  readonly configVersion?: bigint;
  /**
   * Pods the StatefulSet runs. The controller raises it before members join and lowers it only after
   * they left the ensemble by reconfig. Default: replicas + observers.
   */
  readonly podCount?: number;
  readonly clusterDomain?: string;
  /** Render a NetworkPolicy that limits who reaches the quorum, election and admin ports. */
  readonly networkPolicy?: boolean;
  /** The ZooKeeper object's restart token (`zkop restart`), carried by the pods. Default: none. */
  readonly restartToken?: string;
  /**
   * Sizes of the StatefulSet's volume claim templates where they are not the spec's: a StatefulSet
   * keeps its templates, so the live one keeps its sizes until zkop replaces it (reconcile/volume-expansion.ts).
   */
  readonly volumeSizes?: VolumeSizes;
  /**
   * The cluster IPs the API server gave the member Services, by Service name: where the pods' DNS
   * names point (services.ts). Default: none yet.
   */
  readonly memberServiceIps?: ReadonlyMap<string, string>;
  /**
   * The quorum TLS stage pods start at now: the engine moves a running ensemble one stage at a time
   * (engine/quorum-tls.ts). Default: the one the spec asks for.
   */
  readonly quorumTls?: QuorumTlsStage;
  /**
   * The quorum SASL stage pods start at now, moved like the quorum TLS stage (engine/quorum-sasl.ts).
   * Default: the one the spec asks for.
   */
  readonly quorumSasl?: QuorumSaslStage;
  /**
   * The client ports members serve on their pod addresses now, which the Services and the
   * NetworkPolicy expose: while client TLS is turned on or off, members not yet rolled or readdressed
   * still serve the other one. Default: the spec's (the secure port with client TLS, else the plain one).
   */
  readonly clientPorts?: ClientPorts;
  /**
   * What members authenticate with: zkop's super password and the tenants' users (client SASL), the
   * quorum password (quorum SASL), read from their Secrets by the controller. Needed with either.
   */
  readonly credentials?: AuthCredentials;
  /**
   * The backup new members start from while the status records it as not yet restored
   * (spec.bootstrap), and the operator's image that places it (bootstrap.ts). Default: none.
   */
  readonly bootstrap?: MemberBootstrap;
}

export interface MemberBootstrap {
  readonly backupId: string;
  /** `s3://bucket/prefix`, as the status records it. */
  readonly targetUrl: string;
  readonly image: string;
}

export interface ClientPorts {
  readonly plain: boolean;
  readonly secure: boolean;
}

export interface VolumeSizes {
  readonly data?: Quantity;
  readonly dataLog?: Quantity;
}

export interface RenderContext {
  readonly zk: ZooKeeperObject;
  readonly name: string;
  readonly namespace: string;
  readonly spec: ResolvedSpec;
  readonly features: VersionInfo;
  readonly names: ObjectNames;
  readonly superPasswordSecretName: string;
  readonly operatorNamespace: string | undefined;
  readonly committedMembers: readonly CommittedMember[];
  readonly configVersion: bigint;
  readonly podCount: number;
  readonly clusterDomain: string;
  readonly networkPolicy: boolean;
  readonly restartToken: string;
  readonly volumeSizes: VolumeSizes;
  readonly memberServiceIps: ReadonlyMap<string, string>;
  readonly quorumTls: QuorumTlsStage;
  readonly quorumSasl: QuorumSaslStage;
  readonly clientPorts: ClientPorts;
  readonly credentials: AuthCredentials | undefined;
  readonly bootstrap: MemberBootstrap | undefined;
}

/** Ids 1..replicas vote, replicas+1..replicas+observers observe. */
export function initialMembers(spec: Pick<ResolvedSpec, 'replicas' | 'observers'>): CommittedMember[] {
  return Array.from({ length: spec.replicas + spec.observers }, (_, i) => ({
    id: i + 1,
    role: i < spec.replicas ? 'participant' : 'observer',
  }));
}

/** The super user Secret an ensemble uses: the user's, or the one zkop creates. */
export function superUserSecretName(zk: Pick<ZooKeeper, 'metadata' | 'spec'>): string {
  return zk.spec.auth?.superuserSecretName || objectNames(zk.metadata.name).superUserSecret;
}

export function renderContext(zk: ZooKeeperObject, options: RenderOptions = {}): RenderContext {
  const { name, namespace, uid } = zk.metadata;
  if (!namespace)
    throw new Error(`ZooKeeper ${name} has no namespace; render it as read from the API server`);
  if (!uid)
    throw new Error(`ZooKeeper ${namespace}/${name} has no uid; render it as read from the API server`);
  const spec = applyDefaults(zk.spec);
  const podCount = options.podCount ?? spec.replicas + spec.observers;
  if (!Number.isInteger(podCount) || podCount < 0) {
    throw new Error(`podCount must be a non-negative integer, got ${podCount}`);
  }
  return {
    zk,
    name,
    namespace,
    spec,
    features: imageFeatures(spec.version),
    names: objectNames(name),
    superPasswordSecretName: options.superPasswordSecretName ?? superUserSecretName(zk),
    operatorNamespace: options.operatorNamespace,
    committedMembers: options.committedMembers ?? initialMembers(spec),
    configVersion: options.configVersion ?? 0n,
    podCount,
    clusterDomain: options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
    networkPolicy: options.networkPolicy ?? false,
    restartToken: options.restartToken ?? '',
    volumeSizes: options.volumeSizes ?? {},
    memberServiceIps: options.memberServiceIps ?? new Map(),
    quorumTls: options.quorumTls ?? finalQuorumTlsStage(spec.tls.quorum.enabled),
    quorumSasl: options.quorumSasl ?? finalAuthStage(spec).quorum,
    clientPorts: options.clientPorts ?? { plain: !spec.tls.client.enabled, secure: spec.tls.client.enabled },
    credentials: options.credentials,
    bootstrap: options.bootstrap,
  };
}
