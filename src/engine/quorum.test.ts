import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canTakeDown, faultTolerance, hasQuorum, quorum } from './quorum.ts';

describe('quorum arithmetic', () => {
  it('needs a strict majority of the voters', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => quorum(n)),
      [1, 2, 2, 3, 3, 4, 4],
    );
  });

  it('tolerates the voters beyond a quorum being down', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => faultTolerance(n)),
      [0, 0, 1, 1, 2, 2, 3],
    );
  });

  it('has a quorum when a majority of the voters is healthy', () => {
    const healthy = (id: number): boolean => id !== 3;
    assert.equal(hasQuorum([1, 2, 3], healthy), true);
    assert.equal(hasQuorum([1, 3], healthy), false);
    assert.equal(hasQuorum([], healthy), false);
  });

  it('lets a voter go down only when the other healthy voters still form a quorum', () => {
    const allHealthy = (): boolean => true;
    assert.equal(canTakeDown([1, 2, 3], 1, allHealthy), true);
    assert.equal(
      canTakeDown([1, 2, 3], 1, (id) => id !== 2),
      false,
    );
    assert.equal(canTakeDown([1, 2], 2, allHealthy), false);
    assert.equal(canTakeDown([1], 1, allHealthy), false);
  });
});
