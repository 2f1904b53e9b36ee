/** Whether a StatefulSet has rolled out: every replica on the current revision and ready. */
import { kubectl } from '../../test/cluster/cluster.ts';

interface StatefulSetView {
  metadata: { generation: number };
  spec: { replicas: number };
  status: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

export function statefulSetRolledOut(namespace: string, name: string, replicas: number): boolean {
  const got = kubectl(['-n', namespace, 'get', 'statefulset', name, '-o', 'json']);
  if (got.code !== 0) return false;
  const { metadata, spec, status } = JSON.parse(got.stdout) as StatefulSetView;
  return (
    spec.replicas === replicas &&
    status.observedGeneration === metadata.generation &&
    status.replicas === replicas &&
    status.readyReplicas === replicas &&
    status.updatedReplicas === replicas &&
    status.currentRevision === status.updateRevision
  );
}
