import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyDefaults } from '../api/defaults.ts';
import { releaseFeatures } from '../api/versions.ts';
import { memberAuth } from './auth-entries.ts';
import { finalAuthStage, NO_AUTH } from './auth-stage.ts';
import { clientSection, quorumSections, serverSection } from './jaas.ts';

const credentials = { superPassword: 's3cret', users: [] };
const JAAS = '/m/1/conf/jaas.conf';

describe('memberAuth', () => {
  test('nothing without authentication', () => {
    const spec = applyDefaults({ version: '3.9.4' });
    assert.deepEqual(memberAuth(spec, releaseFeatures('3.9.4'), NO_AUTH, undefined, undefined), {
      zooCfg: [],
      jvmFlags: [],
    });
  });

  test('client SASL: FIPS mode off on 3.9 only, enforcement unless unauthenticated sessions are allowed', () => {
    const enforced = applyDefaults({ version: '3.9.4', auth: { client: { sasl: true } } });
    const on39 = memberAuth(enforced, releaseFeatures('3.9.4'), finalAuthStage(enforced), credentials, JAAS);
    assert.deepEqual(on39.jvmFlags, [
      `-Djava.security.auth.login.config=${JAAS}`,
      '-Dzookeeper.fips-mode=false',
      '-Dzookeeper.enforce.auth.enabled=true',
      '-Dzookeeper.enforce.auth.schemes=sasl',
    ]);
    const on38 = memberAuth(enforced, releaseFeatures('3.8.3'), finalAuthStage(enforced), credentials, JAAS);
    assert.ok(!on38.jvmFlags.includes('-Dzookeeper.fips-mode=false'));
    const allowing = applyDefaults({
      version: '3.9.4',
      auth: { client: { sasl: true, allowUnauthenticated: true } },
    });
    const accept = memberAuth(
      allowing,
      releaseFeatures('3.9.4'),
      finalAuthStage(allowing),
      credentials,
      JAAS,
    );
    assert.ok(!accept.jvmFlags.some((f) => f.startsWith('-Dzookeeper.enforce.auth')));
    assert.match(accept.jaas ?? '', /user_super="s3cret"/);
  });

  test("tenants' users join the Server section, and their quotas are enforced", () => {
    const spec = applyDefaults({ version: '3.8.3', auth: { client: { sasl: true } } });
    const users = [
      { name: 'orders', password: 'o-pw' },
      { name: 'billing', password: 'b-pw' },
    ];
    const auth = memberAuth(
      spec,
      releaseFeatures('3.8.3'),
      finalAuthStage(spec),
      { ...credentials, users },
      JAAS,
    );
    assert.equal(
      auth.jaas,
      'Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n' +
        '  user_super="s3cret"\n  user_orders="o-pw"\n  user_billing="b-pw";\n};\n',
    );
    assert.ok(auth.jvmFlags.includes('-Dzookeeper.enforceQuota=true'));
    const alone = memberAuth(spec, releaseFeatures('3.8.3'), finalAuthStage(spec), credentials, JAAS);
    assert.ok(!alone.jvmFlags.includes('-Dzookeeper.enforceQuota=true'));
  });

  test('refuses to render without what authentication needs', () => {
    const spec = applyDefaults({ version: '3.9.4', auth: { client: { sasl: true } } });
    const stage = finalAuthStage(spec);
    assert.throws(() => memberAuth(spec, releaseFeatures('3.9.4'), stage, undefined, JAAS), /credentials/);
    assert.throws(() => memberAuth(spec, releaseFeatures('3.9.4'), stage, credentials, undefined), /JAAS/);
  });
});

describe('JAAS sections', () => {
  test('refuse what a JAAS file cannot carry', () => {
    assert.throws(() => serverSection([]), /at least one user/);
    assert.throws(() => serverSection([{ name: 'a b', password: 'p' }]), /cannot be written/);
    assert.throws(() => serverSection([{ name: 'a', password: 'p"q' }]), /double quote/);
    assert.throws(() => quorumSections('p\\q'), /backslash/);
  });

  test('a client section names the user and password', () => {
    assert.equal(
      clientSection({ name: 'orders', password: 'pw' }),
      'Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="orders"\n  password="pw";\n};\n',
    );
  });
});
