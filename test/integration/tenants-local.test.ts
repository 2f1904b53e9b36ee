/**
 * `zkop up` carries out ZooKeeperTenant documents on this machine, on real ZooKeeper 3.9.4 (three
 * members: tenant changes roll them) and 3.8.3 (one), with kazoo as the tenants' client: each tenant
 * writes and reads under its path through the connect string with the chroot of its connection file,
 * gets NoAuth on another tenant's path and cannot lift its own quota; zkCli connects with the JAAS file
 * and flags of the connection file; a session without credentials is
 * refused; the hard node quota is enforced (QuotaExceeded); zkop puts a changed ACL back; a tenant
 * removed with Delete loses its path, its quota and its login, one removed with Retain only its login.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { status } from '../../src/platform/local/commands/status.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { ensureDistribution, javaCommand } from '../../src/platform/local/distribution/index.ts';
import { JAAS_FILE } from '../../src/platform/local/lifecycle/member-config.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { memberPaths } from '../../src/platform/local/state/state-layout.ts';
import type { TenantConnection } from '../../src/platform/shared/tenants/tenant-connection.ts';
import { OPEN_ACL_UNSAFE } from '../../src/zk/acl.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { ensureKazoo, kazooOps } from '../support/kazoo.ts';
import { clientAddresses, scratch } from './lifecycle-support.ts';

const run = promisify(execFile);

const tenantDoc = (name: string, path: string, extra = '') =>
  `---\napiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeperTenant\nmetadata: {name: ${name}}\n` +
  `spec: {ensemble: ENSEMBLE, path: ${path}${extra}}\n`;

const manifest = (name: string, version: string, replicas: number, tenants: readonly string[]) =>
  `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: ${replicas}\n  jvm: {heap: 128Mi}\n` +
  `  auth: {client: {sasl: true}}\n${tenants.join('').replaceAll('ENSEMBLE', name)}`;

const A = tenantDoc('alpha', '/apps/alpha', ', quota: {nodes: 3}');
const B = tenantDoc('beta', '/apps/beta', ', deletionPolicy: Delete, quota: {bytes: 1000}');
const C = tenantDoc('gamma', '/gamma');

/** Not served: no session, or the operation failed. */
const refused = (lines: readonly string[]) => assert.ok(!lines[0]?.startsWith('ok'), lines.join(' '));

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

