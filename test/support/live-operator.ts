/**
 * zkop's operator process as `zkop operator` runs it (health and metrics server, leader election,
 * controller, reconciles), over the in-memory API server and a fake ensemble instead of a cluster,
 * with one ZooKeeper object being created, backed up by a schedule, and one reconcile of it failing: what its /metrics
 * serves is then the real operator's, per process and per ensemble.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { BACKUP_SCHEDULE_KIND } from '../../src/api/backup-schedule.ts';
import { API_VERSION, KIND, type ZooKeeperStatus } from '../../src/api/spec.ts';
import { ApiError } from '../../src/platform/kubernetes/client/kube-api.ts';
import { BACKUP_SCHEDULES, ZOOKEEPERS } from '../../src/platform/kubernetes/client/resources.ts';
import { FakeKubeApi } from '../../src/platform/kubernetes/testing/fake-api.ts';
import { startOperatorOverFakeApi } from '../../src/platform/kubernetes/testing/operator-over-fake-api.ts';
import { FakeEnsemble } from '../../src/platform/kubernetes/testing/reconcile-fixture.ts';

export interface LiveOperator {
  readonly metricsUrl: string;
  stop(): Promise<void>;
}

export async function startLiveOperator(): Promise<LiveOperator> {
  const server = new FakeKubeApi();
  const stop = new AbortController();
  const running = await startOperatorOverFakeApi(server, new FakeEnsemble(), stop.signal);
  const ref = { namespace: 'demo', name: 'zk' };
  // The first reconcile fails as on an API server that is busy; the retry succeeds.
  server.failNext('apply', new ApiError(500, 'InternalError', 'the server is busy'));
  await server.client('kubectl').create(ZOOKEEPERS, {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: ref,
    // With client TLS, so the certificates' series are there (zkop's own CA issues them).
    spec: { version: '3.9.4', tls: { client: { enabled: true } } },
  } as KubernetesObject);
  // A schedule backs it up (once a year: none is taken), so the ensemble has a backup-age series.
  await server.client('kubectl').create(BACKUP_SCHEDULES, {
    apiVersion: API_VERSION,
    kind: BACKUP_SCHEDULE_KIND,
    metadata: { ...ref, name: 'yearly' },
    spec: {
      ensemble: ref.name,
      schedule: '0 0 1 1 *',
      s3: { bucket: 'zk-backups', credentialsSecretRef: { name: 's3' } },
    },
  } as KubernetesObject);
  const end = Date.now() + 30_000;
  while (!(server.peek(ZOOKEEPERS, ref) as { status?: ZooKeeperStatus }).status?.operation?.startedAt) {
    if (Date.now() > end) throw new Error('the operator wrote no status with an operation in 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    metricsUrl: `http://127.0.0.1:${running.health.address.port}/metrics`,
    stop: async () => {
      stop.abort();
      await running.done;
    },
  };
}
