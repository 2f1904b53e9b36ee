import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1ConfigMap, V1Service, V1StatefulSet } from '@kubernetes/client-node';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import type { QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import { CLIENT_TLS_ANNOTATION, CONFIG_HASH_ANNOTATION, QUORUM_TLS_ANNOTATION } from './metadata.ts';
import { renderObjects } from './render-objects.ts';
import { INIT_ENV, SCRIPTS, TLS_FILES_SCRIPT } from './scripts.ts';
import { findObject, podSpecOf, storedZooKeeper } from './testing/test-helpers.ts';
import { TLS_DIR, TLS_FILES_CONTAINER, TLS_SOURCE_DIR } from './tls.ts';

const CLIENT_TLS: Partial<ZooKeeperSpec> = { tls: { client: { enabled: true } } };
const QUORUM_TLS: Partial<ZooKeeperSpec> = { tls: { quorum: { enabled: true } } };

const render = (spec: Partial<ZooKeeperSpec>, quorumTls?: QuorumTlsStage) =>
  renderObjects(storedZooKeeper(spec), quorumTls ? { quorumTls } : {});
const zooCfg = (objects: ReturnType<typeof render>) =>
  findObject<V1ConfigMap>(objects, 'ConfigMap').data?.['zoo.cfg'] ?? '';
const template = (objects: ReturnType<typeof render>) =>
  findObject<V1StatefulSet>(objects, 'StatefulSet').spec?.template;

describe('TLS in the pods', () => {
  test('client TLS: clients reach the secure port through every Service, the plain one listens on loopback only', () => {
    const objects = render(CLIENT_TLS);
    for (const service of objects.filter((o): o is V1Service => o.kind === 'Service')) {
      const ports = service.spec?.ports?.map((p) => `${p.name}:${p.port}`) ?? [];
      if (service.metadata?.name === 'zk-admin') continue;
      assert.ok(ports.includes('client-tls:2281'), `${service.metadata?.name}: ${ports}`);
      assert.ok(!ports.some((p) => p.startsWith('client:')), `${service.metadata?.name}: ${ports}`);
    }
    const configMap = findObject<V1ConfigMap>(objects, 'ConfigMap').data ?? {};
    assert.match(
      configMap['zoo.cfg.dynamic'] ?? '',
      /^server\.1=zk-0\.demo\.svc\.cluster\.local:2888:3888:participant;127\.0\.0\.1:2181$/m,
    );
    assert.match(zooCfg(objects), /^secureClientPort=2281$/m);
    const pod = podSpecOf(objects);
    const init = pod.initContainers?.find((c) => c.name === 'prepare-config');
    assert.equal(init?.env?.find((e) => e.name === INIT_ENV.clientBindAddress)?.value, '127.0.0.1');
    assert.equal(template(objects)?.metadata?.annotations?.[CLIENT_TLS_ANNOTATION], 'true');
  });

  test('while client TLS is turned on or off, the Services and the NetworkPolicy expose both client ports', () => {
    const objects = renderObjects(storedZooKeeper(CLIENT_TLS), {
      clientPorts: { plain: true, secure: true },
      networkPolicy: true,
      operatorNamespace: 'zkop-system',
    });
    for (const service of objects.filter((o): o is V1Service => o.kind === 'Service')) {
      if (service.metadata?.name === 'zk-admin') continue;
      const ports = service.spec?.ports?.map((p) => `${p.name}:${p.port}`) ?? [];
      assert.ok(
        ports.includes('client:2181') && ports.includes('client-tls:2281'),
        `${service.metadata?.name}`,
      );
    }
    const policy = JSON.stringify(objects.find((o) => o.kind === 'NetworkPolicy'));
    assert.match(policy, /"port":2181/);
    assert.match(policy, /"port":2281/);
  });

  test('a sidecar started before the others turns the certificate Secret into the stores ZooKeeper reads', () => {
    for (const [spec, secret] of [
      [QUORUM_TLS, 'zk-tls'],
      [{ tls: { client: { enabled: true }, secretName: 'my-certs' } }, 'zk-tls'],
    ] as const) {
      const pod = podSpecOf(render(spec));
      const [first] = pod.initContainers ?? [];
      assert.equal(first?.name, TLS_FILES_CONTAINER);
      assert.equal(first?.restartPolicy, 'Always');
      assert.deepEqual(first?.command?.slice(1), [`/zkop/${TLS_FILES_SCRIPT}`, TLS_SOURCE_DIR, TLS_DIR]);
      const source = pod.volumes?.find((v) => v.secret);
      assert.equal(source?.secret?.secretName, secret);
      const server = pod.containers.find((c) => c.name === 'zookeeper');
      const stores = server?.volumeMounts?.find((m) => m.mountPath === TLS_DIR);
      assert.equal(stores?.readOnly, true);
      assert.equal(pod.volumes?.find((v) => v.name === stores?.name)?.emptyDir?.medium, 'Memory');
    }
  });

  test('without TLS: no sidecar, no certificate volume, the plain client port on every interface', () => {
    const objects = render({});
    const pod = podSpecOf(objects);
    assert.deepEqual(
      pod.initContainers?.map((c) => c.name),
      ['prepare-config'],
    );
    assert.ok(!pod.volumes?.some((v) => v.secret));
    assert.doesNotMatch(zooCfg(objects), /ssl|secureClientPort/);
    assert.equal(template(objects)?.metadata?.annotations?.[QUORUM_TLS_ANNOTATION], 'plaintext');
    assert.equal(template(objects)?.metadata?.annotations?.[CLIENT_TLS_ANNOTATION], 'false');
  });

  test('each quorum stage gives its own zoo.cfg and annotation but the same config hash: the stage is rolled by itself', () => {
    const stages: QuorumTlsStage[] = ['plaintext', 'accept-tls', 'dial-tls', 'tls'];
    const rendered = stages.map((stage) => render(QUORUM_TLS, stage));
    assert.equal(new Set(rendered.map(zooCfg)).size, 4);
    assert.deepEqual(
      rendered.map((o) => template(o)?.metadata?.annotations?.[QUORUM_TLS_ANNOTATION]),
      stages,
    );
    assert.equal(
      new Set(rendered.map((o) => template(o)?.metadata?.annotations?.[CONFIG_HASH_ANNOTATION])).size,
      1,
    );
    // Peers connect from pod addresses, which have no name their certificates could carry.
    assert.match(zooCfg(rendered[3] ?? []), /^ssl\.quorum\.clientHostnameVerification=false$/m);
  });
});

describe('tls-files.sh', () => {
  const root = mkdtempSync(join(tmpdir(), 'zkop-tls-files-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('writes the stores once the Secret has every key, and replaces a store by rename only when it changes', async () => {
    const source = join(root, 'source');
    const dir = join(root, 'tls');
    mkdirSync(source);
    mkdirSync(dir);
    const script = join(root, TLS_FILES_SCRIPT);
    writeFileSync(script, SCRIPTS[TLS_FILES_SCRIPT] ?? '');
    const child = spawn('bash', [script, source, dir, '0.1'], { stdio: 'ignore' });
    after(() => child.kill('SIGKILL'));
    const keyStore = join(dir, 'keystore.pem');
    const trustStore = join(dir, 'truststore.pem');
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 150 && !check(); i++) await sleep(100);
      assert.ok(check());
    };
    writeFileSync(join(source, 'tls.key'), '-----KEY-----');
    writeFileSync(join(source, 'tls.crt'), '-----CERT-----\n');
    await sleep(300);
    assert.throws(() => statSync(keyStore), 'nothing before ca.crt is there');
    writeFileSync(join(source, 'ca.crt'), '-----CA-----\n');
    await until(() => {
      try {
        return readFileSync(trustStore, 'utf8') === '-----CA-----\n';
      } catch {
        return false;
      }
    });
    assert.equal(readFileSync(keyStore, 'utf8'), '-----KEY-----\n-----CERT-----\n');
    const before = { key: statSync(keyStore).ino, trust: statSync(trustStore).ino };
    writeFileSync(join(source, 'tls.crt'), '-----RENEWED-----\n');
    await until(() => readFileSync(keyStore, 'utf8').includes('RENEWED'));
    assert.notEqual(statSync(keyStore).ino, before.key, 'a new file took its place');
    assert.equal(statSync(trustStore).ino, before.trust, 'an unchanged store is left alone');
  });

  test('ends on SIGTERM by its own trap (as the first process of its container bash would ignore the signal), without waiting out its sleep', async () => {
    const script = join(root, TLS_FILES_SCRIPT);
    writeFileSync(script, SCRIPTS[TLS_FILES_SCRIPT] ?? '');
    const child = spawn('bash', [script, join(root, 'none'), join(root, 'none'), '30'], { stdio: 'ignore' });
    await sleep(300);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'ended by the trap, not by the signal');
  });
});
