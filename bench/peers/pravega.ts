/**
 * pravega/zookeeper-operator, built here from its Go module (pravega-operator.sh) with its ZooKeeper
 * image built from its module's recipe (pravega-images.sh), installed with its own Helm chart into
 * the ensemble's namespace, watching that namespace only. Its hooks are left out (--no-hooks): they
 * run a kubectl image from a registry, which the test cluster cannot reach. Its pods run as root, as
 * its image's scripts expect, so the namespace is not under PodSecurity `restricted`. A rolling restart
 * is its `triggerRollingRestart`; a scale is `replicas`, each member joining and leaving by dynamic
 * reconfiguration (its `zu` helper).
 */
import { join } from 'node:path';
import { kubectl, kubectlOk, run } from '../../test/cluster/cluster.ts';
import { deleteNamespace, helm } from '../../test/e2e/operator-install.ts';
import { SMALL_RESOURCES } from '../k8s/ready-time.ts';
import { statefulSetRolledOut } from './statefulset-ready.ts';
import { HEAP_MB, NAME, type Subject } from './subject.ts';

export const PRAVEGA_VERSION = 'v0.2.15';
const RELEASE = 'zookeeper-operator';

/** Builds (cached) and returns the operator's and ZooKeeper's image archives. */
export function pravegaImages(): { operator: string; zookeeper: string } {
  const result = run('bash', [join(import.meta.dirname, 'pravega-images.sh')], undefined, 1_800_000, {
    PRAVEGA_ZK_OPERATOR_VERSION: PRAVEGA_VERSION,
  });
  if (result.code !== 0) throw new Error(`pravega-images.sh failed:\n${result.stderr}`);
  const [operator = '', zookeeper = ''] = result.stdout.trim().split('\n').slice(-2);
  return { operator, zookeeper };
}

function chartDir(): string {
  const gomodcache = run('go', ['env', 'GOMODCACHE']).stdout.trim();
  return join(
    gomodcache,
    'github.com',
    'pravega',
    `zookeeper-operator@${PRAVEGA_VERSION}`,
    'charts',
    'zookeeper-operator',
  );
}

const cluster = (replicas: number) => ({
  apiVersion: 'zookeeper.pravega.io/v1beta1',
  kind: 'ZookeeperCluster',
  metadata: { name: NAME },
  spec: {
    replicas,
    image: {
      repository: 'zkop.test/pravega-zookeeper',
      tag: PRAVEGA_VERSION.slice(1),
      pullPolicy: 'IfNotPresent',
    },
    pod: { resources: SMALL_RESOURCES, env: [{ name: 'ZK_SERVER_HEAP', value: String(HEAP_MB) }] },
    persistence: { reclaimPolicy: 'Delete', spec: { resources: { requests: { storage: '1Gi' } } } },
  },
});

interface ClusterView {
  spec: { replicas?: number };
  status?: { readyReplicas?: number; replicas?: number };
}

export const pravega: Subject = {
  name: 'pravega',
  description: `pravega/zookeeper-operator ${PRAVEGA_VERSION} (its chart, --no-hooks), its ZooKeeper image's recipe on zkop's zookeeper:3.9.4`,
  selector: `app=${NAME},kind=ZookeeperMember`,
  clientService: (ns) => `${NAME}-client.${ns}.svc.cluster.local:2181`,
  async install(ns) {
    kubectlOk(['create', 'namespace', ns]);
    const tag = PRAVEGA_VERSION.slice(1);
    helm(
      'install',
      RELEASE,
      chartDir(),
      '--namespace',
      ns,
      '--no-hooks',
      '--set',
      `image.repository=zkop.test/pravega-zookeeper-operator,image.tag=${tag},watchNamespace=${ns},hooks.delete=false`,
      '--wait',
      '--timeout',
      '3m',
    );
  },
  async apply(ns, replicas) {
    kubectlOk(['-n', ns, 'apply', '-f', '-'], JSON.stringify(cluster(replicas)));
  },
  async reportsReady(ns, replicas) {
    const got = kubectl(['-n', ns, 'get', 'zookeepercluster', NAME, '-o', 'json']);
    if (got.code !== 0) return false;
    const zk = JSON.parse(got.stdout) as ClusterView;
    return (
      zk.spec.replicas === replicas &&
      zk.status?.readyReplicas === replicas &&
      statefulSetRolledOut(ns, NAME, replicas)
    );
  },
  async restart(ns) {
    const patch = JSON.stringify({ spec: { triggerRollingRestart: true } });
    kubectlOk(['-n', ns, 'patch', 'zookeepercluster', NAME, '--type=merge', '-p', patch]);
  },
  async scale(ns, replicas) {
    const patch = JSON.stringify({ spec: { replicas } });
    kubectlOk(['-n', ns, 'patch', 'zookeepercluster', NAME, '--type=merge', '-p', patch]);
  },
  async uninstall(ns) {
    const deleted = kubectl(
      ['-n', ns, 'delete', 'zookeepercluster', NAME, '--timeout=180s'],
      undefined,
      200_000,
    );
    if (deleted.code !== 0) {
      const patch = JSON.stringify({ metadata: { finalizers: null } });
      kubectl(['-n', ns, 'patch', 'zookeepercluster', NAME, '--type=merge', '-p', patch]);
    }
    helm('uninstall', RELEASE, '--namespace', ns, '--no-hooks', '--wait', '--timeout', '3m');
    kubectl(['delete', 'crd', 'zookeeperclusters.zookeeper.pravega.io', '--ignore-not-found']);
    deleteNamespace(ns);
  },
};
