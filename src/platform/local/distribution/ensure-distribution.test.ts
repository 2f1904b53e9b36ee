import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DistributionError } from './distribution.ts';
import { ensureDistribution } from './ensure-distribution.ts';

test('an unknown version is refused with the supported versions listed', async () => {
  await assert.rejects(ensureDistribution('3.4.14', { cacheDir: '/nonexistent' }), (error: Error) => {
    assert.ok(error instanceof DistributionError);
    assert.match(
      error.message,
      /ZooKeeper 3\.4\.14 is not supported; use one of: 3\.7\.2, 3\.8\.0, 3\.8\.3, 3\.9\.4/,
    );
    return true;
  });
});
