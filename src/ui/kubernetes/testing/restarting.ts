/** A 3-member ZooKeeper object in the middle of a restart, its pods as its StatefulSet makes them. */
import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { ZooKeeperStatus } from '../../../api/spec.ts';
import { renderObjects } from '../../../platform/kubernetes/render/index.ts';
import { findObject, storedZooKeeper } from '../../../platform/kubernetes/render/testing/test-helpers.ts';

export const zk = storedZooKeeper({ replicas: 3 });
const template = findObject<V1StatefulSet>(renderObjects(zk), 'StatefulSet').spec?.template;

/** The pod the StatefulSet makes for ordinal `ordinal`, scheduled on `node`, its server started `restarts` times over. */
export function pod(ordinal: number, node: string, restarts = 0): V1Pod {
  return {
    metadata: { ...template?.metadata, name: `zk-${ordinal}`, namespace: 'demo' },
    spec: { ...template?.spec, containers: template?.spec?.containers ?? [], nodeName: node },
    status: {
      phase: 'Running',
      podIP: `10.0.0.${ordinal + 10}`,
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'zookeeper', restartCount: restarts, ready: true, image: '', imageID: '', started: true },
      ],
    },
  };
}

export const STATUS: ZooKeeperStatus = {
  phase: 'Restarting',
  leader: 'zk-1',
  configVersion: '0x100000000',
  version: '3.9.4',
  endpoints: { client: 'zk-client.demo.svc:2181' },
  members: [
    { id: 1, name: 'zk-0', role: 'follower', state: 'serving', voting: true, version: '3.9.4' },
    { id: 2, name: 'zk-1', role: 'leader', state: 'serving', voting: true, version: '3.9.4' },
    { id: 3, name: 'zk-2', role: 'unknown', state: 'starting', voting: true },
  ],
  operation: {
    type: 'Restart',
    step: 'restart member 3',
    waitingFor: 'member 3 to serve',
    startedAt: '2026-12-07T03:00:00Z',
  },
  conditions: [
    {
      type: 'Ready',
      status: 'False',
      reason: 'Restart',
      message: '2/3 members serving',
      lastTransitionTime: '2026-12-07T03:00:00Z',
    },
  ],
};
