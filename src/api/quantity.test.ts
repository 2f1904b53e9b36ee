import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareQuantities, parseQuantity, quantityToInteger } from './quantity.ts';

describe('quantities', () => {
  it('reads binary, decimal, exponent and plain forms exactly', () => {
    assert.equal(quantityToInteger('512Mi'), 512 * 2 ** 20);
    assert.equal(quantityToInteger('1.5Gi'), 1.5 * 2 ** 30);
    assert.equal(quantityToInteger('2k'), 2000);
    assert.equal(quantityToInteger('1e3'), 1000);
    assert.equal(quantityToInteger('1E3'), 1000);
    assert.equal(quantityToInteger('3G'), 3e9);
    assert.equal(quantityToInteger(1073741824), 1073741824);
    assert.deepEqual(parseQuantity('500m'), { numerator: 500n, denominator: 1000n });
  });

  it('rounds fractions up to whole units', () => {
    assert.equal(quantityToInteger('500m'), 1);
    assert.equal(quantityToInteger('0.1'), 1);
    assert.equal(quantityToInteger('2'), 2);
  });

  it('compares across units', () => {
    assert.equal(compareQuantities('1Gi', '1024Mi'), 0);
    assert.equal(compareQuantities('1G', '1Gi'), -1);
    assert.equal(compareQuantities('2Gi', 2147483647), 1);
    assert.equal(compareQuantities('100m', '0.1'), 0);
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'abc', '1XB', '1Ei', '1.5.2', 1.5])
      assert.equal(parseQuantity(bad), undefined, String(bad));
    assert.throws(() => compareQuantities('1GB', '1Gi'), /'1GB' is not a quantity/);
  });
});
