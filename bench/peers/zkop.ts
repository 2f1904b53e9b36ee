/** zkop: the in-cluster operator (its chart in zkop-system), a ZooKeeper object per ensemble. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from '../../test/cluster/cluster.ts';
import { memberSelector } from '../../test/e2e/ensemble-probe.ts';
import {
  applyZooKeeper,
  conditionOf,
  createNamespace,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  patchSpec,
} from '../../test/e2e/operator-install.ts';
import { smallSpec } from '../k8s/ready-time.ts';
import { NAME, type Subject } from './subject.ts';

const run = promisify(execFile);

export const zkop: Subject = {
  name: 'zkop',
  description: "zkop's Helm chart in zkop-system, a ZooKeeper object (bench/k8s/ready-time.ts smallSpec)",
  selector: memberSelector(NAME),
  clientService: (ns) => `${NAME}-client.${ns}.svc.cluster.local:2181`,
  async install(ns) {
    installOperator();
    createNamespace(ns);
  },
  async apply(ns, replicas) {
    applyZooKeeper(ns, NAME, smallSpec(replicas));
  },
  async reportsReady(ns, replicas) {
    const zk = getZooKeeper(ns, NAME);
    return (
      conditionOf(zk, 'Ready')?.status === 'True' &&
      zk?.status?.observedGeneration === zk?.metadata.generation &&
      zk?.spec.replicas === replicas
    );
  },
  async restart(ns) {
    await run(join(root, 'bin', 'zkop'), ['restart', NAME, '-n', ns, '--timeout', '420'], {
      env: { ...process.env, KUBECONFIG: join(root, '.cache', 'cluster', 'kubeconfig') },
      timeout: 450_000,
    });
  },
  async scale(ns, replicas) {
    patchSpec(ns, NAME, { replicas });
  },
  async uninstall(ns) {
    deleteNamespace(ns);
  },
};
