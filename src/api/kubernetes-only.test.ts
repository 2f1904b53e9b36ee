import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubernetesOnlyFields } from './kubernetes-only.ts';

describe('kubernetesOnlyFields', () => {
  it('is empty for a spec with local settings only', () => {
    assert.deepEqual(
      kubernetesOnlyFields({
        version: '3.9.4',
        replicas: 3,
        observers: 1,
        config: { tickTime: 1000 },
        jvm: { heap: '256Mi' },
        monitoring: { metrics: true },
      }),
      [],
    );
  });

  it('lists each Kubernetes-only field that is set', () => {
    assert.deepEqual(
      kubernetesOnlyFields({
        version: '3.9.4',
        image: 'zookeeper:3.9.4',
        ports: { client: 12181 },
        resources: { limits: { memory: '2Gi' } },
        storage: { size: '20Gi', storageClassName: 'ssd', dataLog: { size: '1Gi' } },
        pod: { affinity: { nodeAffinity: {} }, antiAffinity: 'required' },
        services: { client: { type: 'LoadBalancer' } },
        disruption: { maxUnavailable: 1 },
        tls: { client: { enabled: true }, secretName: 'x' },
        monitoring: { serviceMonitor: true },
        deletionPolicy: 'Retain',
      }),
      [
        'spec.image',
        'spec.ports.client',
        'spec.resources.limits',
        'spec.storage.size',
        'spec.storage.storageClassName',
        'spec.storage.dataLog.size',
        'spec.pod.affinity',
        'spec.pod.antiAffinity',
        'spec.services.client.type',
        'spec.disruption.maxUnavailable',
        'spec.tls.secretName',
        'spec.monitoring.serviceMonitor',
        'spec.deletionPolicy',
      ],
    );
  });
});
