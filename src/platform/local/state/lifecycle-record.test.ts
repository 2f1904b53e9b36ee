import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRecordedConfig, sameConfig, toRecordedConfig } from './lifecycle-record.ts';

test('a config survives JSON: version in hex, members sorted, addresses dropped', () => {
  const recorded = toRecordedConfig({
    version: 0x200000004n,
    members: [
      { id: 2, role: 'observer', address: '127.0.0.1:1:2:observer;3' },
      { id: 1, role: 'participant' },
    ],
  });
  assert.deepEqual(recorded, {
    version: '200000004',
    members: [
      { id: 1, role: 'participant' },
      { id: 2, role: 'observer' },
    ],
  });
  const back = fromRecordedConfig(JSON.parse(JSON.stringify(recorded)));
  assert.equal(back.version, 0x200000004n);
  assert.ok(sameConfig(toRecordedConfig(back), recorded));
  assert.ok(!sameConfig(recorded, { ...recorded, version: '200000005' }));
});
