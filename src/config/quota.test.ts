import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quotaLimitsText, quotaPaths } from './quota.ts';

describe('ZooKeeper hard quota znodes', () => {
  it('hang under /zookeeper/quota<path>', () => {
    assert.deepEqual(quotaPaths('/apps/orders'), {
      node: '/zookeeper/quota/apps/orders',
      limits: '/zookeeper/quota/apps/orders/zookeeper_limits',
      stats: '/zookeeper/quota/apps/orders/zookeeper_stats',
    });
  });

  it("write the limits as ZooKeeper's StatsTrack does: soft limits first, hard keys sorted after '=;'", () => {
    assert.equal(quotaLimitsText({ nodes: 10 }), 'count=-1,bytes=-1=;countHardLimit=10');
    assert.equal(quotaLimitsText({ bytes: 4096 }), 'count=-1,bytes=-1=;byteHardLimit=4096');
    assert.equal(
      quotaLimitsText({ nodes: 10, bytes: 4096 }),
      'count=-1,bytes=-1=;byteHardLimit=4096;countHardLimit=10',
    );
    assert.equal(quotaLimitsText({}), 'count=-1,bytes=-1');
  });
});
