import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../api/defaults.ts';
import { desiredFromSpec } from './desired.ts';

const spec = applyDefaults({ version: '3.9.4', replicas: 3 });

test('desired shape, version, storage policy and quorum TLS come from the spec', () => {
  const desired = desiredFromSpec(spec, { restartToken: 't', configHash: 'h', leaderHandoff: true });
  assert.deepEqual(desired, {
    replicas: 3,
    observers: 0,
    version: '3.9.4',
    configHash: 'h',
    restartToken: 't',
    paused: false,
    leaderHandoff: true,
    removedStorage: 'delete',
    quorumTls: 'plaintext',
  });
  const retained = desiredFromSpec(
    { ...spec, deletionPolicy: 'Retain' },
    { restartToken: '', configHash: '', leaderHandoff: false },
  );
  assert.equal(retained.removedStorage, 'retain');
  const secured = desiredFromSpec(
    { ...spec, tls: { ...spec.tls, quorum: { enabled: true } } },
    { restartToken: '', configHash: '', leaderHandoff: true },
  );
  assert.equal(secured.quorumTls, 'tls');
});
