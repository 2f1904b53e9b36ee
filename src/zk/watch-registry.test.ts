import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type WatchEvent, WatchRegistry } from './watch-registry.ts';

function recorder(): { got: WatchEvent[]; w: (e: WatchEvent) => void } {
  const got: WatchEvent[] = [];
  return { got, w: (e) => got.push(e) };
}

describe('WatchRegistry', () => {
  it('fires one-shot watches once, by ZooKeeper event semantics', () => {
    const r = new WatchRegistry();
    const data = recorder();
    const child = recorder();
    const exist = recorder();
    r.add('data', '/a', data.w);
    r.add('child', '/a', child.w);
    r.add('exist', '/b', exist.w);
    for (const w of r.take({ type: 'nodeDataChanged', path: '/a' }))
      w({ type: 'nodeDataChanged', path: '/a' });
    assert.equal(r.take({ type: 'nodeDataChanged', path: '/a' }).length, 0, 'data watch gone after firing');
    assert.deepEqual(r.take({ type: 'nodeCreated', path: '/b' }), [exist.w]);
    assert.deepEqual(r.take({ type: 'nodeDeleted', path: '/a' }), [child.w], 'delete reaches child watches');
    assert.equal(r.size, 0);
    assert.equal(data.got.length, 1);
  });

  it('calls a watcher registered twice for one event only once', () => {
    const r = new WatchRegistry();
    const x = recorder();
    r.add('data', '/a', x.w);
    r.add('exist', '/a', x.w);
    assert.deepEqual(r.take({ type: 'nodeDeleted', path: '/a' }), [x.w]);
  });

  it('keeps persistent watches; recursive ones cover descendants but not child-list events', () => {
    const r = new WatchRegistry();
    const p = recorder();
    const rec = recorder();
    r.add('persistent', '/a', p.w);
    r.add('persistentRecursive', '/a', rec.w);
    assert.deepEqual(r.take({ type: 'nodeDataChanged', path: '/a' }), [p.w, rec.w]);
    assert.deepEqual(r.take({ type: 'nodeChildrenChanged', path: '/a' }), [p.w]);
    assert.deepEqual(r.take({ type: 'nodeCreated', path: '/a/b/c' }), [rec.w]);
    assert.deepEqual(r.take({ type: 'nodeCreated', path: '/ab' }), [], '/ab is not under /a');
    assert.deepEqual(r.paths('persistentRecursive'), ['/a']);
    assert.equal(r.size, 2);
  });

  it('a recursive watch on / covers everything', () => {
    const r = new WatchRegistry();
    const rec = recorder();
    r.add('persistentRecursive', '/', rec.w);
    assert.deepEqual(r.take({ type: 'nodeDeleted', path: '/x/y' }), [rec.w]);
    assert.deepEqual(r.take({ type: 'nodeDataChanged', path: '/' }), [rec.w]);
  });
});
