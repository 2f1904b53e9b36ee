import assert from 'node:assert/strict';
import { test } from 'node:test';
import { condition, setup, statusOf } from '../testing/reconcile-fixture.ts';

test('client and quorum authentication, which the operator does not carry out yet, are refused like an invalid spec', async () => {
  const { server, run, create } = setup({ auth: { client: { sasl: true }, quorum: { sasl: true } } });
  await create();
  const result = await run();
  assert.equal(result.operation, 'Invalid');
  assert.deepEqual(
    result.writes.map((w) => w.verb),
    ['applyStatus'],
  );
  const message = condition(statusOf(server), 'Ready')?.message ?? '';
  assert.match(
    message,
    /spec\.auth\.client\.sasl: is carried out by zkop up on one machine but not yet by the operator/,
  );
  assert.match(
    message,
    /spec\.auth\.quorum\.sasl: is carried out by zkop up on one machine but not yet by the operator/,
  );
});
