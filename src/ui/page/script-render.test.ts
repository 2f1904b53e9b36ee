import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensembleView } from '../kubernetes/ensemble-view.ts';
import { pod, STATUS, zk } from '../kubernetes/testing/restarting.ts';
import { RENDER_SCRIPT } from './script-render.ts';

/** The render functions, as the page's script defines them. */
const { statusHtml } = new Function(`${RENDER_SCRIPT}; return { statusHtml };`)() as {
  statusHtml: (ensemble: unknown, metrics: unknown) => string;
};

/** The restart fixture as the model shapes it: member 3 restarted once and still in an earlier epoch. */
const VIEW = ensembleView(
  { ...zk, status: STATUS },
  [pod(0, 'node-1'), pod(1, 'node-2'), pod(2, 'node-3', 1)],
  new Map([
    [1, { role: 'follower', zxid: '0x200000007' }],
    [2, { role: 'leader', zxid: '0x20000000a' }],
    [3, { role: 'follower', zxid: '0x1000000ff' }],
  ]),
  [
    {
      eventTime: '2026-12-07T03:00:01Z',
      type: 'Normal',
      reason: 'RestartMember',
      note: 'restart zk-2',
      regarding: { kind: 'ZooKeeper', name: 'zk' },
    },
  ],
);

const cells = (html: string, id: number) =>
  [
    ...(new RegExp(`<tr data-member-id="${id}"[^>]*>(.*?)</tr>`).exec(html)?.[1] ?? '').matchAll(
      /<t[hd][^>]*>(.*?)<\/t[hd]>/g,
    ),
  ].map((m) => m[1]?.replace(/<[^>]+>/g, ''));

test('a Kubernetes ensemble shows pod, node and restarts instead of pid and client, with lag', () => {
  const html = statusHtml(VIEW, {
    '1': { up: true, requests: 5, latencyMsSum: 1 },
    '2': { up: false, problem: 'refused by the API server (HTTP 403)' },
  });
  assert.match(
    html,
    /<th scope="col">ID<\/th><th scope="col">Role<\/th><th scope="col">State<\/th><th scope="col">ZXID<\/th><th scope="col">Lag<\/th><th scope="col">Version<\/th><th scope="col">Pod<\/th><th scope="col">Node<\/th><th scope="col">Restarts<\/th><th scope="col">Metrics<\/th><th scope="col">Problem<\/th>/,
  );
  assert.doesNotMatch(html, /scope="col">PID</);
  assert.deepEqual(cells(html, 1).slice(0, 9), [
    '1',
    'follower',
    'serving',
    '0x200000007',
    '3',
    '3.9.4',
    'zk-0',
    'node-1',
    '0',
  ]);
  assert.deepEqual(cells(html, 2).slice(3, 5), ['0x20000000a', '0']);
  assert.deepEqual(cells(html, 3).slice(4, 5), ['earlier epoch']);
  assert.match(
    html,
    /pod proxy <code>\/api\/v1\/namespaces\/demo\/pods\/zk-1%3A7000\/proxy\/metrics<\/code> <span class="bad down">\(down: refused by the API server \(HTTP 403\)\)/,
  );
  assert.doesNotMatch(html, /href="\/api/, 'no link the browser could not follow');
  assert.match(html, /<strong class="bad">Restarting<\/strong>/);
  assert.match(
    html,
    /data-operation="Restart" data-step="restart member 3" data-waiting-for="member 3 to serve"/,
  );
  assert.match(html, /\(since 2026-12-07T03:00:00Z\)/);
});

test('conditions and recent Events are shown, escaped', () => {
  const ready = { ...VIEW.conditions[0], message: '2/3 <b>' };
  const html = statusHtml({ ...VIEW, conditions: [ready] }, {});
  assert.match(
    html,
    /<tr data-condition="Ready" data-status="False"><th scope="row">Ready<\/th><td>False<\/td><td>Restart<\/td><td>2\/3 &#60;b&#62;<\/td>/,
  );
  assert.match(
    html,
    /<tr data-event-reason="RestartMember"><td>2026-12-07T03:00:01.000Z<\/td><td>Normal<\/td><td>RestartMember<\/td><td>restart zk-2<\/td><td>1<\/td><\/tr>/,
  );
  const unread = statusHtml({ ...VIEW, events: [], eventsProblem: 'Events not read: forbidden' }, {});
  assert.match(unread, /data-events="unread">Recent Events: <span class="bad">Events not read: forbidden/);
});

test('a local ensemble keeps its columns, with lag, and no Kubernetes parts', () => {
  const local = {
    ...VIEW,
    namespace: undefined,
    conditions: undefined,
    events: undefined,
    members: VIEW.members.map((m) => ({
      ...m,
      pid: 100 + m.id,
      configVersion: '0x100000000',
      host: '127.0.0.1',
      ports: { client: 2181 },
      metricsUrl: null,
    })),
  };
  const html = statusHtml(local, {});
  assert.match(
    html,
    /ZXID<\/th><th scope="col">Lag<\/th><th scope="col">Config version<\/th><th scope="col">Version<\/th><th scope="col">PID<\/th><th scope="col">Client<\/th>/,
  );
  assert.deepEqual(cells(html, 1).slice(3, 9), [
    '0x200000007',
    '3',
    '0x100000000',
    '3.9.4',
    '101',
    '127.0.0.1:2181',
  ]);
  assert.doesNotMatch(html, /data-conditions|data-events|Namespace/);
});
