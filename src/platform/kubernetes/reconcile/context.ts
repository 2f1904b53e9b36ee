/** What one reconcile works with: the API, the watch caches, ZooKeeper itself, Events and the clock. */
import type {
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Secret,
  V1Service,
} from '@kubernetes/client-node';
import type { TargetUrl } from '../../../backup/target-url.ts';
import type { S3Settings } from '../../../backup-store/s3-settings.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import type { KubeApi } from '../client/kube-api.ts';
import type { RenderOptions, ZooKeeperObject } from '../render/index.ts';
import type { Clock } from '../runtime/clock.ts';
import type { EventRecorder } from '../runtime/events.ts';
import type { CacheView } from '../runtime/object-cache.ts';
import type { LiveTenant } from '../tenants/live-tenant.ts';
import type { LiveReader } from './apply-changes.ts';
import type { EnsembleAccess } from './ensemble-access.ts';

/** A ZooKeeper object as the API server sends it. */
export type LiveZooKeeper = ZooKeeperObject & {
  readonly metadata: ZooKeeperObject['metadata'] & {
    readonly resourceVersion?: string;
    readonly generation?: number;
    readonly finalizers?: string[];
    readonly deletionTimestamp?: Date;
  };
};

export interface ReconcileContext {
  readonly api: KubeApi;
  readonly zookeepers: CacheView<LiveZooKeeper>;
  readonly pods: CacheView<V1Pod>;
  readonly claims: CacheView<V1PersistentVolumeClaim>;
  readonly services: CacheView<V1Service>;
  /** The headless Services' EndpointSlices (pod-name-endpoints.ts). */
  readonly endpointSlices: CacheView<V1EndpointSlice>;
  /** ZooKeeperTenant objects, of every ensemble. */
  readonly tenants: CacheView<LiveTenant>;
  /** The Secrets zkop made (labelled as its own); a user's Secret is not among them. */
  readonly ownSecrets: CacheView<V1Secret>;
  /** Live objects zkop renders, from a watch cache where there is one, else from the API server. */
  readonly read: LiveReader;
  readonly ensemble: EnsembleAccess;
  readonly events: EventRecorder;
  readonly clock: Clock;
  readonly newPassword?: () => string;
  readonly render?: Pick<RenderOptions, 'clusterDomain' | 'operatorNamespace' | 'networkPolicy'>;
  /**
   * The image this operator runs: a new member of an ensemble that starts from a backup runs it first,
   * to place the backup (spec.bootstrap). Absent: such an ensemble is not created.
   */
  readonly operatorImage?: string;
  /** Opens a backup target (backups, spec.bootstrap); tests give stores of their own. Default: open-store.ts. */
  readonly openStore?: (target: TargetUrl, settings: S3Settings) => Promise<BackupStore>;
  /** What status.operatorVersion records. Default: this zkop's version (build-info.ts). */
  readonly operatorVersion?: string;
  /** How soon to look again while an operation is under way. Default POLL_MS (reconcile.ts). */
  readonly pollMs?: number;
}
