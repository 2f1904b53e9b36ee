import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from '../../../backup-store/store.ts';
import { AdminError } from '../../../zk/admin.ts';
import { PlatformError } from '../errors.ts';
import { withStore } from './store-failure.ts';

const failureOf = async (error: Error) => {
  try {
    await withStore(async () => {
      throw error;
    });
  } catch (thrown) {
    return thrown;
  }
  assert.fail('withStore did not throw');
};

test('store and AdminServer failures become platform errors with their message; others pass through', async () => {
  const admin = await failureOf(
    new AdminError('http', 'snapshot', 'AdminServer https://10.0.0.1:8080: rate limited', 429),
  );
  assert.ok(admin instanceof PlatformError);
  assert.deepEqual(
    [admin.kind, admin.message],
    ['failed', 'AdminServer https://10.0.0.1:8080: rate limited'],
  );
  const bucket = await failureOf(new StoreError('no-bucket', "bucket 'b' does not exist"));
  assert.ok(bucket instanceof PlatformError);
  assert.equal(bucket.kind, 'not-found');
  const other = new TypeError('a bug');
  assert.equal(await failureOf(other), other);
});
