import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BACKUP_KIND, type ZooKeeperBackup, ZooKeeperBackupSchema } from './backup.ts';
import {
  BACKUP_CRD_FILE,
  BACKUP_SCHEDULE_CRD_FILE,
  renderBackupCrdYaml,
  renderBackupScheduleCrdYaml,
} from './backup-crd.ts';
import { BACKUP_SCHEDULE_KIND } from './backup-schedule.ts';
import { CRD_GENERATE_COMMAND } from './crd.ts';
import { API_VERSION } from './spec.ts';
import { ruleSites, validateBackup, validateBackupSchedule, validateBackupTransition } from './validate.ts';

type Over = Record<string, unknown>;

const backup = (over: Over = {}, s3: Over = {}): ZooKeeperBackup =>
  ({
    apiVersion: API_VERSION,
    kind: BACKUP_KIND,
    metadata: { name: 'nightly', namespace: 'apps' },
    spec: {
      ensemble: 'zk',
      s3: {
        endpoint: 'http://10.0.0.1:8333',
        bucket: 'zk-backups',
        prefix: 'team-a/zk',
        credentialsSecretRef: { name: 's3' },
        ...s3,
      },
      ...over,
    },
  }) as ZooKeeperBackup;

const paths = (object: unknown) => validateBackup(object).map((e) => e.path);

describe('ZooKeeperBackup validation', () => {
  it('accepts a backup with and without kind, endpoint and prefix', () => {
    assert.deepEqual(paths(backup()), []);
    assert.deepEqual(paths(backup({ kind: 'logical' })), []);
    assert.deepEqual(paths(backup({}, { endpoint: undefined, prefix: undefined })), []);
    assert.deepEqual(paths(backup({}, { endpoint: 'https://s3.example.com/' })), []);
  });

  it('refuses bad input by field', () => {
    assert.deepEqual(paths(backup({ kind: 'snapshot' })), ['spec.kind']);
    assert.deepEqual(paths(backup({ ensemble: 'Zk' })), ['spec.ensemble']);
    assert.deepEqual(paths(backup({}, { bucket: 'Bad_Bucket' })), ['spec.s3.bucket']);
    assert.deepEqual(paths(backup({}, { prefix: '/abs' })), ['spec.s3.prefix']);
    assert.deepEqual(paths(backup({}, { prefix: 'a/../b' })), ['spec.s3.prefix']);
    assert.deepEqual(paths(backup({}, { endpoint: 'http://host:8333/path' })), ['spec.s3.endpoint']);
    assert.deepEqual(paths(backup({}, { endpoint: 's3.example.com' })), ['spec.s3.endpoint']);
    assert.deepEqual(paths(backup({}, { credentialsSecretRef: undefined })), [
      'spec.s3.credentialsSecretRef',
    ]);
    assert.match(validateBackup(backup({ to: 's3://x' }))[0]?.message ?? '', /unknown field "to"/);
  });

  it('refuses any change of the spec: a backup is taken once', () => {
    const before = backup();
    assert.deepEqual(validateBackupTransition(before, backup()), []);
    assert.deepEqual(
      validateBackupTransition(before, backup({ kind: 'logical' })).map((e) => e.path),
      ['spec'],
    );
  });

  it('every rule is exercised here', () => {
    const ids = ruleSites(ZooKeeperBackupSchema).flatMap((site) => site.rules.map((r) => r.id));
    assert.deepEqual(ids.sort(), [
      'backup-endpoint-format',
      'backup-prefix-no-dot-segments',
      'backup-spec-fixed',
    ]);
  });
});

describe('ZooKeeperBackup CRD', () => {
  it(`is up to date in ${BACKUP_CRD_FILE}`, () => {
    const onDisk = readFileSync(join(import.meta.dirname, '../..', BACKUP_CRD_FILE), 'utf8');
    assert.ok(onDisk === renderBackupCrdYaml(), `${BACKUP_CRD_FILE} is stale: run ${CRD_GENERATE_COMMAND}`);
  });

  it('carries every CEL rule of the schema and the printer columns kubectl get shows', () => {
    const crd = renderBackupCrdYaml();
    for (const site of ruleSites(ZooKeeperBackupSchema))
      for (const rule of site.rules) assert.ok(crd.includes(rule.message), rule.id);
    for (const column of ['Phase', 'Ensemble', 'ID', 'Size', 'Age'])
      assert.match(crd, new RegExp(`name: ${column}\\n`));
  });
});

describe('ZooKeeperBackupSchedule validation', () => {
  const schedule = (over: Over = {}) => ({
    apiVersion: API_VERSION,
    kind: BACKUP_SCHEDULE_KIND,
    metadata: { name: 'nightly', namespace: 'apps' },
    spec: { ...backup().spec, schedule: '0 3 * * *', retention: { keep: 7, maxAge: '30d' }, ...over },
  });
  const schedulePaths = (over: Over) => validateBackupSchedule(schedule(over)).map((e) => e.path);

  it('accepts a cron schedule with a retention by count and age', () => {
    assert.deepEqual(schedulePaths({}), []);
    assert.deepEqual(schedulePaths({ schedule: '*/15 1-5 * * 1,3', retention: undefined }), []);
  });

  it('refuses what is not five cron fields, a bad age or count, by field', () => {
    assert.deepEqual(schedulePaths({ schedule: '0 3 * *' }), ['spec.schedule']);
    assert.deepEqual(schedulePaths({ schedule: '@daily' }), ['spec.schedule']);
    assert.deepEqual(schedulePaths({ retention: { maxAge: '7 days' } }), ['spec.retention.maxAge']);
    assert.deepEqual(schedulePaths({ retention: { keep: 0 } }), ['spec.retention.keep']);
  });

  it(`is up to date in ${BACKUP_SCHEDULE_CRD_FILE}`, () => {
    const onDisk = readFileSync(join(import.meta.dirname, '../..', BACKUP_SCHEDULE_CRD_FILE), 'utf8');
    assert.ok(
      onDisk === renderBackupScheduleCrdYaml(),
      `${BACKUP_SCHEDULE_CRD_FILE} is stale: run ${CRD_GENERATE_COMMAND}`,
    );
  });
});
