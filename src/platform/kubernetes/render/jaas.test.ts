import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1ConfigMap, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import type { AuthCredentials } from '../../../config/auth-entries.ts';
import { JAAS_DIR, JAAS_FILE, JAAS_KEY } from './jaas.ts';
import { CONFIG_HASH_ANNOTATION } from './metadata.ts';
import { renderEnsemble } from './render-objects.ts';
import { findObject, podSpecOf, storedZooKeeper } from './testing/test-helpers.ts';

const SASL: Partial<ZooKeeperSpec> = { auth: { client: { sasl: true } } };
const credentials: AuthCredentials = {
  superPassword: 'super-pw',
  users: [{ name: 'orders', password: 'orders-pw' }],
};

const render = (spec: Partial<ZooKeeperSpec>, given?: AuthCredentials, version?: string) =>
  renderEnsemble(
    storedZooKeeper({ ...spec, ...(version ? { version } : {}) }),
    given ? { credentials: given } : {},
  );
const serverFlags = (objects: ReturnType<typeof render>['objects']) =>
  podSpecOf(objects)
    .containers.find((c) => c.name === 'zookeeper')
    ?.env?.find((e) => e.name === 'SERVER_JVMFLAGS')?.value ?? '';

describe('client SASL in the pods', () => {
  test('the JAAS Server section (super and the tenants) is in a Secret mounted read-only, never in the ConfigMap', () => {
    const { objects } = render(SASL, credentials);
    const secret = findObject<V1Secret>(objects, 'Secret');
    assert.equal(secret.metadata?.name, 'zk-jaas');
    const jaas = Buffer.from(secret.data?.[JAAS_KEY] ?? '', 'base64').toString('utf8');
    assert.match(jaas, /^Server \{/);
    assert.match(jaas, /user_super="super-pw"/);
    assert.match(jaas, /user_orders="orders-pw"/);
    const configMap = JSON.stringify(findObject<V1ConfigMap>(objects, 'ConfigMap'));
    assert.ok(!configMap.includes('super-pw') && !configMap.includes('orders-pw'));
    const pod = podSpecOf(objects);
    assert.deepEqual(pod.volumes?.find((v) => v.name === 'jaas')?.secret, {
      secretName: 'zk-jaas',
      defaultMode: 0o440,
    });
    const mount = pod.containers[0]?.volumeMounts?.find((m) => m.name === 'jaas');
    assert.deepEqual(mount, { name: 'jaas', mountPath: JAAS_DIR, readOnly: true });
  });

  test('members enforce SASL, make super the SASL super user and turn FIPS mode off on 3.9', () => {
    const { objects } = render(SASL, credentials, '3.9.4');
    const zooCfg = findObject<V1ConfigMap>(objects, 'ConfigMap').data?.['zoo.cfg'] ?? '';
    assert.match(
      zooCfg,
      /^authProvider\.sasl=org\.apache\.zookeeper\.server\.auth\.SASLAuthenticationProvider$/m,
    );
    assert.match(zooCfg, /^superUser=super$/m);
    const flags = serverFlags(objects).split(' ');
    for (const flag of [
      `-Djava.security.auth.login.config=${JAAS_FILE}`,
      '-Dzookeeper.enforce.auth.enabled=true',
      '-Dzookeeper.enforce.auth.schemes=sasl',
      '-Dzookeeper.fips-mode=false',
      '-Dzookeeper.enforceQuota=true',
    ])
      assert.ok(flags.includes(flag), `${flag} in ${flags.join(' ')}`);
    assert.ok(!serverFlags(render(SASL, credentials, '3.8.4').objects).includes('fips-mode'));
  });

  test('a tenant user added or a password changed changes the config hash (a rolling restart)', () => {
    const before = render(SASL, credentials).configHash;
    const added = render(SASL, {
      ...credentials,
      users: [...credentials.users, { name: 'b', password: 'x' }],
    });
    const changed = render(SASL, { ...credentials, users: [{ name: 'orders', password: 'new' }] });
    assert.notEqual(added.configHash, before);
    assert.notEqual(changed.configHash, before);
    const template = findObject<V1StatefulSet>(render(SASL, credentials).objects, 'StatefulSet').spec
      ?.template;
    assert.equal(template?.metadata?.annotations?.[CONFIG_HASH_ANNOTATION], before);
  });

  test('without client SASL nothing of it is rendered, and client SASL without credentials is refused', () => {
    const { objects } = render({});
    assert.ok(!objects.some((o) => o.kind === 'Secret'));
    assert.ok(!serverFlags(objects).includes('login.config'));
    assert.throws(() => render(SASL), /authentication needs credentials/);
  });
});
