import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTargetUrl, parseTargetUrl } from './target-url.ts';

test('s3://bucket/prefix and directories are targets', () => {
  assert.deepEqual(parseTargetUrl('s3://backups/zk/prod/'), {
    kind: 's3',
    bucket: 'backups',
    prefix: 'zk/prod',
  });
  assert.deepEqual(parseTargetUrl('s3://backups'), { kind: 's3', bucket: 'backups', prefix: '' });
  assert.deepEqual(parseTargetUrl('/var/backups'), { kind: 'directory', path: '/var/backups' });
  assert.equal(formatTargetUrl(parseTargetUrl('s3://backups/zk')), 's3://backups/zk');
});

test('another scheme, a bad bucket name or nothing is refused with what is allowed', () => {
  assert.throws(() => parseTargetUrl('gs://b/p'), /s3:\/\/bucket\/prefix or in a directory/);
  assert.throws(() => parseTargetUrl('s3://Bad_Bucket/p'), /not an S3 bucket name/);
  assert.throws(() => parseTargetUrl(' '), /empty/);
});
