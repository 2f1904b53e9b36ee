/**
 * `zkop ui -n NS` against the test cluster, read with the kubeconfig only: /api/ensembles shows the
 * real members (pods, nodes, one leader, their zxids through the AdminServer over the API server's
 * pod proxy), conditions and the object's Events; /api/metrics their request counters through the
 * pod proxy. A user who may read the objects but not proxy to pods sees why, per member. During a
 * `zkop restart` the operation and its steps appear.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import type { KubernetesEnsembleView } from '../../src/ui/kubernetes/ensemble-view.ts';
import type { MemberMetrics } from '../../src/ui/member-metrics.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { kubeconfig, kubectlOk, root, waitFor } from '../cluster/cluster.ts';
import { openPage } from '../support/chromium.ts';
import { srvrByPod } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  installOperator,
  podAddress,
  SMALL_SPEC,
  testNamespace,
  waitReady,
  zooKeeperEvents,
} from './operator-install.ts';

const NAME = 'zk';
const WRITES = 20;
let ns = '';
const running: ChildProcess[] = [];
const shots = mkdtempSync(join(tmpdir(), 'zkop-ui-k8s-screenshots-'));

before(async () => {
  process.stderr.write(`screenshots: ${shots}\n`);
  installOperator();
  ns = testNamespace('zkop-e2e-ui');
  applyZooKeeper(ns, NAME, { ...SMALL_SPEC, replicas: 3 });
  await waitReady(ns, NAME, 600_000);
});

after(async () => {
  for (const ui of running) if (ui.exitCode === null) ui.kill('SIGKILL');
  if (ns) deleteNamespace(ns);
});

/** Starts `zkop ui` with `args`; its base URL once it says it listens. */
async function startUi(args: string[]): Promise<{ ui: ChildProcess; url: string }> {
  const ui = spawn(join(root, 'bin', 'zkop'), ['ui', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(ui);
  let stderr = '';
  ui.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: ui.stdout as NodeJS.ReadableStream });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    once(ui, 'exit').then(() => assert.fail(`zkop ui exited: ${stderr}`)),
  ]);
  const url = /^zkop ui: (http:\/\/127\.0\.0\.1:\d+\/) /.exec(first)?.[1];
  assert.ok(url, `zkop ui printed its URL: ${first}`);
  return { ui, url };
}

async function getJson<T>(url: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, url));
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

const ensembles = (url: string) => getJson<KubernetesEnsembleView[]>(url, '/api/ensembles');
const metrics = (url: string) => getJson<Record<string, Record<string, MemberMetrics>>>(url, '/api/metrics');

/** Reads and writes through each member, so each has requests to count. */
async function traffic(): Promise<bigint> {
  let last = 0n;
  for (const pod of ['zk-0', 'zk-1', 'zk-2']) {
    const client = await ZkClient.connect({
      servers: `${podAddress(ns, pod)}:2181`,
      connectTimeoutMs: 15_000,
    });
    try {
      for (let i = 0; i < WRITES; i++) {
        const { stat } = await client.create(`/ui-${pod}-${i}`);
        last = stat.czxid > last ? stat.czxid : last;
        await client.exists(`/ui-${pod}-${i}`);
      }
    } finally {
      await client.close();
    }
  }
  return last;
}

let url = '';

/** What the page shows in a browser, read from its DOM. */
const SHOWN = `(() => ({
  headers: [...document.querySelectorAll('table[data-members] thead th[scope=col]')].map((h) => h.textContent),
  rows: [...document.querySelectorAll('table[data-members] tbody tr')].map((r) => [...r.children].map((c) => c.textContent)),
  conditions: [...document.querySelectorAll('tr[data-condition]')].map((r) => r.dataset.condition + '=' + r.dataset.status),
  events: document.querySelectorAll('tr[data-event-reason]').length,
  connection: document.getElementById('connection')?.textContent ?? '',
  latest: [...document.querySelectorAll('.chart table tbody tr')].map((r) => [...r.children].map((c) => c.textContent.trim())),
}))()`;

interface Shown {
  headers: string[];
  rows: string[][];
  conditions: string[];
  events: number;
  connection: string;
  /** The chart's table: member, line, requests/s, mean latency from the metrics through the pod proxy. */
  latest: string[][];
}

