import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counterOf, epochOf, formatZxid, parseZxid } from './zxid.ts';

describe('zxid', () => {
  it('parses with or without 0x and splits epoch and counter', () => {
    const z = parseZxid('0x30000001a');
    assert.equal(z, 0x30000001an);
    assert.equal(parseZxid('100000000'), 0x100000000n);
    assert.equal(epochOf(0x30000001an), 3);
    assert.equal(counterOf(0x30000001an), 26);
    assert.equal(formatZxid(0x30000001an), '0x30000001a');
  });

  it('refuses what is not 1 to 16 hex digits', () => {
    assert.equal(parseZxid(''), undefined);
    assert.equal(parseZxid('0xg'), undefined);
    assert.equal(parseZxid('1'.repeat(17)), undefined);
  });
});
