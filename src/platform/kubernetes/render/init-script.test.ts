/**
 * The init script run with bash against a temporary directory standing in for the pod's volumes,
 * with the environment the rendered init container sets.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { serverLine } from '../../../config/dynamic-config.ts';
import { renderContext } from './context.ts';
import { memberServerEntry } from './members.ts';
import { renderObjects } from './render-objects.ts';
import { INIT_ENV, INIT_SCRIPT } from './scripts.ts';
import { findObject, podSpecOf, storedZooKeeper } from './testing/test-helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'zkop-init-'));
chmodSync(root, 0o755);
after(() => rmSync(root, { recursive: true, force: true }));

const zk = storedZooKeeper({ replicas: 3 }, 'my-zk');
const objects = renderObjects(zk);
const configMap = findObject<V1ConfigMap>(objects, 'ConfigMap').data ?? {};
const initEnv = podSpecOf(objects).initContainers?.[0]?.env ?? [];

let podCount = 0;

/**
 * The pod's user, as in the pod: not root (root would write to the read-only ConfigMap files). When
 * the tests run as root the script runs as nobody, owning the data volume as fsGroup makes the pod's
 * user do.
 */
const POD_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

/** A pod's volumes: the ConfigMap files in `source` (read-only, as mounted), an empty data volume. */
function newPod(data: Record<string, string> = configMap) {
  const dir = join(root, `pod-${podCount++}`);
  const source = join(dir, 'zkop');
  const conf = join(dir, 'data', 'conf');
  mkdirSync(source, { recursive: true });
  for (const [file, content] of Object.entries(data)) {
    // The paths inside zoo.cfg point into the pod; here they point into the stand-in directory.
    writeFileSync(
      join(source, file),
      file === 'zoo.cfg' ? content.replaceAll('/data/', `${dir}/data/`) : content,
      { mode: 0o444 },
    );
  }
  return { dir, source, conf, dataDir: join(dir, 'data', 'data') };
}

/**
 * A stand-in for `getent hosts` that resolves the names listed in `resolvable` and logs every
 * question to `asked`.
 */
function fakeGetent(dir: string, resolvable: readonly string[]): { path: string; asked: string } {
  const bin = join(dir, 'bin');
  const asked = join(dir, 'getent.log');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'getent'),
    `#!/bin/bash\necho "$2" >> ${asked}\ncase " ${resolvable.join(' ')} " in *" $2 "*) echo "10.0.0.1 $2" ;; *) exit 2 ;; esac\n`,
    { mode: 0o755 },
  );
  writeFileSync(asked, '');
  chmodSync(asked, 0o666);
  return { path: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, asked };
}

