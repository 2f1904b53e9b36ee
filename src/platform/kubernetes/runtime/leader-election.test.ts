import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, type KubeApi } from '../client/kube-api.ts';
import { LEASES } from '../client/resources.ts';
import { FakeKubeApi } from '../testing/fake-api.ts';
import { FakeClock, settle } from '../testing/fake-clock.ts';
import { LeaderElector, type Lease } from './leader-election.ts';

const LEASE = { namespace: 'zkop-system', name: 'zkop' };

/** A client whose every call fails once `cut` is set: a replica that lost its network or died. */
function cuttable(api: KubeApi): { api: KubeApi; cut: () => void } {
  let down = false;
  const wrapped = new Proxy(api, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (down) return Promise.reject(new ApiError(503, 'ServiceUnavailable', 'unreachable'));
        return value.apply(target, args);
      };
    },
  });
  return { api: wrapped, cut: () => (down = true) };
}

function candidate(server: FakeKubeApi, clock: FakeClock, identity: string) {
  const { api, cut } = cuttable(server.client(identity));
  const elector = new LeaderElector({
    api,
    ...LEASE,
    identity,
    clock,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
  });
  const log: string[] = [];
  const stop = new AbortController();
  const running = elector.run(stop.signal, {
    onStartedLeading: () => {
      log.push(`start@${clock.now()}`);
    },
    onStoppedLeading: () => log.push(`stop@${clock.now()}`),
  });
  return { elector, log, stop, running, cut };
}

test('one of two candidates leads; the other takes over after the lease expires', async () => {
  const server = new FakeKubeApi();
  const clock = new FakeClock(0);
  const a = candidate(server, clock, 'a');
  await settle();
  const b = candidate(server, clock, 'b');
  await clock.advance(30_000);
  assert.equal(a.elector.isLeader, true);
  assert.equal(b.elector.isLeader, false);
  assert.equal(server.peek<Lease>(LEASES, LEASE)?.spec?.holderIdentity, 'a');

  // a dies: its renewals fail from t=30s; it stops leading 10s after its last renewal.
  a.cut();
  await clock.advance(12_000);
  assert.equal(a.elector.isLeader, false);
  assert.deepEqual(a.log, ['start@0', `stop@${40_000}`]);
  await a.running;
  // b saw the last renewal (t=30s) and takes over once 15s passed without one.
  await clock.advance(20_000);
  assert.equal(b.elector.isLeader, true);
  const started = Number(b.log[0]?.split('@')[1]);
  assert.ok(started >= 45_000 && started <= 45_000 + 2_000, `b took over at ${started}`);
  const lease = server.peek<Lease>(LEASES, LEASE);
  assert.equal(lease?.spec?.holderIdentity, 'b');
  assert.equal(lease?.spec?.leaseTransitions, 1);
  b.stop.abort();
  await b.running;
});

test('a leader that shuts down releases the lease; the standby takes it at its next try', async () => {
  const server = new FakeKubeApi();
  const clock = new FakeClock(0);
  const a = candidate(server, clock, 'a');
  await settle();
  const b = candidate(server, clock, 'b');
  await clock.advance(6_000);
  a.stop.abort();
  await a.running;
  assert.equal(server.peek<Lease>(LEASES, LEASE)?.spec?.holderIdentity, '');
  assert.deepEqual(a.log, ['start@0', 'stop@6000']);
  await clock.advance(2_000);
  assert.equal(b.elector.isLeader, true);
  b.stop.abort();
  await b.running;
});

test('a renewal that hangs counts as failed once the deadline passes', async () => {
  const server = new FakeKubeApi();
  const clock = new FakeClock(0);
  const hanging = server.client('a');
  let hang = false;
  const api: KubeApi = {
    ...hanging,
    get: (type, ref) => (hang ? new Promise(() => {}) : hanging.get(type, ref)),
  } as KubeApi;
  const elector = new LeaderElector({ api, ...LEASE, identity: 'a', clock });
  const stop = new AbortController();
  const log: string[] = [];
  const running = elector.run(stop.signal, {
    onStartedLeading: () => {
      log.push('start');
    },
    onStoppedLeading: () => log.push('stop'),
  });
  await clock.advance(1_000);
  hang = true;
  await clock.advance(15_000);
  assert.deepEqual(log, ['start', 'stop']);
  await running;
});
