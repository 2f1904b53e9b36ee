/**
 * `zkop up` with spec.auth.quorum.sasl on this machine, on real ZooKeeper: three members that
 * authenticate each other with SASL DIGEST-MD5 form a quorum and serve writes, their logs say the
 * authentication succeeded; a member restarted with a wrong quorum password stays out of the quorum
 * while the other two keep serving writes (turning it on: auth-quorum-sasl-turn-on.test.ts).
 * On ZooKeeper 3.9.4 (FIPS mode turned off for DIGEST-MD5); 3.8 is refused (versions.ts: quorumSasl).
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOG_FILE_NAME } from '../../src/config/logging.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { JAAS_FILE } from '../../src/platform/local/lifecycle/member-config.ts';
import { startDetached, stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { memberPaths } from '../../src/platform/local/state/state-layout.ts';
import type { PlatformError } from '../../src/platform/shared/errors.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { clientAddresses, eventually, scratch, srvrById } from './lifecycle-support.ts';

const manifest = (name: string, version: string, auth = '  auth: {quorum: {sasl: true}}\n') =>
  `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: 3\n  jvm: {heap: 128Mi}\n${auth}`;

const SASL_DONE = /Successfully completed the authentication using SASL/;
/** What a learner logs when the member it connects to refuses its credentials. */
const SASL_FAILED = /Authentication failed against server addr/;

async function write(servers: string, path: string): Promise<void> {
  const client = await ZkClient.connect({ servers, connectTimeoutMs: 15_000 });
  try {
    await client.create(path, { data: 'written' });
  } finally {
    await client.close();
  }
}

describe('quorum SASL on ZooKeeper 3.8', () => {
  const dir = scratch('zkop-quorum-sasl-38-');
  after(() => dir.cleanup('qsasl38'));

  it('is refused, naming the field, and nothing starts', async () => {
    await assert.rejects(
      up(dir.manifest('qsasl38.yaml', manifest('qsasl38', '3.8.3')), { stateDir: dir.stateDir }),
      (e: PlatformError) =>
        /nothing was started/.test(e.message) &&
        /^ {2}spec\.auth\.quorum\.sasl: needs ZooKeeper 3\.9\.x/.test(e.details),
    );
    assert.equal(readState(dir.stateDir, 'qsasl38'), undefined);
  });
});

for (const version of ['3.9.4']) {
  describe(`quorum SASL on a local ensemble, ZooKeeper ${version}`, () => {
    const name = `qsasl${version.replaceAll('.', '')}`;
    const dir = scratch('zkop-quorum-sasl-');
    const { stateDir } = dir;
    const log = (id: number) => join(memberPaths(stateDir, name, id).logs, LOG_FILE_NAME);
    let outsider: { pid: number; startTime: number } | undefined;
    after(async () => {
      if (outsider) await stopProcess(outsider.pid, { startTime: outsider.startTime, graceMs: 2_000 });
      await dir.cleanup(name);
    });

    it('up starts three members that authenticate each other with SASL, form a quorum and serve writes', async () => {
      const result = await up(dir.manifest('qsasl.yaml', manifest(name, version)), { stateDir });
      assert.equal(result.outcome, 'created');
      assert.equal(result.status.healthy, true);
      await write(clientAddresses(stateDir, name), '/written');
      const password = readState(stateDir, name)?.quorumPassword ?? '';
      assert.ok(password.length >= 24);
      for (const id of [1, 2, 3]) {
        const { conf, zooCfg } = memberPaths(stateDir, name, id);
        assert.match(readFileSync(zooCfg, 'utf8'), /^quorum\.auth\.serverRequireSasl=true$/m);
        const jaas = join(conf, JAAS_FILE);
        assert.equal((statSync(jaas).mode & 0o777).toString(8), '600');
        assert.ok(readFileSync(jaas, 'utf8').includes(`password="${password}"`));
      }
      // Every member either authenticated a learner or was authenticated as one.
      for (const id of [1, 2, 3]) assert.match(readFileSync(log(id), 'utf8'), SASL_DONE);
    });

    it('a member with a wrong quorum password stays out; the other two keep serving writes', async () => {
      const state = readState(stateDir, name);
      const recorded = state?.processes['3'];
      assert.ok(state?.quorumPassword && recorded);
      const [java = '', ...args] = readFileSync(`/proc/${recorded.pid}/cmdline`, 'utf8')
        .split('\0')
        .filter((a) => a !== '');
      await stopProcess(recorded.pid, { startTime: recorded.startTime, graceMs: 5_000 });
      const paths = memberPaths(stateDir, name, 3);
      const jaas = join(paths.conf, JAAS_FILE);
      writeFileSync(jaas, readFileSync(jaas, 'utf8').replaceAll(state.quorumPassword, 'not-the-password'));
      const logged = readFileSync(log(3), 'utf8').length;
      outsider = await startDetached(java, { args, cwd: paths.root, logFile: paths.consoleLog });
      await eventually(
        () => SASL_FAILED.test(readFileSync(log(3), 'utf8').slice(logged)),
        30_000,
        'member 3 to fail quorum authentication',
      );
      await write(clientAddresses(stateDir, name, [1, 2]), '/without-3');
      for (let poll = 0; poll < 6; poll++) {
        const modes = await srvrById(stateDir, name);
        assert.equal(modes.get(3), undefined);
        assert.deepEqual([modes.get(1)?.mode, modes.get(2)?.mode].sort(), ['follower', 'leader']);
        await sleep(500);
      }
      // The control: the same command line with the right password joins again.
      await stopProcess(outsider.pid, { startTime: outsider.startTime, graceMs: 5_000 });
      writeFileSync(jaas, readFileSync(jaas, 'utf8').replaceAll('not-the-password', state.quorumPassword));
      outsider = await startDetached(java, { args, cwd: paths.root, logFile: paths.consoleLog });
      await eventually(
        async () => (await srvrById(stateDir, name)).get(3)?.mode === 'follower',
        30_000,
        'member 3 to follow with the right password',
      );
    });
  });
}
