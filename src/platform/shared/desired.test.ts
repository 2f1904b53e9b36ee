import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../api/defaults.ts';
import { desiredFromSpec } from './desired.ts';

const spec = applyDefaults({ version: '3.9.4', replicas: 3 });

test('desired shape, version, storage policy, quorum TLS and quorum SASL come from the spec', () => {
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
    quorumSasl: 'off',
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
  const authenticated = desiredFromSpec(
    { ...spec, auth: { ...spec.auth, quorum: { ...spec.auth.quorum, sasl: true } } },
    { restartToken: '', configHash: '', leaderHandoff: true },
  );
  assert.equal(authenticated.quorumSasl, 'servers-require');
});
