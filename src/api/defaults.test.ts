import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from './defaults.ts';
import type { ZooKeeperSpec } from './spec.ts';

describe('applyDefaults', () => {
  it('fills every field of a spec that only has a version', () => {
    const spec = applyDefaults({ version: '3.9.4' });
    assert.equal(spec.image, 'zookeeper:3.9.4');
    assert.equal(spec.replicas, 3);
    assert.equal(spec.observers, 0);
    assert.equal(spec.allowEvenReplicas, false);
    assert.deepEqual(spec.ports, {
      client: 2181,
      secureClient: 2281,
      quorum: 2888,
      leaderElection: 3888,
      admin: 8080,
      metrics: 7000,
    });
    assert.deepEqual(spec.config, {
      tickTime: 2000,
      initLimit: 10,
      syncLimit: 5,
      maxClientCnxns: 60,
      minSessionTimeout: 4000,
      maxSessionTimeout: 40000,
      autopurge: { snapRetainCount: 3, purgeInterval: 1 },
      extra: {},
    });
    assert.deepEqual(spec.jvm, { heap: '512Mi', flags: [] });
    assert.deepEqual(spec.resources, { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    assert.deepEqual(spec.storage, { size: '10Gi', storageClassName: '', dataLog: null });
    assert.equal(spec.pod.antiAffinity, 'preferred');
    assert.deepEqual(spec.pod.tolerations, []);
    assert.deepEqual(spec.services, {
      client: { type: 'ClusterIP', annotations: {} },
      admin: { enabled: true },
    });
    assert.deepEqual(spec.disruption, { maxUnavailable: 1 });
    assert.deepEqual(spec.tls, {
      client: { enabled: false, clientAuth: 'need' },
      quorum: { enabled: false },
    });
    assert.deepEqual(spec.auth, {
      superuserSecretName: '',
      client: { sasl: false, x509: false, allowUnauthenticated: false },
      quorum: { sasl: false, secretName: '' },
    });
    const { alerts, ...monitors } = spec.monitoring;
    assert.deepEqual(monitors, { metrics: true, serviceMonitor: false, prometheusRule: false });
    assert.deepEqual(alerts.noLeader, { for: '1m' });
    assert.deepEqual(alerts.requestLatency, { milliseconds: 100, for: '10m' });
    assert.deepEqual(alerts.sessionExpiries, { sessions: 10, window: '10m' });
    assert.equal(spec.deletionPolicy, 'Delete');
    assert.equal(spec.paused, false);
  });

  it('derives session timeouts from tickTime unless set', () => {
    const derived = applyDefaults({ version: '3.9.4', config: { tickTime: 3000 } });
    assert.equal(derived.config.minSessionTimeout, 6000);
    assert.equal(derived.config.maxSessionTimeout, 60000);
    const set = applyDefaults({
      version: '3.9.4',
      config: { minSessionTimeout: 5000, maxSessionTimeout: 9000 },
    });
    assert.equal(set.config.minSessionTimeout, 5000);
    assert.equal(set.config.maxSessionTimeout, 9000);
  });

  it('keeps what the spec sets and fills the rest of the same object', () => {
    const spec = applyDefaults({ version: '3.8.4', image: 'mirror/zk:3.8.4', ports: { client: 12181 } });
    assert.equal(spec.image, 'mirror/zk:3.8.4');
    assert.equal(spec.ports.client, 12181);
    assert.equal(spec.ports.admin, 8080);
  });

  it('replaces a default object as a whole when the spec sets it, as the API server does', () => {
    const spec = applyDefaults({ version: '3.9.4', resources: { requests: { cpu: 2 } } });
    assert.deepEqual(spec.resources, { requests: { cpu: 2 }, limits: {} });
  });

  it('keeps a separate transaction log volume', () => {
    assert.deepEqual(
      applyDefaults({ version: '3.9.4', storage: { dataLog: { size: '2Gi' } } }).storage.dataLog,
      {
        size: '2Gi',
      },
    );
  });

  it('does not modify its argument', () => {
    const input: ZooKeeperSpec = { version: '3.9.4', config: { extra: { a: 'b' } } };
    const before = structuredClone(input);
    const spec = applyDefaults(input);
    spec.config.extra.c = 'd';
    assert.deepEqual(input, before);
  });
});