/** Opens `pageUrl` in a headless Chromium until `check` holds of what it shows; a screenshot as `shot`. */
async function browse(pageUrl: string, shot: string, check: (s: Shown) => boolean): Promise<Shown> {
  const page = await openPage(pageUrl);
  try {
    let last: Shown | undefined;
    const shown = await waitFor(
      'the page to show what was asked',
      20_000,
      async () => {
        last = await page.evaluate<Shown>(SHOWN);
        return check(last) ? last : undefined;
      },
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it shows ${JSON.stringify(last)}`);
    });
    await page.screenshot(join(shots, shot));
    return shown;
  } finally {
    await page.close();
  }
}

test('the page reads the real members, their zxids, conditions and Events with the kubeconfig', async () => {
  const started = await startUi(['-n', ns, '--kubeconfig', kubeconfig]);
  url = started.url;
  const page = await (await fetch(url)).text();
  assert.match(page, new RegExp(`ZooKeeper objects in namespace ${ns}, read only`));

  const lastWrite = await traffic();
  const srvr = await srvrByPod(ns, NAME);
  const leaderPod = [...srvr].find(([, s]) => s?.mode === 'leader')?.[0];
  assert.ok(leaderPod, `one member leads: ${JSON.stringify([...srvr])}`);
  const view = await waitFor(
    'every member to show the last write',
    30_000,
    async () => {
      const [zk] = await ensembles(url);
      return zk?.members.every((m) => m.zxid !== null && BigInt(m.zxid) >= lastWrite) ? zk : undefined;
    },
    500,
  );
  assert.equal(view.name, NAME);
  assert.equal(view.namespace, ns);
  assert.equal(view.phase, 'Running');
  assert.equal(view.healthy, true);
  assert.deepEqual(
    view.members.map((m) => [m.id, m.pod, m.state]),
    [
      [1, 'zk-0', 'serving'],
      [2, 'zk-1', 'serving'],
      [3, 'zk-2', 'serving'],
    ],
  );
  assert.deepEqual(
    view.members.filter((m) => m.role === 'leader').map((m) => m.pod),
    [leaderPod],
  );
  const nodes = JSON.parse(
    kubectlOk(['-n', ns, 'get', 'pods', '-l', `app.kubernetes.io/instance=${NAME}`, '-o', 'json']),
  ) as { items: { metadata: { name: string }; spec: { nodeName: string } }[] };
  for (const m of view.members) {
    assert.equal(m.node, nodes.items.find((p) => p.metadata.name === m.pod)?.spec.nodeName);
    assert.equal(m.problem, null);
    assert.match(
      m.metricsUrl ?? '',
      new RegExp(`^/api/v1/namespaces/${ns}/pods/${m.pod}%3A\\d+/proxy/metrics$`),
    );
  }
  assert.equal(view.conditions.find((c) => c.type === 'Ready')?.status, 'True');
  assert.equal(view.committedConfig?.servers.length, 3);
  assert.equal(view.operation, undefined);

  const reasons = new Set(zooKeeperEvents(ns, NAME).map((e) => e.reason));
  assert.ok(view.events.length > 0, 'the creation left Events');
  for (const e of view.events)
    assert.ok(reasons.has(e.reason), `${e.reason} is one of ${[...reasons].join(', ')}`);

  const rated = (x: Shown) =>
    x.latest.length === 3 && x.latest.every((r) => /^\d+(\.\d+)?$/.test(r[2] ?? ''));
  const shown = await browse(url, 'members.png', (x) => x.rows.length === 3 && x.events > 0 && rated(x));
  assert.deepEqual(shown.headers, [
    'ID',
    'Role',
    'State',
    'ZXID',
    'Lag',
    'Version',
    'Pod',
    'Node',
    'Restarts',
    'Metrics',
    'Problem',
  ]);
  for (const [i, row] of shown.rows.entries()) {
    const m = view.members[i];
    assert.deepEqual(row.slice(0, 3), [String(m?.id), m?.role, 'serving']);
    assert.match(row[4] ?? '', /^\d+$/, 'lag behind the leader');
    assert.deepEqual(row.slice(6, 8), [m?.pod, m?.node]);
  }
  assert.ok(shown.conditions.includes('Ready=True'), shown.conditions.join(' '));

  const scraped = (await metrics(url))[NAME] ?? {};
  assert.deepEqual(Object.keys(scraped).sort(), ['1', '2', '3']);
  for (const [id, answer] of Object.entries(scraped)) {
    assert.ok(answer.up, `member ${id}'s metrics through the pod proxy: ${JSON.stringify(answer)}`);
    assert.ok(answer.requests >= WRITES, `member ${id} counted the requests sent to it: ${answer.requests}`);
  }
});

