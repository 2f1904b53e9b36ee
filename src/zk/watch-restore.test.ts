import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpCode, Xid } from './jute/protocol-constants.ts';
import { JuteReader } from './jute/reader.ts';
import { WatchRegistry } from './watch-registry.ts';
import { setWatchesFrames } from './watch-restore.ts';

function decode(frame: Buffer) {
  const r = new JuteReader(frame.subarray(4));
  const header = [r.int(), r.int()];
  const zxid = r.long();
  const lists = Array.from({ length: 5 }, () => r.vector((x) => x.string()) ?? []);
  return { header, zxid, lists, rest: r.remaining };
}

describe('setWatchesFrames', () => {
  it('sends nothing without watches', () => {
    assert.deepEqual(setWatchesFrames(5n, new WatchRegistry()), []);
  });

  it('lists each kind in its own vector of one SetWatches2', () => {
    const r = new WatchRegistry();
    const w = () => {};
    r.add('data', '/d', w);
    r.add('exist', '/e', w);
    r.add('child', '/c', w);
    r.add('persistent', '/p', w);
    r.add('persistentRecursive', '/r', w);
    const frames = setWatchesFrames(0x100000005n, r);
    assert.equal(frames.length, 1);
    const f = decode(frames[0] as Buffer);
    assert.deepEqual(f.header, [Xid.setWatches, OpCode.setWatches2]);
    assert.equal(f.zxid, 0x100000005n);
    assert.deepEqual(f.lists, [['/d'], ['/e'], ['/c'], ['/p'], ['/r']]);
    assert.equal(f.rest, 0);
  });

  it('splits large sets so no frame carries more than the path budget', () => {
    const r = new WatchRegistry();
    for (let i = 0; i < 100; i++)
      r.add(i % 2 ? 'data' : 'child', `/node-${String(i).padStart(4, '0')}`, () => {});
    const frames = setWatchesFrames(1n, r, 100);
    assert.ok(frames.length > 1);
    const all = frames.map(decode);
    for (const f of all) assert.ok(f.lists.flat().join('').length <= 100);
    assert.equal(all.flatMap((f) => f.lists.flat()).length, 100);
  });
});
