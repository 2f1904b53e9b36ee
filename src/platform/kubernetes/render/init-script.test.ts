/**
 * The init script run with bash against a temporary directory standing in for the pod's volumes,
 * with the environment the rendered init container sets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { serverLine } from '../../../config/dynamic-config.ts';
import { renderContext } from './context.ts';
import { memberServerEntry } from './members.ts';
import { renderObjects } from './render-objects.ts';
import { INIT_ENV, INIT_SCRIPT } from './scripts.ts';
import { findObject, podSpecOf, storedZooKeeper } from './test-helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'zkop-init-'));
after(() => rmSync(root, { recursive: true, force: true }));

const zk = storedZooKeeper({ replicas: 3 }, 'my-zk');
const objects = renderObjects(zk);
const configMap = findObject<V1ConfigMap>(objects, 'ConfigMap').data ?? {};
const initEnv = podSpecOf(objects).initContainers?.[0]?.env ?? [];

let podCount = 0;

/** A pod's volumes: the ConfigMap files in `source`, an empty data volume. */
function newPod() {
  const dir = join(root, `pod-${podCount++}`);
  const source = join(dir, 'zkop');
  const conf = join(dir, 'data', 'conf');
  mkdirSync(source, { recursive: true });
  for (const [file, content] of Object.entries(configMap)) {
    // The paths inside zoo.cfg point into the pod; here they point into the stand-in directory.
    writeFileSync(
      join(source, file),
      file === 'zoo.cfg' ? content.replaceAll('/data/', `${dir}/data/`) : content,
    );
  }
  return { dir, source, conf, dataDir: join(dir, 'data', 'data') };
}

function runInit(pod: ReturnType<typeof newPod>, podName: string): void {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const variable of initEnv) if (variable.value !== undefined) env[variable.name] = variable.value;
  Object.assign(env, {
    [INIT_ENV.podName]: podName,
    [INIT_ENV.sourceDir]: pod.source,
    [INIT_ENV.confDir]: pod.conf,
    [INIT_ENV.dataDir]: pod.dataDir,
    [INIT_ENV.dataLogDir]: pod.dataDir,
  });
  execFileSync('bash', [join(pod.source, INIT_SCRIPT)], { env, timeout: 10_000 });
}

const read = (path: string) => readFileSync(path, 'utf8');

describe('init.sh', () => {
  test('a listed member gets myid = ordinal + 1, the committed config and the static config', () => {
    const pod = newPod();
    runInit(pod, 'my-zk-1');
    assert.equal(read(join(pod.dataDir, 'myid')), '2\n');
    assert.equal(read(join(pod.conf, 'zoo.cfg.dynamic')), configMap['zoo.cfg.dynamic']);
    assert.equal(read(join(pod.conf, 'zoo.cfg')), read(join(pod.source, 'zoo.cfg')));
    assert.equal(read(join(pod.conf, 'logback.xml')), configMap['logback.xml']);
  });

  test('a joining member adds itself as an observer, with the line reconfigs use', () => {
    const pod = newPod();
    runInit(pod, 'my-zk-3');
    assert.equal(read(join(pod.dataDir, 'myid')), '4\n');
    const self = memberServerEntry(
      { name: 'my-zk', namespace: 'demo', ports: renderContext(zk).spec.ports },
      4,
      'observer',
    );
    assert.equal(
      read(join(pod.conf, 'zoo.cfg.dynamic')),
      `${configMap['zoo.cfg.dynamic']}${serverLine(self)}\n`,
    );
  });

  test('a restarted member keeps the dynamic config ZooKeeper last wrote and takes the new static config', () => {
    const pod = newPod();
    runInit(pod, 'my-zk-0');
    // What ZooKeeper does on reconfig: a dynamic config file named after the new config version, and
    // zoo.cfg (rewritten in its own key order) pointed at it.
    const versioned = join(pod.conf, 'zoo.cfg.dynamic.100000003');
    const committed = 'server.1=a:1:2:participant;0.0.0.0:3\nserver.2=b:1:2:participant;0.0.0.0:3\n';
    writeFileSync(versioned, committed);
    writeFileSync(join(pod.conf, 'zoo.cfg'), `tickTime=2000\ndynamicConfigFile=${versioned}\n`);
    writeFileSync(join(pod.source, 'zoo.cfg'), `${read(join(pod.source, 'zoo.cfg'))}snapCount=5000\n`);

    runInit(pod, 'my-zk-0');
    assert.equal(read(versioned), committed);
    const expected = read(join(pod.source, 'zoo.cfg')).replace(
      /^dynamicConfigFile=.*$/m,
      `dynamicConfigFile=${versioned}`,
    );
    assert.equal(read(join(pod.conf, 'zoo.cfg')), expected);
    assert.match(expected, /snapCount=5000/);
    assert.equal(read(join(pod.dataDir, 'myid')), '1\n');
  });

  test('a member whose dynamic config file is gone starts again from the ConfigMap', () => {
    const pod = newPod();
    mkdirSync(pod.conf, { recursive: true });
    writeFileSync(
      join(pod.conf, 'zoo.cfg'),
      `dynamicConfigFile=${join(pod.conf, 'zoo.cfg.dynamic.missing')}\n`,
    );
    runInit(pod, 'my-zk-2');
    assert.equal(read(join(pod.conf, 'zoo.cfg.dynamic')), configMap['zoo.cfg.dynamic']);
    assert.match(
      read(join(pod.conf, 'zoo.cfg')),
      new RegExp(`^dynamicConfigFile=${join(pod.conf, 'zoo.cfg.dynamic')}$`, 'm'),
    );
  });

  test('member ids count past nine', () => {
    const pod = newPod();
    runInit(pod, 'my-zk-10');
    assert.equal(read(join(pod.dataDir, 'myid')), '11\n');
    assert.match(
      read(join(pod.conf, 'zoo.cfg.dynamic')),
      /^server\.11=my-zk-10\.my-zk-hs\.demo\.svc\.cluster\.local:/m,
    );
  });
});