function runInit(
  pod: ReturnType<typeof newPod>,
  podName: string,
  extraEnv: Record<string, string> = {},
): string {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const variable of initEnv) if (variable.value !== undefined) env[variable.name] = variable.value;
  Object.assign(env, {
    [INIT_ENV.podName]: podName,
    [INIT_ENV.sourceDir]: pod.source,
    [INIT_ENV.confDir]: pod.conf,
    [INIT_ENV.dataDir]: pod.dataDir,
    [INIT_ENV.dataLogDir]: pod.dataDir,
    [INIT_ENV.peerWaitSeconds]: '0',
    ...extraEnv,
  });
  mkdirSync(join(pod.dir, 'data'), { recursive: true });
  if (POD_USER) execFileSync('chown', ['-R', `${POD_USER.uid}:${POD_USER.gid}`, join(pod.dir, 'data')]);
  const run = spawnSync('bash', [join(pod.source, INIT_SCRIPT)], {
    env,
    timeout: 10_000,
    encoding: 'utf8',
    ...POD_USER,
  });
  assert.equal(run.status, 0, `init.sh failed: ${run.stderr}`);
  return `${run.stdout}${run.stderr}`;
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
      { name: 'my-zk', namespace: 'demo', ports: renderContext(zk).spec.ports, clientTls: false },
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

  test('its own line names the plain client address this start binds; the other lines stay as ZooKeeper wrote them', () => {
    const pod = newPod();
    runInit(pod, 'my-zk-1');
    const versioned = join(pod.conf, 'zoo.cfg.dynamic.100000003');
    const committed = 'server.1=a:1:2:participant;0.0.0.0:3\nserver.2=b:1:2:participant;0.0.0.0:3\n';
    writeFileSync(versioned, committed);
    writeFileSync(join(pod.conf, 'zoo.cfg'), `tickTime=2000\ndynamicConfigFile=${versioned}\n`);
    runInit(pod, 'my-zk-1', { [INIT_ENV.clientBindAddress]: '127.0.0.1' });
    assert.equal(
      read(versioned),
      'server.1=a:1:2:participant;0.0.0.0:3\nserver.2=b:1:2:participant;127.0.0.1:3\n',
    );
    // Started again without client TLS: every interface again.
    runInit(pod, 'my-zk-1', { [INIT_ENV.clientBindAddress]: '0.0.0.0' });
    assert.equal(read(versioned), committed);
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

  test('after reconfigs, a joiner names its config after the committed version, so the leader keeps it', () => {
    const committed = [1, 2, 3].map((id) => ({ id, role: 'participant' as const }));
    const later = renderObjects(zk, { committedMembers: committed, configVersion: 0x100000003n });
    const pod = newPod(findObject<V1ConfigMap>(later, 'ConfigMap').data);
    runInit(pod, 'my-zk-3');
    const versioned = join(pod.conf, 'zoo.cfg.dynamic.100000003');
    assert.match(read(versioned), /^server\.4=my-zk-3\.demo\.svc\.cluster\.local:.*:observer;/m);
    assert.match(read(join(pod.conf, 'zoo.cfg')), new RegExp(`^dynamicConfigFile=${versioned}$`, 'm'));
  });

  test("a joiner that holds the leader's config without itself joins again at its next start", () => {
    const pod = newPod();
    runInit(pod, 'my-zk-3');
    // What ZooKeeper does when the leader's config is newer: writes it, and zoo.cfg points at it.
    const leaders = join(pod.conf, 'zoo.cfg.dynamic.100000000');
    writeFileSync(leaders, configMap['zoo.cfg.dynamic'] ?? '');
    writeFileSync(join(pod.conf, 'zoo.cfg'), `tickTime=2000\ndynamicConfigFile=${leaders}\n`);
    runInit(pod, 'my-zk-3');
    const dynamic = /^dynamicConfigFile=(.+)$/m.exec(read(join(pod.conf, 'zoo.cfg')))?.[1] ?? '';
    assert.match(read(dynamic), /^server\.4=.*:observer;/m);
  });

  test('the joiner whose vote the new voters need lists itself as a participant, without a version', () => {
    const lone = storedZooKeeper({ replicas: 3 }, 'my-zk');
    const committed = [{ id: 1, role: 'participant' as const }];
    const data = findObject<V1ConfigMap>(
      renderObjects(lone, { committedMembers: committed, configVersion: 0x100000000n }),
      'ConfigMap',
    ).data;
    const pod = newPod(data);
    runInit(pod, 'my-zk-1');
    const dynamic = read(join(pod.conf, 'zoo.cfg.dynamic'));
    assert.match(dynamic, /^server\.1=.*:participant;/m);
    assert.match(dynamic, /^server\.2=my-zk-1\..*:participant;/m);
    assert.doesNotMatch(dynamic, /^server\.3=/m);

    // A member that started as an observer joiner before it had to vote joins again as a participant.
    const earlier = newPod(data);
    mkdirSync(earlier.conf, { recursive: true });
    const observerFile = join(earlier.conf, 'zoo.cfg.dynamic.100000000');
    writeFileSync(observerFile, `${data?.['zoo.cfg.dynamic']}server.2=x:1:2:observer;0.0.0.0:2181\n`);
    writeFileSync(join(earlier.conf, 'zoo.cfg'), `dynamicConfigFile=${observerFile}\n`);
    runInit(earlier, 'my-zk-1');
    assert.match(read(join(earlier.conf, 'zoo.cfg')), /^dynamicConfigFile=.*\/zoo\.cfg\.dynamic$/m);
    assert.match(read(join(earlier.conf, 'zoo.cfg.dynamic')), /^server\.2=my-zk-1\..*:participant;/m);
  });

  test('a member waits for a majority of the voters to resolve, never for its own name, and not forever', () => {
    const host = (ordinal: number) => `my-zk-${ordinal}.demo.svc.cluster.local`;
    const wait = { [INIT_ENV.peerWaitSeconds]: '3' };
    // Member 1 of 3 needs one other voter: member 2 answers at once.
    const quick = newPod();
    const answering = fakeGetent(quick.dir, [host(1)]);
    runInit(quick, 'my-zk-0', { ...wait, PATH: answering.path });
    assert.deepEqual(read(answering.asked).trim().split('\n'), [host(1), host(2)]);
    // No other voter resolves: it asks once a second for as long as it may, then starts anyway.
    const alone = newPod();
    const silent = fakeGetent(alone.dir, []);
    runInit(alone, 'my-zk-0', { ...wait, PATH: silent.path });
    const asked = read(silent.asked).trim().split('\n');
    assert.equal(asked.length, 3 * 2);
    assert.ok(!asked.includes(host(0)), 'never its own name');
    assert.equal(read(join(alone.dataDir, 'myid')), '1\n');
  });

  test('member ids count past nine', () => {
    const pod = newPod();
    runInit(pod, 'my-zk-10');
    assert.equal(read(join(pod.dataDir, 'myid')), '11\n');
    assert.match(
      read(join(pod.conf, 'zoo.cfg.dynamic')),
      /^server\.11=my-zk-10\.demo\.svc\.cluster\.local:/m,
    );
  });
});

