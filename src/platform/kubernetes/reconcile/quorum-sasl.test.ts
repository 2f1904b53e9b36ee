import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1ConfigMap, V1Pod, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { CONFIGMAPS, PODS, SECRETS, STATEFULSETS, ZOOKEEPERS } from '../client/resources.ts';
import { CLIENT_SASL_ANNOTATION, QUORUM_SASL_ANNOTATION } from '../render/index.ts';
import { JAAS_KEY } from '../render/jaas.ts';
import { condition, NS, REF, settle, setup, statusOf } from '../testing/reconcile-fixture.ts';

type Bed = ReturnType<typeof setup>;
const QUORUM_SASL = { auth: { quorum: { sasl: true } } };

const secretText = (bed: Bed, name: string, key: string) =>
  Buffer.from(
    bed.server.peek<V1Secret>(SECRETS, { namespace: NS, name })?.data?.[key] ?? '',
    'base64',
  ).toString();
const zooCfg = (bed: Bed) =>
  bed.server.peek<V1ConfigMap>(CONFIGMAPS, { namespace: NS, name: 'zk-config' })?.data?.['zoo.cfg'] ?? '';
const podStages = (bed: Bed) =>
  [0, 1, 2].map(
    (i) =>
      bed.server.peek<V1Pod>(PODS, { namespace: NS, name: `zk-${i}` })?.metadata?.annotations?.[
        QUORUM_SASL_ANNOTATION
      ] ?? 'off',
  );

test('a new ensemble with quorum SASL: members start requiring it, with a password only zkop and the JAAS file hold', async () => {
  const bed = setup(QUORUM_SASL);
  await bed.create();
  const first = await bed.run();
  assert.ok(first.actions.includes('create Secret zk-quorum'), first.actions.join(', '));
  const password = secretText(bed, 'zk-quorum', 'password');
  assert.equal(password, 'not-random');
  const jaas = secretText(bed, 'zk-jaas', JAAS_KEY);
  assert.match(jaas, /^QuorumServer \{$/m);
  assert.match(jaas, /user_zkop-quorum="not-random"/);
  assert.match(jaas, /^QuorumLearner \{$/m);
  assert.doesNotMatch(jaas, /^Server \{$/m, 'clients do not authenticate: no Server section');
  assert.match(zooCfg(bed), /^quorum\.auth\.serverRequireSasl=true$/m);
  assert.doesNotMatch(zooCfg(bed), /^password|not-random/m, 'no password in the ConfigMap');
  const template = bed.server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.template;
  assert.equal(template?.metadata?.annotations?.[QUORUM_SASL_ANNOTATION], 'servers-require');
  assert.equal(template?.metadata?.annotations?.[CLIENT_SASL_ANNOTATION], undefined);
  await settle(bed);
  assert.deepEqual(podStages(bed), ['servers-require', 'servers-require', 'servers-require']);
  assert.equal(condition(statusOf(bed.server), 'Ready')?.status, 'True');
  // The JAAS volume is there for the quorum: that is not client SASL turned on.
  const idle = await bed.run();
  assert.notEqual(idle.operation, 'Invalid');
  assert.deepEqual(
    idle.writes.filter((w) => w.kind === 'Secret'),
    [],
  );
});

test('quorum SASL turned on in a running ensemble: one stage per roll, every member before any goes further', async () => {
  const bed = setup();
  await bed.create();
  await settle(bed);
  assert.equal(bed.server.peek<V1Secret>(SECRETS, { namespace: NS, name: 'zk-quorum' }), undefined);
  await bed.user.mergePatch(ZOOKEEPERS, REF, { spec: QUORUM_SASL });
  const seen: string[][] = [];
  await settle(bed, 60, () => {
    const stages = podStages(bed);
    if (stages.join() !== seen.at(-1)?.join()) seen.push(stages);
  });
  const order = ['off', 'enabled', 'learners-require', 'servers-require'];
  for (const stages of seen) {
    const at = stages.map((s) => order.indexOf(s));
    assert.ok(Math.max(...at) - Math.min(...at) <= 1, `members two stages apart: ${stages.join(', ')}`);
  }
  assert.deepEqual(seen.at(-1), ['servers-require', 'servers-require', 'servers-require']);
  assert.ok(
    seen.some((s) => s.every((x) => x === 'enabled')),
    seen.map((s) => s.join(',')).join(' | '),
  );
  assert.ok(
    seen.some((s) => s.every((x) => x === 'learners-require')),
    seen.map((s) => s.join(',')).join(' | '),
  );
  assert.match(zooCfg(bed), /^quorum\.auth\.serverRequireSasl=true$/m);
});

test('quorum SASL on ZooKeeper 3.8 is refused, naming the field, and nothing is created', async () => {
  const bed = setup({ ...QUORUM_SASL, version: '3.8.3' });
  await bed.create();
  const result = await bed.run();
  assert.equal(result.operation, 'Invalid');
  assert.deepEqual(
    result.writes.map((w) => w.verb),
    ['applyStatus'],
  );
  assert.match(
    condition(statusOf(bed.server), 'Ready')?.message ?? '',
    /spec\.auth\.quorum\.sasl: needs ZooKeeper 3\.9\.x/,
  );
});

test("spec.auth.quorum.secretName: the user's password is the one members use; until the Secret exists, a condition says so", async () => {
  const bed = setup({ auth: { quorum: { sasl: true, secretName: 'peers' } } });
  await bed.create();
  const missing = await bed.run().catch((error: unknown) => error);
  assert.ok(missing instanceof Error, 'a missing Secret is a problem, retried');
  const message = condition(statusOf(bed.server), 'Ready')?.message ?? '';
  assert.match(message, /spec\.auth\.quorum\.secretName: Secret demo\/peers does not exist/);
  await bed.user.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'peers', namespace: NS },
    data: { password: Buffer.from('users-own').toString('base64') },
  } as V1Secret);
  await bed.run();
  assert.match(secretText(bed, 'zk-jaas', JAAS_KEY), /user_zkop-quorum="users-own"/);
  assert.equal(bed.server.peek<V1Secret>(SECRETS, { namespace: NS, name: 'zk-quorum' }), undefined);
});
