import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastBackupTimes } from './backup-age.ts';
import type { LiveBackup, LiveSchedule } from './live-backup.ts';

const backup = (
  namespace: string,
  ensemble: string,
  phase: 'Running' | 'Completed' | 'Failed',
  completionTime?: string,
) =>
  ({
    metadata: { namespace, name: `b-${completionTime}`, uid: '' },
    spec: { ensemble },
    status: { phase, ...(completionTime ? { completionTime } : {}) },
  }) as unknown as LiveBackup;

const schedule = (namespace: string, ensemble: string, created: string) =>
  ({
    metadata: { namespace, name: `s-${created}`, uid: '', creationTimestamp: new Date(created) },
    spec: { ensemble },
  }) as unknown as LiveSchedule;

const ms = (iso: string) => Date.parse(iso);

test("an ensemble's newest completed backup, whatever failed or runs after it", () => {
  const times = lastBackupTimes(
    [
      backup('a', 'zk', 'Completed', '2026-12-01T00:00:00Z'),
      backup('a', 'zk', 'Completed', '2026-12-03T00:00:00Z'),
      backup('a', 'zk', 'Failed', '2026-12-04T00:00:00Z'),
      backup('a', 'zk', 'Running'),
      backup('b', 'zk', 'Completed', '2026-12-02T00:00:00Z'),
    ],
    [schedule('a', 'zk', '2026-11-01T00:00:00Z')],
  );
  assert.deepEqual(
    times,
    new Map([
      ['a/zk', ms('2026-12-03T00:00:00Z')],
      ['b/zk', ms('2026-12-02T00:00:00Z')],
    ]),
  );
});

test('a scheduled ensemble with no completed backup counts from its oldest schedule', () => {
  const times = lastBackupTimes(
    [backup('a', 'zk', 'Failed', '2026-12-04T00:00:00Z')],
    [schedule('a', 'zk', '2026-12-02T00:00:00Z'), schedule('a', 'zk', '2026-12-01T00:00:00Z')],
  );
  assert.deepEqual(times, new Map([['a/zk', ms('2026-12-01T00:00:00Z')]]));
});

test('an ensemble nothing backs up has no time, so no backup-age alert', () => {
  assert.deepEqual(lastBackupTimes([backup('a', 'zk', 'Running')], []), new Map());
});
