import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyDefaults } from '../api/defaults.ts';
import { javaArguments, jvmMemory, renderJvmFlags, SERVER_MAIN_CLASS } from './jvm-flags.ts';
import { renderLoggingConfig } from './logging.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';

describe('jvmMemory', () => {
  test('uses the largest exact JVM unit', () => {
    assert.equal(jvmMemory('512Mi'), '512m');
    assert.equal(jvmMemory('1Gi'), '1024m');
    assert.equal(jvmMemory('1.5Gi'), '1536m');
    assert.equal(jvmMemory('1G'), '1000000000');
    assert.equal(jvmMemory('2000k'), '2000000');
    assert.equal(jvmMemory('64Ki'), '64k');
    assert.equal(jvmMemory(1048576), '1m');
  });
  test('refuses zero and malformed quantities', () => {
    assert.throws(() => jvmMemory('0'), /must be positive/);
    assert.throws(() => jvmMemory('lots'), /not a quantity/);
  });
});

describe('renderJvmFlags', () => {
  const base = GOLDEN_CASES['defaults-3.9.4'];
  assert.ok(base);
  test('fixed heap, super digest, logging config, user flags last', () => {
    const spec = applyDefaults({ version: '3.9.4', jvm: { heap: '2Gi', flags: ['-Xmx3g'] } });
    const flags = renderJvmFlags({
      spec,
      self: base.self,
      logging: renderLoggingConfig('logback'),
      superDigest: 'D',
    });
    assert.deepEqual(flags.slice(0, 2), ['-Xms2048m', '-Xmx2048m']);
    assert.ok(flags.includes('-Dzookeeper.DigestAuthenticationProvider.superDigest=super:D'));
    assert.ok(flags.includes(`-Dlogback.configurationFile=${base.self.paths.confDir}/logback.xml`));
    assert.ok(flags.includes(`-Dzookeeper.log.dir=${base.self.paths.logDir}`));
    assert.equal(flags.at(-1), '-Xmx3g');
  });
  test('javaArguments puts the class path and server class before zoo.cfg', () => {
    assert.deepEqual(javaArguments(['-Xmx1m'], ['/a.jar', '/b.jar'], '/c/zoo.cfg'), [
      '-Xmx1m',
      '-cp',
      '/a.jar:/b.jar',
      SERVER_MAIN_CLASS,
      '/c/zoo.cfg',
    ]);
  });
});