for (const [version, replicas] of [
  ['3.9.4', 3],
  ['3.8.3', 1],
] as const) {
  describe(`ZooKeeperTenant on a local ensemble, ZooKeeper ${version}`, () => {
    const name = `tenants${version.replaceAll('.', '')}`;
    const dir = scratch('zkop-tenants-');
    const { stateDir } = dir;
    const connection = (tenant: string): TenantConnection =>
      JSON.parse(readFileSync(join(stateDir, name, 'tenants', tenant, 'connection.json'), 'utf8'));
    const login = (tenant: string) => {
      const { username, password } = connection(tenant).sasl;
      return { name: username, password };
    };
    const asSuper = async <T>(work: (client: ZkClient) => Promise<T>): Promise<T> => {
      const password = readState(stateDir, name)?.superPassword ?? '';
      const client = await ZkClient.connect({
        servers: clientAddresses(stateDir, name),
        sasl: { username: 'super', password },
      });
      try {
        return await work(client);
      } finally {
        await client.close();
      }
    };
    before(() => ensureKazoo());
    after(() => dir.cleanup(name));

    it('up creates the ensemble and carries out the tenants: JAAS users, paths with their ACL, connection files', async () => {
      const result = await up(dir.manifest('zk.yaml', manifest(name, version, replicas, [A, B, C])), {
        stateDir,
        timeoutMs: 240_000,
      });
      assert.equal(result.outcome, 'created');
      assert.equal(result.status.healthy, true);
      const jaas = readFileSync(join(memberPaths(stateDir, name, 1).conf, JAAS_FILE), 'utf8');
      for (const user of ['super', 'alpha', 'beta', 'gamma'])
        assert.match(jaas, new RegExp(`user_${user}="`));
      assert.deepEqual(
        result.status.tenants?.map((t) => [t.name, t.path, t.user, t.deletionPolicy]),
        [
          ['alpha', '/apps/alpha', 'alpha', 'Retain'],
          ['beta', '/apps/beta', 'beta', 'Delete'],
          ['gamma', '/gamma', 'gamma', 'Retain'],
        ],
      );
      const alpha = connection('alpha');
      assert.equal(alpha.connectString, `${clientAddresses(stateDir, name)}/apps/alpha`);
      assert.equal(mode(join(stateDir, name, 'tenants', 'alpha', 'connection.json')), '600');
      assert.equal(mode(alpha.jaasFile), '600');
      assert.equal(mode(join(stateDir, name, 'tenants', 'alpha')), '700');
      assert.match(readFileSync(alpha.jaasFile, 'utf8'), /^Client \{/);
      assert.equal(alpha.javaFlags.includes('-Dzookeeper.fips-mode=false'), version === '3.9.4');
      await asSuper(async (client) => {
        assert.deepEqual((await client.getACL('/apps/alpha')).acl, [
          { perms: 31, id: { scheme: 'sasl', id: 'alpha' } },
        ]);
        assert.deepEqual((await client.getACL('/apps')).acl, [
          { perms: 1, id: { scheme: 'world', id: 'anyone' } },
        ]);
        const limits = await client.getData('/zookeeper/quota/apps/alpha/zookeeper_limits');
        assert.equal(limits.data.toString(), 'count=-1,bytes=-1=;countHardLimit=3');
      });
    });

    it('each tenant writes and reads under its own path through the chroot, and gets NoAuth elsewhere, quotas included', async () => {
      const alpha = connection('alpha');
      assert.deepEqual(
        await kazooOps(alpha.connectString, login('alpha'), 'create:/data:hello', 'get:/data'),
        ['ok', 'ok hello'],
      );
      assert.deepEqual(
        await kazooOps(connection('gamma').connectString, login('gamma'), 'create:/kept:mine'),
        ['ok'],
      );
      assert.deepEqual(
        await kazooOps(
          alpha.servers,
          login('alpha'),
          'get:/apps/alpha/data',
          'get:/apps/beta',
          'create:/apps/beta/x',
          'create:/apps/intruder',
          'delete:/zookeeper/quota/apps/alpha/zookeeper_limits',
          'create:/zookeeper/quota/gamma',
          // The root keeps ZooKeeper's open ACL: zkop does not lock it (ADR 0142).
          'create:/top-level',
        ),
        ['ok hello', 'NoAuthError', 'NoAuthError', 'NoAuthError', 'NoAuthError', 'NoAuthError', 'ok'],
      );
    });

    it("zkCli (ZooKeeper's Java client) started with the connection file's flags writes and reads as the tenant", async () => {
      const gamma = connection('gamma');
      const { classpath } = await ensureDistribution(version);
      const zkCli = (...command: string[]) =>
        run(
          javaCommand(),
          [
            ...gamma.javaFlags,
            '-cp',
            classpath.join(':'),
            'org.apache.zookeeper.ZooKeeperMain',
            '-server',
            gamma.connectString,
            ...command,
          ],
          { timeout: 60_000 },
        );
      await zkCli('create', '/zkcli', 'written-by-zkcli');
      assert.match((await zkCli('get', '/zkcli')).stdout, /^written-by-zkcli$/m);
      await asSuper(async (client) => {
        assert.equal((await client.getData('/gamma/zkcli')).data.toString(), 'written-by-zkcli');
      });
    });

    it('a session without credentials or with a wrong password is refused', async () => {
      const servers = connection('alpha').servers;
      refused(await kazooOps(servers, undefined, 'get:/apps/alpha/data'));
      refused(await kazooOps(servers, { name: 'alpha', password: 'not-it' }, 'get:/apps/alpha/data'));
    });

    it('the hard node quota holds: the path and two znodes, the next create fails with QuotaExceeded', async () => {
      const alpha = connection('alpha');
      assert.deepEqual(
        await kazooOps(alpha.connectString, login('alpha'), 'create:/second', 'create:/third'),
        ['ok', 'QuotaExceededError'],
      );
    });

    it('up puts back an ACL someone changed', async () => {
      await asSuper((client) => client.setACL('/apps/alpha', OPEN_ACL_UNSAFE));
      const result = await up(join(stateDir, 'zk.yaml'), { stateDir });
      assert.equal(result.outcome, 'unchanged');
      await asSuper(async (client) =>
        assert.deepEqual((await client.getACL('/apps/alpha')).acl, [
          { perms: 31, id: { scheme: 'sasl', id: 'alpha' } },
        ]),
      );
    });

    it('tenants removed: Delete removes the path and its quota, Retain keeps the data; neither logs in', async () => {
      const beta = connection('beta');
      const gamma = connection('gamma');
      assert.deepEqual(await kazooOps(beta.connectString, login('beta'), 'create:/x:y'), ['ok']);
      const result = await up(dir.manifest('zk.yaml', manifest(name, version, replicas, [A])), {
        stateDir,
        timeoutMs: 240_000,
      });
      assert.equal(result.outcome, 'reconciled');
      assert.equal(result.status.healthy, true);
      // The JAAS file changed: every member restarted, one at a time (the engine's roll).
      assert.deepEqual(
        [...result.started].sort(),
        Array.from({ length: replicas }, (_, i) => i + 1),
      );
      assert.deepEqual(
        result.status.tenants?.map((t) => t.name),
        ['alpha'],
      );
      const jaas = readFileSync(join(memberPaths(stateDir, name, 1).conf, JAAS_FILE), 'utf8');
      assert.doesNotMatch(jaas, /user_beta|user_gamma/);
      await asSuper(async (client) => {
        assert.equal(await client.exists('/apps/beta'), null);
        assert.equal(await client.exists('/zookeeper/quota/apps/beta'), null);
        assert.equal((await client.getData('/gamma/kept')).data.toString(), 'mine');
        assert.notEqual(await client.exists('/zookeeper/quota/apps/alpha/zookeeper_limits'), null);
      });
      for (const gone of [beta, gamma])
        refused(
          await kazooOps(gone.servers, { name: gone.sasl.username, password: gone.sasl.password }, 'get:/'),
        );
      // What stays holds across the restarts: data, quota, the read-only quota root.
      const alpha = connection('alpha');
      assert.deepEqual(await kazooOps(alpha.connectString, login('alpha'), 'get:/data', 'create:/fourth'), [
        'ok hello',
        'QuotaExceededError',
      ]);
      assert.deepEqual(await kazooOps(alpha.servers, login('alpha'), 'create:/zookeeper/quota/beta'), [
        'NoAuthError',
      ]);
    });

    it('zkop status lists the tenants', async () => {
      const shown = await status(name, stateDir);
      assert.deepEqual(shown.tenants, [
        {
          name: 'alpha',
          path: '/apps/alpha',
          user: 'alpha',
          quota: { nodes: 3 },
          deletionPolicy: 'Retain',
          connectionFile: join(stateDir, name, 'tenants', 'alpha', 'connection.json'),
        },
      ]);
    });
  });
}

describe('ZooKeeperTenant without client SASL', () => {
  const dir = scratch('zkop-tenants-nosasl-');
  after(() => dir.cleanup('nosasl'));

  it('is refused before anything starts, naming what it needs', async () => {
    const plain = manifest('nosasl', '3.9.4', 1, [C]).replace('  auth: {client: {sasl: true}}\n', '');
    await assert.rejects(
      up(dir.manifest('zk.yaml', plain), { stateDir: dir.stateDir }),
      /ZooKeeperTenant: a tenant's identity is a SASL user; set spec\.auth\.client\.sasl: true; nothing was started/,
    );
    assert.equal(readState(dir.stateDir, 'nosasl'), undefined);
  });
});
