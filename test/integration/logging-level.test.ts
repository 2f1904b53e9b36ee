/**
 * spec.logging.level on a real local ensemble: at DEBUG the members' log files hold DEBUG lines, and
 * `zkop up -f` with the level back at INFO rolls every member, after which they log no DEBUG line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LOG_FILE_NAME } from '../../src/config/logging.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { memberPaths } from '../../src/platform/local/state/state-layout.ts';
import { scratch } from './lifecycle-support.ts';

const name = 'logged';
const dir = scratch('zkop-log-level-');
const { stateDir } = dir;
const spec = (level: string) =>
  `metadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 3\n  jvm: {heap: 128Mi}\n  logging: {level: ${level}}\n`;

after(() => dir.cleanup(name));

/** What each member logged since its JVM last started (ZooKeeper logs this line at INFO on start). */
function sinceLastStart(id: number): string {
  const log = readFileSync(join(memberPaths(stateDir, name, id).logs, LOG_FILE_NAME), 'utf8');
  const start = log.lastIndexOf('Starting quorum peer');
  assert.ok(start >= 0, `member ${id} logged no start`);
  return log.slice(log.lastIndexOf('\n', start) + 1);
}

const levelsIn = (text: string) =>
  new Set(text.split('\n').flatMap((l) => / (TRACE|DEBUG|INFO |WARN |ERROR) /.exec(l)?.[1]?.trim() ?? []));

test('at DEBUG every member logs DEBUG lines', async () => {
  const result = await up(dir.manifest('debug.yaml', spec('DEBUG')), { stateDir, timeoutMs: 120_000 });
  assert.equal(result.outcome, 'created');
  for (const id of [1, 2, 3]) assert.ok(levelsIn(sinceLastStart(id)).has('DEBUG'), `member ${id}`);
});

test('back at INFO, zkop up rolls every member, and none logs DEBUG any more', async () => {
  const lines: string[] = [];
  const result = await up(dir.manifest('info.yaml', spec('INFO')), {
    stateDir,
    timeoutMs: 180_000,
    onProgress: (line) => lines.push(line),
  });
  assert.equal(result.outcome, 'reconciled');
  assert.equal(result.status.healthy, true);
  const restarted = lines.flatMap((l) => /restart member (\d)$/.exec(l)?.[1] ?? []).map(Number);
  assert.deepEqual([...restarted].sort(), [1, 2, 3], lines.join('\n'));
  for (const id of [1, 2, 3]) {
    const levels = levelsIn(sinceLastStart(id));
    assert.ok(levels.has('INFO'), `member ${id} logged no INFO line`);
    assert.equal(levels.has('DEBUG'), false, `member ${id} still logs DEBUG`);
  }
});
