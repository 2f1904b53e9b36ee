/**
 * Client SASL and ZooKeeperTenants on the three-node test cluster, one 3.9.4 ensemble shared by the
 * cases: a tenant created with the ensemble gets a connection Secret whose values kazoo connects with
 * (chroot, DIGEST-MD5) and writes under its path; a session without credentials is refused; a tenant
 * added later rolls every member (its user joins the JAAS file) with at most one leader change, and
 * its user gets NoAuth on the first tenant's path (znodes an application creates below it carry the
 * ACL the application gives them: ZooKeeper inherits none); deleted with `deletionPolicy: Delete`,
 * its path goes with it. The members also authenticate each other with SASL (quorum SASL), as their
 * logs show after the roll.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { kubectlOk, waitFor } from '../cluster/cluster.ts';
import { runInCluster } from '../cluster/in-cluster.ts';
import { ensureKazoo, kazooOpsArgs, kazooPython } from '../support/kazoo.ts';
import { memberPods, sampleLeaders } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  installOperator,
  SMALL_SPEC,
  testNamespace,
  waitReady,
} from './operator-install.ts';

const started = performance.now();
const log = (line: string) => process.stderr.write(`${line}\n`);
let ns = '';

before(async () => {
  installOperator(['3.9.4']);
  ns = testNamespace('zkop-e2e-tenants');
  await ensureKazoo();
});

after(() => {
  if (ns) deleteNamespace(ns);
  log(`tenants.test.ts took ${((performance.now() - started) / 1000).toFixed(0)} s`);
});

function applyTenant(name: string, path: string, deletionPolicy = 'Retain'): void {
  const manifest = {
    apiVersion: 'zookeeper.zkop.dev/v1alpha1',
    kind: 'ZooKeeperTenant',
    metadata: { name, namespace: ns },
    spec: { ensemble: 'zk', path, quota: { nodes: 100 }, deletionPolicy },
  };
  kubectlOk(['apply', '--server-side', '--field-manager=e2e', '-f', '-'], JSON.stringify(manifest));
}

const tenantReady = (name: string) =>
  waitFor(
    `tenant ${name} to be Ready`,
    300_000,
    () => {
      const ready = kubectlOk([
        '-n',
        ns,
        'get',
        'zookeepertenant',
        name,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      ]);
      return ready === 'True' ? true : undefined;
    },
    2000,
  );

/** The connection Secret's values, as an application mounting it reads them. */
function connection(tenant: string): Record<string, string> {
  const secret = JSON.parse(kubectlOk(['-n', ns, 'get', 'secret', `${tenant}-zookeeper`, '-o', 'json'])) as {
    data: Record<string, string>;
  };
  return Object.fromEntries(
    Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

/** kazoo-ops.py inside the cluster, where the client Service's name resolves. */
async function kazoo(hosts: string, user: { name: string; password: string } | undefined, ...ops: string[]) {
  const { stdout } = await runInCluster(kazooPython, kazooOpsArgs(hosts, user, ops));
  return stdout.trim().split('\n');
}

const login = (c: Record<string, string>) => ({ name: c.user ?? '', password: c.password ?? '' });

test('a tenant created with its SASL ensemble gets a connection Secret kazoo writes under its path with', async () => {
  applyTenant('orders', '/apps/orders');
  applyZooKeeper(ns, 'zk', {
    ...SMALL_SPEC,
    version: '3.9.4',
    replicas: 3,
    auth: { client: { sasl: true }, quorum: { sasl: true } },
  });
  await waitReady(ns, 'zk', 300_000);
  await tenantReady('orders');
  const orders = connection('orders');
  assert.equal(orders.connectString, `zk-client.${ns}.svc.cluster.local:2181/apps/orders`);
  assert.match(orders.javaFlags ?? '', /-Dzookeeper\.fips-mode=false/);
  assert.match(orders['jaas.conf'] ?? '', /username="orders"/);
  // The first session through a new client Service name can time out (kazoo: KazooTimeoutError) while
  // the name or its route is not everywhere yet; bounded, and each attempt that failed is logged.
  await waitFor(
    'a first session of the tenant through the client Service',
    60_000,
    async () => {
      const [answer = ''] = await kazoo(orders.connectString ?? '', login(orders), 'get:/');
      if (!answer.startsWith('ok')) log(`first session: ${answer}`);
      return answer.startsWith('ok') ? true : undefined;
    },
    2000,
  );
  assert.deepEqual(
    await kazoo(orders.connectString ?? '', login(orders), 'create:/item:placed', 'get:/item'),
    ['ok', 'ok placed'],
  );
  // The JAAS file is in zkop's Secret, not the ConfigMap.
  assert.doesNotMatch(
    kubectlOk(['-n', ns, 'get', 'configmap', 'zk-config', '-o', 'json']),
    new RegExp(orders.password ?? '-'),
  );
});

test('a session without credentials, or with a wrong password, is refused', async () => {
  const { servers = '' } = connection('orders');
  const none = await kazoo(servers, undefined, 'get:/apps/orders/item');
  assert.ok(!none[0]?.startsWith('ok'), none.join(' '));
  const wrong = await kazoo(servers, { name: 'orders', password: 'not-it' }, 'get:/apps/orders/item');
  assert.ok(!wrong[0]?.startsWith('ok'), wrong.join(' '));
});

test("adding a tenant rolls every member with at most one leader change; its user cannot read the first tenant's path", async () => {
  const before = new Map([...memberPods(ns, 'zk')].map(([name, pod]) => [name, pod.uid]));
  const leaders = sampleLeaders(ns, 'zk');
  const rollStarted = performance.now();
  applyTenant('billing', '/apps/billing', 'Delete');
  await tenantReady('billing');
  const seen = await leaders.stop();
  log(
    `adding a tenant: ${((performance.now() - rollStarted) / 1000).toFixed(0)} s, leaders ${seen.join(' -> ')}`,
  );
  const after = memberPods(ns, 'zk');
  for (const [name, uid] of before) assert.notEqual(after.get(name)?.uid, uid, `${name} was not restarted`);
  assert.ok(seen.length <= 2, `leaders: ${seen.join(' -> ')}`);
  const billing = connection('billing');
  assert.deepEqual(
    await kazoo(billing.servers ?? '', login(billing), 'get:/apps/orders', 'create:/apps/orders/mine'),
    ['NoAuthError', 'NoAuthError'],
  );
  assert.deepEqual(await kazoo(billing.connectString ?? '', login(billing), 'create:/invoice'), ['ok']);
  const orders = connection('orders');
  assert.deepEqual(await kazoo(orders.connectString ?? '', login(orders), 'get:/item'), ['ok placed']);
});

test('members authenticate each other with SASL: required in zoo.cfg, done by every member after the roll', () => {
  const config = JSON.parse(kubectlOk(['-n', ns, 'get', 'configmap', 'zk-config', '-o', 'json']));
  assert.match(config.data?.['zoo.cfg'] ?? '', /^quorum\.auth\.serverRequireSasl=true$/m);
  for (const pod of memberPods(ns, 'zk').keys()) {
    const logText = kubectlOk(['-n', ns, 'logs', pod, '-c', 'zookeeper']);
    assert.match(
      logText,
      /Successfully completed the authentication using SASL/,
      `${pod} did not authenticate`,
    );
  }
});

test('a tenant deleted with deletionPolicy Delete takes its path and data with it; the others keep theirs', async () => {
  const orders = connection('orders');
  kubectlOk(['-n', ns, 'delete', 'zookeepertenant', 'billing', '--wait=false']);
  await waitFor(
    'tenant billing to be gone',
    300_000,
    () =>
      kubectlOk(['-n', ns, 'get', 'zookeepertenant', '-o', 'name']).includes('billing') ? undefined : true,
    2000,
  );
  // The parents zkop made are readable by everyone.
  assert.deepEqual(
    await kazoo(orders.servers ?? '', login(orders), 'get:/apps/billing', 'get:/apps/orders/item'),
    ['NoNodeError', 'ok placed'],
  );
});
