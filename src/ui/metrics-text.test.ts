import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricsSample } from './metrics-text.ts';

test("requests and their summed latency are read from ZooKeeper's latency summaries", () => {
  const text = [
    '# HELP readlatency Read request latency',
    '# TYPE readlatency summary',
    'readlatency{quantile="0.5",} 0.0',
    'readlatency_count 40.0',
    'readlatency_sum 12.5',
    'updatelatency_count 2.0',
    'updatelatency_sum 7.0',
    'znode_count 5.0',
  ].join('\n');
  assert.deepEqual(metricsSample(text), { requests: 42, latencyMsSum: 19.5 });
});

test('a scrape without those series gives no sample', () => {
  assert.equal(metricsSample('# HELP up\nup 1\n'), undefined);
  assert.equal(metricsSample(''), undefined);
});
