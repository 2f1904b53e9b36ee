import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ZOOKEEPERS } from '../client/resources.ts';
import { condition, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';

test('x509 client authentication, which the operator does not carry out yet, is refused like an invalid spec', async () => {
  const { server, run, create } = setup({
    auth: { client: { x509: true } },
    tls: { client: { enabled: true } },
  });
  await create();
  const result = await run();
  assert.equal(result.operation, 'Invalid');
  assert.deepEqual(
    result.writes.map((w) => w.verb),
    ['applyStatus'],
  );
  assert.match(
    condition(statusOf(server), 'Ready')?.message ?? '',
    /spec\.auth\.client\.x509: is not carried out by zkop yet/,
  );
});

test('client SASL is carried out, and turning it on or off for an existing ensemble is refused, naming the field', async () => {
  const { server, user, run, create } = setup({ auth: { client: { sasl: true } } });
  await create();
  const first = await run();
  assert.notEqual(first.operation, 'Invalid');
  assert.ok(first.actions.includes('apply Secret zk-jaas'), first.actions.join(', '));
  await user.mergePatch(ZOOKEEPERS, REF, { spec: { auth: { client: { sasl: false } } } });
  assert.equal((await run()).operation, 'Invalid');
  assert.match(
    condition(statusOf(server), 'Ready')?.message ?? '',
    /spec\.auth\.client\.sasl: cannot be turned off for an existing ensemble \(it is set at creation\)/,
  );
});