test('a user who may not proxy to pods sees the members and, per member, why there is no zxid or metrics', async () => {
  const user = 'ui-viewer';
  kubectlOk(['-n', ns, 'create', 'serviceaccount', user]);
  kubectlOk([
    '-n',
    ns,
    'create',
    'role',
    user,
    '--verb=get,list,watch',
    '--resource=zookeepers.zookeeper.zkop.dev,pods,events.events.k8s.io',
  ]);
  kubectlOk(['-n', ns, 'create', 'rolebinding', user, `--role=${user}`, `--serviceaccount=${ns}:${user}`]);
  const token = kubectlOk(['-n', ns, 'create', 'token', user, '--duration=10m']).trim();
  const cluster = JSON.parse(kubectlOk(['config', 'view', '--raw', '--minify', '-o', 'json'])) as {
    clusters: { name: string; cluster: Record<string, string> }[];
  };
  const file = join(mkdtempSync(join(tmpdir(), 'zkop-ui-viewer-')), 'kubeconfig');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: cluster.clusters,
      users: [{ name: user, user: { token } }],
      contexts: [{ name: user, context: { cluster: cluster.clusters[0]?.name, user, namespace: ns } }],
      'current-context': user,
    }),
    { mode: 0o600 },
  );
  const { ui, url: viewerUrl } = await startUi(['--kubeconfig', file, '--context', user]);
  const [zk] = await ensembles(viewerUrl);
  assert.deepEqual(
    zk?.members.map((m) => [m.pod, m.state, m.zxid]),
    [
      ['zk-0', 'serving', null],
      ['zk-1', 'serving', null],
      ['zk-2', 'serving', null],
    ],
  );
  for (const m of zk?.members ?? [])
    assert.match(
      m.problem ?? '',
      /refused by the API server \(HTTP 403\): .*cannot get resource "pods\/proxy"/,
    );
  assert.ok((zk?.events.length ?? 0) > 0);
  const scraped = (await metrics(viewerUrl))[NAME] ?? {};
  for (const answer of Object.values(scraped)) {
    assert.equal(answer.up, false);
    assert.match(answer.up ? '' : answer.problem, /HTTP 403.*pods\/proxy/);
  }
  ui.kill('SIGTERM');
  const [code] = await once(ui, 'exit');
  assert.equal(code, 0);

  // A namespace the user may not read: the page says why there is no update.
  const elsewhere = await startUi(['--kubeconfig', file, '--context', user, '-n', 'default']);
  const refused = await fetch(new URL('/api/ensembles', elsewhere.url));
  assert.equal(refused.status, 500);
  assert.match(((await refused.json()) as { error: string }).error, /forbidden/);
  const shown = await browse(elsewhere.url, 'forbidden.png', (x) => x.connection !== '');
  assert.match(
    shown.connection,
    /^No update \(\/api\/ensembles answered HTTP 500: .*forbidden.*\); showing what was last known\.$/,
  );
});

test('zkop restart is followed: the operation appears with its steps and ends, the members serve again', async () => {
  const restart = spawn(
    join(root, 'bin', 'zkop'),
    ['restart', NAME, '-n', ns, '--kubeconfig', kubeconfig, '--no-wait'],
    { stdio: 'inherit' },
  );
  const [code] = await once(restart, 'exit');
  assert.equal(code, 0);
  // Each change of what the page shows as the operation; a member that is down meanwhile makes the
  // operator plan Heal (or Scale, to promote it back) between the restart's own steps.
  const seen: string[] = [];
  let restarting: KubernetesEnsembleView | undefined;
  const done = await waitFor(
    'the restart to be shown and to end',
    120_000,
    async () => {
      const [zk] = await ensembles(url);
      const op = zk?.operation;
      const shown = op
        ? `${op.type}: ${op.step}${op.waitingFor ? ` (waiting for ${op.waitingFor})` : ''}`
        : 'none';
      if (seen.at(-1) !== shown) seen.push(shown);
      if (op?.type === 'Restart') restarting ??= zk;
      return restarting && !op && zk?.healthy ? zk : undefined;
    },
    500,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the page showed: ${seen.join(' | ')}`);
  });
  process.stderr.write(`operations shown: ${seen.join(' | ')}\n`);
  assert.ok(seen.filter((s) => s.startsWith('Restart: ')).length >= 2, 'the restart showed its steps');
  assert.ok(restarting?.operation?.startedAt, 'the operation says when it began');
  assert.equal(restarting?.phase, 'Restarting');
  assert.ok(
    restarting?.conditions.some(
      (c) => c.type === 'Progressing' && c.status === 'True' && c.reason === 'Restart',
    ),
    JSON.stringify(restarting?.conditions),
  );
  assert.deepEqual(
    done.members.map((m) => m.state),
    ['serving', 'serving', 'serving'],
  );
  assert.equal(done.members.filter((m) => m.role === 'leader').length, 1);
});