/**
 * An image stand-in: a Java `release` file of `javaVersion`; a `java` that logs its arguments and, for
 * `-Xshare:dump`, writes the archive named by -XX:SharedArchiveFile from the class list and class
 * path it was given (or fails, as the JVM does, on a list reading "bad"); `zkServer.sh` and a
 * `zkEnv.sh` giving the class path on the PATH, beside a lib directory.
 */
function fakeImage(dir: string, javaVersion: string) {
  const javaHome = join(dir, 'jdk');
  const home = join(dir, 'zookeeper');
  const tried = join(dir, 'java.log');
  mkdirSync(join(javaHome, 'bin'), { recursive: true });
  mkdirSync(join(home, 'bin'), { recursive: true });
  mkdirSync(join(home, 'lib'), { recursive: true });
  writeFileSync(join(javaHome, 'release'), `JAVA_VERSION="${javaVersion}"\n`);
  writeFileSync(
    join(javaHome, 'bin', 'java'),
    `#!/bin/bash
echo "$*" >> ${tried}
[ "$1" = -Xshare:dump ] || exit 0
for arg in "$@"; do
  case "$arg" in -XX:SharedArchiveFile=*) archive="\${arg#*=}" ;; -XX:SharedClassListFile=*) list="\${arg#*=}" ;; esac
  [ "\${previous:-}" != -cp ] || cp="$arg"
  previous="$arg"
done
if grep -qs bad "$list"; then echo "Error: the class list is bad"; exit 1; fi
printf 'archive of %s for %s' "$(head -n 1 "$list")" "$cp" > "$archive"
`,
    { mode: 0o755 },
  );
  writeFileSync(join(home, 'bin', 'zkServer.sh'), '', { mode: 0o755 });
  writeFileSync(
    join(home, 'bin', 'zkEnv.sh'),
    `CLASSPATH="${join(home, 'lib', 'zookeeper.jar')}:$ZOOCFGDIR"\n`,
  );
  writeFileSync(join(home, 'lib', 'zookeeper.jar'), 'jar');
  writeFileSync(tried, '');
  chmodSync(tried, 0o666);
  return {
    env: { JAVA_HOME: javaHome, PATH: `${join(home, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    classPath: `${join(home, 'lib', 'zookeeper.jar')}`,
    tried,
  };
}

describe('init.sh: class-data sharing', () => {
  const archiveDir = (pod: ReturnType<typeof newPod>) => join(pod.dir, 'data', 'jvm');
  const runWith = (pod: ReturnType<typeof newPod>, env: Record<string, string>) =>
    runInit(pod, 'my-zk-0', { ...env, [INIT_ENV.classArchiveDir]: archiveDir(pod) });
  /** The flags java.env hands the server, by name. */
  const flagsOf = (pod: ReturnType<typeof newPod>): Record<string, string> => {
    const line = /^SERVER_JVMFLAGS="\$\{SERVER_JVMFLAGS:-\} (.*)"$/m.exec(read(join(pod.conf, 'java.env')));
    return Object.fromEntries((line?.[1] ?? '').split(' ').map((f) => f.split('=') as [string, string]));
  };
  /** What the server's run writes as it loads classes. */
  const runServer = (pod: ReturnType<typeof newPod>, classes: string[]) =>
    writeFileSync(flagsOf(pod)['-XX:DumpLoadedClassList'] ?? '', `${classes.join('\n')}\n`);
  const archives = (pod: ReturnType<typeof newPod>) =>
    readdirSync(archiveDir(pod)).filter((f) => f.endsWith('.jsa'));

  test('the first start records the classes it loads; the next builds an archive of them before the server starts, and maps it', () => {
    const pod = newPod();
    const image = fakeImage(pod.dir, '17.0.15');
    runWith(pod, image.env);
    const list = join(archiveDir(pod), 'classes.lst');
    assert.deepEqual(flagsOf(pod), { '-XX:DumpLoadedClassList': `${list}.new` });

    runServer(pod, ['java/lang/Object', 'org/apache/zookeeper/server/quorum/QuorumPeerMain']);
    runWith(pod, image.env);
    const archive = flagsOf(pod)['-XX:SharedArchiveFile'] ?? '';
    assert.match(archive, /\/data\/jvm\/classes-\d+\.jsa$/);
    assert.equal(flagsOf(pod)['-XX:DumpLoadedClassList'], `${list}.new`);
    assert.equal(read(archive), `archive of java/lang/Object for ${image.classPath}:${pod.conf}`);
    assert.match(read(list), /QuorumPeerMain/);
    assert.doesNotMatch(read(image.tried), /ArchiveClassesAtExit/);
  });

  test('other jars or other JVM flags build a new archive from the last list and drop the old one', () => {
    const pod = newPod();
    const image = fakeImage(pod.dir, '17.0.15');
    runWith(pod, image.env);
    runServer(pod, ['java/lang/Object']);
    runWith(pod, image.env);
    const first = flagsOf(pod)['-XX:SharedArchiveFile'];
    runServer(pod, ['java/lang/Object']);
    runWith(pod, { ...image.env, [INIT_ENV.jvmFlags]: '-Xmx2g -XX:+UseSerialGC -Dx=*' });
    const second = flagsOf(pod)['-XX:SharedArchiveFile'];
    assert.ok(second && second !== first);
    assert.deepEqual(archives(pod), [second.split('/').at(-1)]);
    assert.match(read(image.tried), /-Xshare:dump .* -XX:\+UseSerialGC -cp /);
    assert.doesNotMatch(read(image.tried), /-Xmx2g|-Dx=/);
  });

  test('a list cut short (a server killed while it started) does not replace a longer one', () => {
    const pod = newPod();
    const image = fakeImage(pod.dir, '17.0.15');
    runWith(pod, image.env);
    runServer(pod, ['a', 'b', 'c', 'd']);
    runWith(pod, image.env);
    runServer(pod, ['a']);
    runWith(pod, image.env);
    assert.equal(read(join(archiveDir(pod), 'classes.lst')), 'a\nb\nc\nd\n');
  });

  test('when the archive cannot be built, the server starts without one and the init says why', () => {
    const pod = newPod();
    const image = fakeImage(pod.dir, '17.0.15');
    runWith(pod, image.env);
    runServer(pod, ['bad']);
    const output = runWith(pod, image.env);
    assert.equal(flagsOf(pod)['-XX:SharedArchiveFile'], undefined);
    assert.ok(flagsOf(pod)['-XX:DumpLoadedClassList']);
    assert.match(output, /class-data sharing: no archive: Error: the class list is bad/);
    assert.deepEqual(archives(pod), []);
  });

  test('a Java older than 11, no Java found, or an archive directory it cannot write: no java.env', () => {
    const readOnly = newPod();
    mkdirSync(archiveDir(readOnly), { recursive: true });
    chmodSync(archiveDir(readOnly), 0o555);
    for (const [pod, env] of [
      [newPod(), fakeImage(newPod().dir, '1.8.0_412').env],
      [newPod(), {}],
      [readOnly, fakeImage(readOnly.dir, '17.0.15').env],
    ] as const) {
      runWith(pod, env);
      assert.ok(!existsSync(join(pod.conf, 'java.env')));
    }
  });
});
