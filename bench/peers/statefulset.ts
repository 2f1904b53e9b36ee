/**
 * The plain StatefulSet of the Kubernetes ZooKeeper tutorial (test/cluster/zookeeper-statefulset.ts,
 * the ZooKeeper smoke test's), with zkop's members' resources and heap. A rolling restart is a
 * change of the pod template's annotations (`kubectl rollout restart`); a scale is the manifest
 * applied again with the new replicas and its member list.
 */
import { kubectlOk } from '../../test/cluster/cluster.ts';
import { zookeeperStatefulSet } from '../../test/cluster/zookeeper-statefulset.ts';
import { createNamespace, deleteNamespace } from '../../test/e2e/operator-install.ts';
import { SMALL_RESOURCES } from '../k8s/ready-time.ts';
import { statefulSetRolledOut } from './statefulset-ready.ts';
import { HEAP_MB, NAME, type Subject } from './subject.ts';

const manifests = (namespace: string, replicas: number) =>
  zookeeperStatefulSet({
    namespace,
    replicas,
    version: '3.9.4',
    cpu: SMALL_RESOURCES.requests.cpu,
    memory: SMALL_RESOURCES.requests.memory,
    memoryLimit: SMALL_RESOURCES.limits.memory,
    heapMb: HEAP_MB,
    spread: 'preferred',
  });

export const statefulSet: Subject = {
  name: 'StatefulSet',
  description:
    "the Kubernetes tutorial's StatefulSet (headless + client Services, PDB, RollingUpdate, Parallel pods), zkop's zookeeper:3.9.4 image",
  selector: 'app=zk',
  clientService: (ns) => `zk-cs.${ns}.svc.cluster.local:2181`,
  async install(ns) {
    createNamespace(ns);
  },
  async apply(ns, replicas) {
    kubectlOk(['apply', '-f', '-'], manifests(ns, replicas));
  },
  async reportsReady(ns, replicas) {
    return statefulSetRolledOut(ns, NAME, replicas);
  },
  async restart(ns) {
    kubectlOk(['-n', ns, 'rollout', 'restart', `statefulset/${NAME}`]);
  },
  async scale(ns, replicas) {
    kubectlOk(['apply', '-f', '-'], manifests(ns, replicas));
  },
  async uninstall(ns) {
    deleteNamespace(ns);
  },
};
