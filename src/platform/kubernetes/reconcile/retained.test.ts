import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { storedZooKeeper } from '../render/testing/test-helpers.ts';
import { ordinalOfClaim } from './member-facts.ts';
import {
  isForeignRetained,
  parseRetained,
  RETAINED_ANNOTATION,
  retainedConfig,
  retainedRecord,
} from './retained.ts';

const config = {
  version: 0x200000003n,
  members: [
    { id: 1, role: 'participant' as const },
    { id: 2, role: 'observer' as const },
  ],
};
const claim = (name: string, record?: string): V1PersistentVolumeClaim => ({
  metadata: { name, ...(record === undefined ? {} : { annotations: { [RETAINED_ANNOTATION]: record } }) },
});

test('the retained record round-trips, with or without a config', () => {
  assert.deepEqual(parseRetained(claim('data-zk-0', retainedRecord('u1', config))), { uid: 'u1', config });
  assert.deepEqual(parseRetained(claim('data-zk-0', retainedRecord('u1', undefined))), {
    uid: 'u1',
    config: undefined,
  });
  assert.equal(parseRetained(claim('data-zk-0')), undefined);
  assert.equal(parseRetained(claim('data-zk-0', '{')), 'unreadable');
  assert.equal(
    parseRetained(claim('data-zk-0', '{"uid":"u","configVersion":"0x1","members":[{}]}')),
    'unreadable',
  );
});

test('only marks of another object are foreign', () => {
  assert.equal(isForeignRetained(claim('data-zk-0', retainedRecord('u1', config)), 'u1'), false);
  assert.equal(isForeignRetained(claim('data-zk-0', retainedRecord('u1', config)), 'u2'), true);
  assert.equal(isForeignRetained(claim('data-zk-0'), 'u2'), false);
});

test('claim names give the ordinal of the pod they belong to', () => {
  assert.equal(ordinalOfClaim('zk', 'data-zk-0'), 0);
  assert.equal(ordinalOfClaim('zk', 'datalog-zk-12'), 12);
  assert.equal(ordinalOfClaim('zk', 'data-zk-a-1'), undefined);
  assert.equal(ordinalOfClaim('zk', 'data-other-1'), undefined);
});

test('the retained config is resumed only for the same members, from one deleted object', () => {
  const zk = storedZooKeeper({ replicas: 1, observers: 1 });
  const kept = [
    claim('data-zk-0', retainedRecord('old', config)),
    claim('data-zk-1', retainedRecord('old', config)),
  ];
  assert.deepEqual(retainedConfig(zk, { replicas: 1, observers: 1 }, kept), {
    config,
    claims: ['data-zk-0', 'data-zk-1'],
  });
  const other = retainedConfig(zk, { replicas: 3, observers: 0 }, kept);
  assert.match(
    (other as { problem: string }).problem,
    /with 1 voter and 1 observer, but this spec asks for 3 voters and 0 observers/,
  );
  const mixed = retainedConfig(zk, { replicas: 1, observers: 1 }, [
    kept[0] as V1PersistentVolumeClaim,
    claim('data-zk-1', retainedRecord('older', config)),
  ]);
  assert.match((mixed as { problem: string }).problem, /more than one deleted ensemble/);
  assert.equal(retainedConfig(zk, { replicas: 1, observers: 1 }, [claim('data-zk-0')]), undefined);
  const own = zk.metadata.uid;
  assert.equal(
    retainedConfig(zk, { replicas: 3, observers: 0 }, [claim('data-zk-0', retainedRecord(own, config))]),
    undefined,
  );
});
