/**
 * What the operator's e2e files share: zkop installed on the test cluster the way a user installs it
 * (its image built and loaded into the nodes, the Helm chart in `zkop-system`), namespaces under
 * PodSecurity `restricted`, ZooKeeper objects and their status, and ZooKeeper clients of the pods
 * (the machine routes to pod addresses, see test/cluster/up.sh).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { TlsStatus } from '../../src/api/spec.ts';
import { clusterUp, kubeconfig, kubectl, kubectlOk, root, run, script, waitFor } from '../cluster/cluster.ts';

export const OPERATOR_NAMESPACE = 'zkop-system';
export const RELEASE = 'zkop';

/** A small ensemble's spec (no replicas): what the cluster's three nodes hold several of. */
export const SMALL_SPEC = {
  version: '3.9.4',
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '448Mi' } },
  jvm: { heap: '160Mi' },
  storage: { size: '1Gi' },
};

export interface ZooKeeperStatusView {
  readonly phase?: string;
  readonly leader?: string;
  readonly version?: string;
  readonly configVersion?: string;
  readonly readyMembers?: string;
  readonly observedGeneration?: number;
  readonly conditions?: { type: string; status: string; reason?: string; message?: string }[];
  readonly members?: { id: number; name: string; role?: string; state?: string; voting?: boolean }[];
  readonly operation?: { type?: string; step?: string; waitingFor?: string };
  readonly tls?: TlsStatus;
}

export interface ZooKeeperView {
  readonly metadata: { name: string; namespace: string; generation?: number; uid?: string };
  readonly spec: Record<string, unknown>;
  readonly status?: ZooKeeperStatusView;
}

/**
 * Brings the cluster up (a running one is left alone), loads the ZooKeeper images, builds and loads
 * the operator image, and installs or upgrades the chart with its default image; returns once the
 * operator's replicas are ready. A changed image rolls the operator (the archive's name carries the
 * hash of its inputs). `helmArgs` are added to the upgrade (e.g. `--set metrics.serviceMonitor.enabled=true`).
 */
export function installOperator(
  zookeeperVersions: readonly string[] = ['3.9.4'],
  helmArgs: readonly string[] = [],
): void {
  clusterUp();
  const archives = zookeeperVersions.map(
    (v) => script('image-zookeeper.sh', v).trim().split('\n').at(-1) ?? '',
  );
  const operatorArchive = buildOperatorImage();
  script('load-image.sh', operatorArchive, ...archives);
  if (kubectl(['get', 'namespace', OPERATOR_NAMESPACE]).code !== 0) {
    createNamespace(OPERATOR_NAMESPACE);
  }
  const imageKey = /operator-([0-9a-f]+)\.tar$/.exec(operatorArchive)?.[1] ?? 'unknown';
  helm(
    'upgrade',
    '--install',
    RELEASE,
    join(root, 'deploy', 'helm', 'zkop'),
    '--namespace',
    OPERATOR_NAMESPACE,
    '--set-string',
    `podAnnotations.zkop\\.test/image=${imageKey}`,
    ...helmArgs,
    '--wait',
    '--timeout',
    '3m',
  );
  kubectlOk(['-n', OPERATOR_NAMESPACE, 'rollout', 'status', `deployment/${RELEASE}`, '--timeout=180s']);
}

/**
 * Builds the operator image with zkop's own recipe, `npm run image` (deploy/image/build.sh, cached by
 * a hash of its inputs), as `zkop.dev/operator:<package version>`, the chart's default; its path.
 */
export function buildOperatorImage(): string {
  const result = run('bash', [join(root, 'deploy', 'image', 'build.sh')], undefined, 1_800_000);
  assert.equal(result.code, 0, `deploy/image/build.sh failed:\n${result.stderr}`);
  return result.stdout.trim().split('\n').at(-1) ?? '';
}

