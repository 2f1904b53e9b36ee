/**
 * One of the ZooKeeper setups the peer benchmark compares: how it is installed, how an ensemble is
 * applied, restarted and scaled its own way, and when it says the ensemble is ready. Every subject
 * runs in a namespace of its own and names its ensemble `zk`.
 */
export interface Subject {
  readonly name: string;
  /** What it is, for the report. */
  readonly description: string;
  /** The label selector of the member pods. */
  readonly selector: string;
  /** The client Service, `host:port`, as clients inside the cluster reach it. */
  clientService(namespace: string): string;
  /** Creates the namespace and installs what the ensemble needs first (an operator, its CRD). */
  install(namespace: string): Promise<void>;
  /** Applies an ensemble of `replicas` members. */
  apply(namespace: string, replicas: number): Promise<void>;
  /** Whether the subject itself reports `replicas` members ready at its current spec. */
  reportsReady(namespace: string, replicas: number): Promise<boolean>;
  /** Asks for a rolling restart its own way (returns once asked, or once done when that is its way). */
  restart(namespace: string): Promise<void>;
  /** Asks for `replicas` members its own way. */
  scale(namespace: string, replicas: number): Promise<void>;
  /** Removes everything install and apply created, the namespace included. */
  uninstall(namespace: string): Promise<void>;
}

/** MB, the JVM heap of every subject's members: zkop's smallSpec (bench/k8s/ready-time.ts). */
export const HEAP_MB = 256;
export const NAME = 'zk';
