import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explicit, integer, namedBits, oid, sequence, setOf, time, tlv } from './der.ts';

const hex = (b: Buffer) => b.toString('hex');

describe('DER', () => {
  test('lengths: short form below 128, long form from 128', () => {
    assert.equal(hex(tlv(0x04, Buffer.alloc(3))), '0403000000');
    assert.equal(hex(tlv(0x04, Buffer.alloc(200)).subarray(0, 3)), '0481c8');
    assert.equal(hex(tlv(0x04, Buffer.alloc(300)).subarray(0, 4)), '0482012c');
  });
  test('integers are minimal and positive', () => {
    assert.equal(hex(integer(0)), '020100');
    assert.equal(hex(integer(2)), '020102');
    assert.equal(hex(integer(128)), '02020080');
    assert.equal(hex(integer(256n)), '02020100');
    assert.equal(hex(integer(Buffer.from([0, 0, 0x7f]))), '02017f');
    assert.equal(hex(integer(Buffer.from([0xff]))), '020200ff');
    assert.throws(() => integer(-1), /non-negative/);
  });
  test('object identifiers: first two arcs in one byte, base-128 arcs after', () => {
    assert.equal(hex(oid('2.5.4.3')), '0603550403');
    assert.equal(hex(oid('1.2.840.113549.1.1.11')), '06092a864886f70d01010b');
    assert.throws(() => oid('1.x'), /not an object identifier/);
  });
  test('named bits drop trailing zeros and count the unused bits', () => {
    assert.equal(hex(namedBits([0])), '03020780');
    assert.equal(hex(namedBits([0, 5, 6])), '03020186');
    assert.equal(hex(namedBits([0, 2])), '030205a0');
  });
  test('times: UTCTime before 2050, GeneralizedTime from 2050', () => {
    assert.equal(time(new Date('2024-01-02T03:04:05.678Z')).toString('latin1'), '\x17\x0d240102030405Z');
    assert.equal(time(new Date('2051-12-31T23:59:59Z')).toString('latin1'), '\x18\x0f20511231235959Z');
  });
  test('a SET OF is sorted by encoding; explicit tags wrap', () => {
    assert.equal(hex(setOf(integer(3), integer(1))), '3106020101020103');
    assert.equal(hex(explicit(0, integer(2))), 'a003020102');
    assert.equal(hex(sequence()), '3000');
  });
});
