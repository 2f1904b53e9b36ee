/** Inputs of the golden tests: every manifest in examples/, and one with every option turned on. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../../../../api/manifest.ts';
import type { ZooKeeper } from '../../../../api/spec.ts';
import type { RenderOptions, ZooKeeperObject } from '../context.ts';

const EXAMPLES = join(import.meta.dirname, '../../../../../examples');

export const TEST_UID = '0b8f6c2e-5d1a-4c3b-9e7f-2a6d8c4b1f00';

export interface GoldenCase {
  readonly zk: ZooKeeperObject;
  readonly options: RenderOptions;
}

/** The manifest as the API server returns it: namespaced (default `demo`) and with a uid. */
export function asStored(zk: ZooKeeper, namespace = 'demo'): ZooKeeperObject {
  return {
    ...zk,
    metadata: { ...zk.metadata, namespace: zk.metadata.namespace ?? namespace, uid: TEST_UID },
  };
}

function example(file: string): ZooKeeperObject {
  const loaded = loadManifest(readFileSync(join(EXAMPLES, file), 'utf8'), file);
  if (!loaded.ok)
    throw new Error(`${file}: ${loaded.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return asStored(loaded.value);
}

const withQuorumSasl = (zk: ZooKeeperObject): ZooKeeperObject => ({
  ...zk,
  spec: { ...zk.spec, auth: { quorum: { sasl: true } } },
});

const everything: ZooKeeperObject = asStored(
  {
    apiVersion: 'zookeeper.zkop.dev/v1alpha1',
    kind: 'ZooKeeper',
    metadata: { name: 'zk-all', namespace: 'data' },
    spec: {
      version: '3.8.3',
      image: 'registry.example/mirror/zookeeper:3.8.3',
      replicas: 5,
      observers: 1,
      ports: {
        client: 12181,
        secureClient: 12281,
        quorum: 12888,
        leaderElection: 13888,
        admin: 18080,
        metrics: 17000,
      },
      config: { tickTime: 3000, extra: { snapCount: '50000' } },
      jvm: { heap: '1536Mi', flags: ['-XX:+UseG1GC'] },
      logging: { level: 'DEBUG' },
      terminationGracePeriodSeconds: 60,
      resources: { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: 4, memory: '2Gi' } },
      storage: { size: '20Gi', storageClassName: 'ssd', dataLog: { size: '5Gi' } },
      pod: {
        labels: { team: 'platform' },
        annotations: { 'example.com/owner': 'platform' },
        nodeSelector: { 'node-role.example.com/zookeeper': 'true' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] },
              ],
            },
          },
        },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'zookeeper', effect: 'NoSchedule' }],
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'zk-all' } },
          },
        ],
        priorityClassName: 'high',
        antiAffinity: 'required',
        securityContext: { supplementalGroups: [4000] },
      },
      services: {
        client: { type: 'LoadBalancer', annotations: { 'example.com/lb': 'internal' } },
        admin: { enabled: true },
      },
      disruption: { maxUnavailable: 1 },
      tls: {
        client: { enabled: true, clientAuth: 'want' },
        quorum: { enabled: true },
        secretName: 'zk-all-certs',
      },
      auth: { superuserSecretName: 'zk-all-admin-credentials' },
      monitoring: { metrics: true, serviceMonitor: true, prometheusRule: true },
      deletionPolicy: 'Retain',
    },
  },
  'data',
);

export const GOLDEN_CASES: Readonly<Record<string, GoldenCase>> = {
  ...Object.fromEntries(
    readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => [f.replace(/\.yaml$/, ''), { zk: example(f), options: {} }]),
  ),
  everything: {
    zk: everything,
    options: {
      operatorNamespace: 'zkop-system',
      networkPolicy: true,
      clusterDomain: 'cluster.example',
      // A scale-up from 3 voters in flight: the committed config lists three, the StatefulSet runs six pods.
      committedMembers: [
        { id: 1, role: 'participant' },
        { id: 2, role: 'participant' },
        { id: 3, role: 'participant' },
      ],
      podCount: 6,
      // Quorum TLS turned on in a running ensemble, at its second stage.
      quorumTls: 'dial-tls',
    },
  },
  // Quorum SASL turned on in a running ensemble, at its second stage (learners require it).
  'quorum-sasl-turning-on': {
    zk: withQuorumSasl(example('zookeeper.yaml')),
    options: {
      quorumSasl: 'learners-require',
      credentials: { superPassword: 'super-pw', users: [], quorumPassword: 'quorum-pw' },
    },
  },
};
