/**
 * The way off ZooKeeper 3.7, one minor at a time: a 3-member 3.7.2 ensemble created by `zkop up -f`
 * is upgraded to 3.8.3 and then to 3.9.4 by changing the manifest's version and running `zkop up -f`
 * again. Each step rolls the followers first and the leader last; after each step every znode
 * written before is read back from every member, and the ensemble serves.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { status } from '../../src/platform/local/commands/status.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { clientAddresses, scratch, srvrById } from './lifecycle-support.ts';

const PATH = ['3.7.2', '3.8.3', '3.9.4'] as const;
const name = 'from37';
const dir = scratch('zkop-lc-path-');
const { stateDir } = dir;
const manifest = (version: string) =>
  dir.manifest(
    `zk-${version}.yaml`,
    `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: 3\n  jvm: {heap: 128Mi}\n`,
  );
/** Every znode written so far and the data it holds. */
const written = new Map<string, string>();

async function withClient<T>(servers: string, use: (client: ZkClient) => Promise<T>): Promise<T> {
  const client = await ZkClient.connect({ servers, connectTimeoutMs: 10_000, requestTimeoutMs: 5_000 });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** Writes a batch of znodes (some nested, some large) while `version` runs, remembering them. */
async function writeBatch(version: string): Promise<void> {
  await withClient(clientAddresses(stateDir, name), async (client) => {
    const base = `/path/on-${version}`;
    await client.create(base, { data: version });
    written.set(base, version);
    for (let n = 1; n <= 20; n++) {
      const path = `${base}/n-${n}`;
      const data = n === 20 ? `${version}:`.padEnd(200_000, 'x') : `${version}:${n}`;
      await client.create(path, { data });
      written.set(path, data);
    }
  });
}

/** Znodes written before that a member does not hold as written; each member is asked on its own. */
async function missingOnEachMember(): Promise<Record<number, string[]>> {
  const missing: Record<number, string[]> = {};
  for (const member of readState(stateDir, name)?.members ?? []) {
    missing[member.id] = await withClient(`${member.host}:${member.ports.client}`, async (client) => {
      await client.sync('/path');
      const wrong: string[] = [];
      for (const [path, data] of written) {
        const got = await client.getData(path).catch(() => undefined);
        if (got?.data.toString() !== data) wrong.push(path);
      }
      return wrong;
    });
  }
  return missing;
}

const noneMissing = { 1: [], 2: [], 3: [] };

before(async () => {
  await up(manifest(PATH[0]), { stateDir });
  await withClient(clientAddresses(stateDir, name), (client) => client.create('/path'));
  await writeBatch(PATH[0]);
});

after(() => dir.cleanup(name));

test(`up -f creates a serving ${PATH[0]} ensemble that holds what was written`, async () => {
  const answers = [...(await srvrById(stateDir, name)).values()];
  assert.deepEqual(
    answers.map((a) => a?.version),
    [PATH[0], PATH[0], PATH[0]],
  );
  assert.deepEqual(answers.map((a) => a?.mode).sort(), ['follower', 'follower', 'leader']);
  assert.deepEqual(await missingOnEachMember(), noneMissing);
});

test(`up -f again with ${PATH[0]} leaves the ensemble alone (the members report the version it asks for)`, async () => {
  const pids = (await status(name, stateDir)).members.map((m) => m.pid);
  const result = await up(manifest(PATH[0]), { stateDir });
  assert.equal(result.outcome, 'unchanged');
  assert.deepEqual(
    result.status.members.map((m) => m.pid),
    pids,
  );
});

for (const [i, to] of PATH.slice(1).entries()) {
  const from = PATH[i] ?? '';
  test(`up -f with version ${to} upgrades ${from} followers first, leader last, keeping every znode`, async (t) => {
    const leader = (await status(name, stateDir)).leader;
    assert.ok(leader !== null);
    const lines: string[] = [];
    const started = Date.now();
    const result = await up(manifest(to), { stateDir, onProgress: (l) => lines.push(l) });
    t.diagnostic(`${from} -> ${to}: ${Date.now() - started} ms`);
    assert.equal(result.outcome, 'reconciled');
    assert.equal(result.status.healthy, true);
    const restarted = lines.flatMap((l) => /^upgrade: restart member (\d)$/.exec(l)?.[1] ?? []).map(Number);
    assert.deepEqual([...restarted].sort(), [1, 2, 3], lines.join('\n'));
    assert.equal(restarted.at(-1), leader, lines.join('\n'));
    assert.ok(lines.includes(`upgrade: reconfig: demote member ${leader} as observer`), lines.join('\n'));
    const answers = [...(await srvrById(stateDir, name)).values()];
    assert.deepEqual(
      answers.map((a) => a?.version),
      [to, to, to],
    );
    assert.equal(readState(stateDir, name)?.version, to);
    assert.deepEqual(await missingOnEachMember(), noneMissing);
    await writeBatch(to);
  });
}

test(`what was written on every version is on every ${PATH.at(-1)} member`, async () => {
  assert.equal(written.size, PATH.length * 21);
  assert.deepEqual(await missingOnEachMember(), noneMissing);
});