export function helm(...args: string[]): string {
  const result = run(
    'bash',
    [join(root, 'deploy', 'helm', 'helm.sh'), '--kubeconfig', kubeconfig, ...args],
    undefined,
    1_800_000,
  );
  assert.equal(result.code, 0, `helm ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** A namespace whose pods must meet PodSecurity `restricted`. */
export function createNamespace(name: string): void {
  kubectlOk(['create', 'namespace', name]);
  kubectlOk(['label', 'namespace', name, 'pod-security.kubernetes.io/enforce=restricted']);
}

/** A new `restricted` namespace with a random suffix. */
export function testNamespace(prefix: string): string {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  createNamespace(name);
  return name;
}

/** Deletes the namespace and waits until it is gone (its ZooKeeper objects first, by their policy). */
export function deleteNamespace(name: string): void {
  kubectl(['delete', 'namespace', name, '--wait=true', '--timeout=180s']);
}

export function applyZooKeeper(namespace: string, name: string, spec: Record<string, unknown>): void {
  const manifest = {
    apiVersion: 'zookeeper.zkop.dev/v1alpha1',
    kind: 'ZooKeeper',
    metadata: { name, namespace },
    spec,
  };
  kubectlOk(['apply', '--server-side', '--field-manager=e2e', '-f', '-'], JSON.stringify(manifest));
}

export function patchSpec(namespace: string, name: string, spec: Record<string, unknown>): void {
  kubectlOk(['-n', namespace, 'patch', 'zookeeper', name, '--type=merge', '-p', JSON.stringify({ spec })]);
}

export function getZooKeeper(namespace: string, name: string): ZooKeeperView | undefined {
  const result = kubectl(['-n', namespace, 'get', 'zookeeper', name, '-o', 'json']);
  return result.code === 0 ? (JSON.parse(result.stdout) as ZooKeeperView) : undefined;
}

export const conditionOf = (zk: ZooKeeperView | undefined, type: string) =>
  zk?.status?.conditions?.find((c) => c.type === type);

/**
 * Waits until the status of the current generation reports Ready with every wanted member serving;
 * returns that ZooKeeper. On timeout the failure shows the last status seen.
 */
export async function waitReady(
  namespace: string,
  name: string,
  timeoutMs = 300_000,
): Promise<ZooKeeperView> {
  let last: ZooKeeperView | undefined;
  try {
    return await waitFor(
      `${namespace}/${name} to be Ready`,
      timeoutMs,
      () => {
        last = getZooKeeper(namespace, name);
        const generation = last?.metadata.generation;
        const ready = conditionOf(last, 'Ready');
        return ready?.status === 'True' && last?.status?.observedGeneration === generation ? last : undefined;
      },
      2000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last?.status)}`);
  }
}

/** The pod's address, for a ZooKeeper client on this machine. */
export function podAddress(namespace: string, pod: string): string {
  const ip = kubectlOk(['-n', namespace, 'get', 'pod', pod, '-o', 'jsonpath={.status.podIP}']).trim();
  assert.ok(ip, `pod ${namespace}/${pod} has no IP`);
  return ip;
}

export interface EventView {
  readonly type: string;
  readonly reason: string;
  readonly message?: string;
}

/** The Events about ZooKeeper `name`, as `kubectl get events` lists them (oldest first). */
export function zooKeeperEvents(namespace: string, name: string): EventView[] {
  const list = JSON.parse(kubectlOk(['-n', namespace, 'get', 'events', '-o', 'json'])) as {
    items: (EventView & { involvedObject: { kind: string; name: string } })[];
  };
  return list.items.filter((e) => e.involvedObject.kind === 'ZooKeeper' && e.involvedObject.name === name);
}

const leaseHolder = () =>
  kubectlOk([
    '-n',
    OPERATOR_NAMESPACE,
    'get',
    'lease',
    'zkop-leader',
    '-o',
    'jsonpath={.spec.holderIdentity}',
  ]).trim();

/** The operator pod that holds the Lease (its identity is the pod's name and a suffix). */
export function activeOperatorPod(holder = leaseHolder()): string {
  const pod = kubectlOk(['-n', OPERATOR_NAMESPACE, 'get', 'pods', '-o', 'name'])
    .trim()
    .split('\n')
    .map((p) => p.replace('pod/', ''))
    .find((p) => holder.startsWith(`${p}-`));
  assert.ok(pod, `the pod holding the Lease (${holder})`);
  return pod;
}

/**
 * Kills the operator replica that holds the Lease (force, no grace) and waits until another replica
 * holds it; returns the seconds that took.
 */
export async function killActiveOperator(): Promise<number> {
  const holder = leaseHolder();
  const activePod = activeOperatorPod(holder);
  const killedAt = Date.now();
  kubectlOk(['-n', OPERATOR_NAMESPACE, 'delete', 'pod', activePod, '--grace-period=0', '--force']);
  await waitFor(
    'another operator to take the Lease',
    60_000,
    () => {
      const h = leaseHolder();
      return h && h !== holder && !h.startsWith(`${activePod}-`) ? h : undefined;
    },
    250,
  );
  return (Date.now() - killedAt) / 1000;
}
