/**
 * `zkop ui` in a real headless Chromium over a live 3-member local ensemble: the page shows the
 * members with exactly one leader, their metrics and the committed config, and is keyboard operable;
 * it follows a `zkop restart` live (the operation appears with its step and ends, the leader moves,
 * every member gets a new pid); a member that stops answering (SIGSTOP: its 4lw and metrics time
 * out) is shown as such while the others keep showing. A port in use is refused with the port
 * named; SIGTERM stops it. Screenshots go to a temporary directory the test prints.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { up } from '../../src/platform/local/commands/up.ts';
import { freePorts } from '../../src/platform/local/process/ports.ts';
import { type BrowserPage, openPage } from '../support/chromium.ts';
import { eventually, scratch, ZKOP_BIN } from './lifecycle-support.ts';

const name = 'shown';
const dir = scratch('zkop-ui-');
const { stateDir } = dir;
const shots = mkdtempSync(join(tmpdir(), 'zkop-ui-screenshots-'));
const WAIT_MS = 60_000;

interface Row {
  id: number;
  role: string;
  state: string;
  metrics: string;
  cells: string[];
}
interface Shown {
  rows: Row[];
  headers: string[];
  operation: { type: string; step: string; waitingFor: string; text: string } | null;
  config: string | null;
}

/** What the page shows, read from its DOM. */
const SHOWN = `(() => {
  const rows = [...document.querySelectorAll('table[data-members] tbody tr')].map((r) => ({
    id: Number(r.dataset.memberId), role: r.dataset.role, state: r.dataset.state,
    metrics: r.querySelector('[data-metrics]').dataset.metrics,
    cells: [...r.children].map((c) => c.textContent),
  }));
  const headers = [...document.querySelectorAll('table[data-members] thead th[scope=col]')].map((h) => h.textContent);
  const op = document.querySelector('[data-operation]');
  const operation = op && op.dataset.operation
    ? { type: op.dataset.operation, step: op.dataset.step, waitingFor: op.dataset.waitingFor, text: op.textContent }
    : null;
  const config = document.querySelector('details[id^=config-] pre');
  return { rows, headers, operation, config: config ? config.textContent : null };
})()`;

/** The rows of the table of the latest values from the metrics endpoints, as text. */
const LATEST = `[...document.querySelectorAll('.chart table tbody tr')].map((r) => [...r.children].map((c) => c.textContent.trim()))`;

let ui: ChildProcess | undefined;
let url = '';
let port = 0;
let page: BrowserPage;
const shown = () => page.evaluate<Shown>(SHOWN);
const leaders = (s: Shown) => s.rows.filter((r) => r.role === 'leader').map((r) => r.id);
const column = (s: Shown, id: number, header: string) =>
  s.rows.find((r) => r.id === id)?.cells[s.headers.indexOf(header)];

async function waitShown(what: string, check: (s: Shown) => boolean): Promise<Shown> {
  let last: Shown | undefined;
  await eventually(
    async () => {
      last = await shown();
      return check(last);
    },
    WAIT_MS,
    `the page to show ${what}; it shows ${JSON.stringify(last)}`,
  );
  return last as Shown;
}

