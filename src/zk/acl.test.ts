import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestAcl, digestId } from './acl.ts';

describe('digestId', () => {
  it('matches the digest ZooKeeper computes for super:secret', () => {
    // Value produced by ZooKeeper's DigestAuthenticationProvider for super:secret.
    assert.equal(digestId('super', 'secret'), 'super:lK75jTNcA+U9vtVEw5vB51mj/w4=');
    assert.deepEqual(digestAcl('u', 'p', 1).id.scheme, 'digest');
  });
});
