import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abortable } from './abortable.ts';

class Target {
  calls = 0;
  pending: (() => void) | undefined;
  async quick(x: number): Promise<number> {
    this.calls += 1;
    return x * 2;
  }
  slow(): Promise<string> {
    this.calls += 1;
    return new Promise((resolve) => {
      this.pending = () => resolve('late');
    });
  }
  plain(): string {
    return 'sync';
  }
}

test('calls pass through until the signal aborts; then one under way rejects and none starts', async () => {
  const target = new Target();
  const stop = new AbortController();
  const view = abortable(target, stop.signal);
  assert.equal(await view.quick(2), 4);
  assert.equal(view.plain(), 'sync');
  const underWay = view.slow();
  stop.abort(new Error('stopped leading'));
  await assert.rejects(underWay, /stopped leading/);
  target.pending?.();
  await assert.rejects(view.quick(1), /stopped leading/);
  assert.equal(target.calls, 2, 'the call after the abort never reached the target');
});