/** Starts `zkop ui` and resolves with it once it printed its URL. */
async function startUi(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(ZKOP_BIN, ['ui', '--state-dir', stateDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const match = /^zkop ui: (http:\/\/\S+) /.exec(line);
    if (match?.[1]) return { child, url: match[1] };
  }
  throw new Error('zkop ui ended before it printed its URL');
}

before(async () => {
  console.log(`screenshots: ${shots}`);
  await up(
    dir.manifest(
      'zk.yaml',
      `metadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 3\n  jvm: {heap: 128Mi}\n`,
    ),
    { stateDir },
  );
  [port] = (await freePorts(1)) as [number];
  ({ child: ui, url } = await startUi(['--port', String(port)]));
  page = await openPage(url);
});

after(async () => {
  await page?.close();
  if (ui?.exitCode === null) ui.kill('SIGKILL');
  await dir.cleanup(name);
});

test('zkop ui prints its URL on the port given and the page shows 3 members, exactly one leader', async () => {
  assert.equal(url, `http://127.0.0.1:${port}/`);
  const s = await waitShown(
    '3 serving members with their metrics',
    (x) => x.rows.length === 3 && x.rows.every((r) => r.state === 'serving' && r.metrics === 'up'),
  );
  assert.equal(leaders(s).length, 1, JSON.stringify(s.rows));
  assert.deepEqual(s.rows.map((r) => r.role).sort(), ['follower', 'follower', 'leader']);
  assert.deepEqual(s.headers, [
    'ID',
    'Role',
    'State',
    'ZXID',
    'Lag',
    'Config version',
    'Version',
    'PID',
    'Client',
    'Metrics',
    'Problem',
  ]);
  for (const r of s.rows) {
    assert.match(column(s, r.id, 'ZXID') ?? '', /^0x[0-9a-f]+$/);
    assert.match(column(s, r.id, 'Lag') ?? '', /^\d+$/, 'transactions behind the leader');
    assert.match(column(s, r.id, 'Config version') ?? '', /^0x[0-9a-f]+$/);
    assert.equal(column(s, r.id, 'Version'), '3.9.4');
    assert.match(column(s, r.id, 'PID') ?? '', /^\d+$/);
    assert.match(column(s, r.id, 'Metrics') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/metrics \(up\)$/);
  }
  assert.equal(s.operation, null);
  assert.equal(s.config?.split('\n').filter((l) => /^server\.\d=127\.0\.0\.1:/.test(l)).length, 3);
  // Two charts with a line per member, and a request rate and mean latency from each member's
  // metrics endpoint (two samples at least).
  await eventually(
    () => page.evaluate<boolean>(`document.querySelectorAll('svg polyline').length === 6`),
    WAIT_MS,
    'the charts',
  );
  await eventually(
    async () => {
      const latest = await page.evaluate<string[][]>(LATEST);
      return (
        latest.length === 3 &&
        latest.every((r) => /^\d+\.\d$/.test(r[2] ?? '') && /^\d+\.\d\d$/.test(r[3] ?? ''))
      );
    },
    WAIT_MS,
    'requests per second and mean latency of every member',
  );
  // Everything the page loaded came from zkop ui itself.
  const loaded = await page.evaluate<string[]>(
    `[location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]`,
  );
  assert.ok(loaded.length >= 3 && loaded.every((u) => u.startsWith(url)), loaded.join('\n'));
  await page.screenshot(join(shots, '1-serving.png'));
});

test('the page is keyboard operable: Tab reaches the pause button with a visible focus, Enter presses it', async () => {
  await page.press('Tab');
  const focus = () =>
    page.evaluate<{ id: string; visible: boolean; pressed: string | null }>(
      `({ id: document.activeElement.id, visible: document.activeElement.matches(':focus-visible'),
        pressed: document.activeElement.getAttribute('aria-pressed') })`,
    );
  assert.deepEqual(await focus(), { id: 'pause', visible: true, pressed: 'false' });
  await page.press('Enter');
  assert.equal((await focus()).pressed, 'true');
  await page.press('Enter');
  assert.equal((await focus()).pressed, 'false');
  await page.press('Tab');
  assert.match((await focus()).id, /^nav-/, 'next comes the link to the ensemble');
});

test('zkop restart is followed live: the operation appears with its step and ends, the leader moves', async () => {
  const before = await shown();
  const [leaderBefore] = leaders(before);
  const pidsBefore = before.rows.map((r) => column(before, r.id, 'PID'));
  const restart = spawn(ZKOP_BIN, ['restart', name, '--state-dir', stateDir], { stdio: 'ignore' });
  const exited = once(restart, 'exit');
  const operations: string[] = [];
  let done = false;
  exited.then(() => {
    done = true;
  });
  while (!done) {
    const s = await shown();
    if (s.operation && operations.at(-1) !== s.operation.text) {
      if (operations.length === 0) await page.screenshot(join(shots, '2-restarting.png'));
      operations.push(s.operation.text);
    }
    await sleep(200);
  }
  const [code] = await exited;
  assert.equal(code, 0, 'zkop restart succeeds');
  assert.ok(operations.length > 0, 'the operation was shown');
  // Every member is restarted, the leader last (handed off: demoted to an observer, restarted,
  // promoted back, which the engine carries out as a scale step; a heal may follow).
  const shownOps = operations.join('\n');
  assert.match(operations[0] ?? '', /^Operation: Restart: restart member \d/, shownOps);
  const restarted = new Set(shownOps.match(/restart member \d/g));
  assert.equal(restarted.size, 3, shownOps);
  assert.ok(
    operations.some((o) => /; waiting for member \d to serve/.test(o)),
    shownOps,
  );
  console.log(`operations shown:\n${operations.join('\n')}`);
  const s = await waitShown(
    'the restart ended with 3 serving members, one leader, new pids',
    (x) =>
      x.operation === null &&
      x.rows.length === 3 &&
      x.rows.every((r) => r.state === 'serving') &&
      leaders(x).length === 1 &&
      x.rows.every((r, i) => column(x, r.id, 'PID') !== pidsBefore[i]),
  );
  assert.notEqual(leaders(s)[0], leaderBefore, 'the leader moved (handed off last)');
  await page.screenshot(join(shots, '3-restarted.png'));
});

test('a member that stops answering is shown as such while the others keep showing', async () => {
  const s = await shown();
  const follower = s.rows.find((r) => r.role === 'follower');
  const pid = Number(column(s, follower?.id ?? 0, 'PID'));
  assert.ok(follower && pid > 0);
  process.kill(pid, 'SIGSTOP');
  try {
    const stuck = await waitShown(`member ${follower.id} not answering`, (x) => {
      const row = x.rows.find((r) => r.id === follower.id);
      return row?.role === 'down' && row.state === 'running' && row.metrics === 'down';
    });
    const others = stuck.rows.filter((r) => r.id !== follower.id);
    assert.ok(
      others.every((r) => r.state === 'serving' && r.metrics === 'up'),
      JSON.stringify(others),
    );
    assert.equal(leaders(stuck).length, 1);
    assert.match(column(stuck, follower.id, 'Metrics') ?? '', /\(down: /);
    await page.screenshot(join(shots, '4-member-not-answering.png'));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await waitShown(`member ${follower.id} serving again`, (x) =>
    x.rows.every((r) => r.state === 'serving' && r.metrics === 'up'),
  );
});

test('zkop ui on a port in use fails with the port named', () => {
  const result = spawnSync(ZKOP_BIN, ['ui', '--state-dir', stateDir, '--port', String(port)], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
});

test('SIGTERM stops zkop ui cleanly: exit 0 and the port is closed', async () => {
  assert.ok(ui);
  const exited = once(ui, 'exit');
  ui.kill('SIGTERM');
  const [code] = await exited;
  assert.equal(code, 0);
  const socket = connect(port, '127.0.0.1');
  const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
  assert.equal(error.code, 'ECONNREFUSED');
});
