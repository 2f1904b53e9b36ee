import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyDefaults } from '../api/defaults.ts';
import type { ZooKeeperSpec } from '../api/spec.ts';
import { findVersion, type VersionInfo } from '../api/versions.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';
import { renderZooCfg, zooCfgEntries } from './zoo-cfg.ts';

const base = GOLDEN_CASES['defaults-3.9.4'];
const v394 = findVersion('3.9.4') as VersionInfo;
const v380 = findVersion('3.8.0') as VersionInfo;

const entries = (spec: Partial<ZooKeeperSpec>, features = v394) =>
  new Map(
    zooCfgEntries({
      spec: applyDefaults({ version: features.version, ...spec }),
      features,
      self: base?.self ?? assert.fail(),
    }),
  );

describe('zoo.cfg', () => {
  test('reconfiguration on, standalone off, 4lw limited, never skipACL', () => {
    const cfg = entries({});
    assert.equal(cfg.get('reconfigEnabled'), 'true');
    assert.equal(cfg.get('standaloneEnabled'), 'false');
    assert.equal(cfg.get('4lw.commands.whitelist'), 'conf,isro,mntr,ruok,srvr');
    assert.equal(cfg.has('skipACL'), false);
  });
  test('membership is only in the dynamic config', () => {
    const cfg = entries({});
    assert.equal([...cfg.keys()].filter((k) => k.startsWith('server.') || k === 'clientPort').length, 0);
  });
  test('Prometheus provider only when the version has it and monitoring.metrics is on', () => {
    assert.equal(entries({}).has('metricsProvider.className'), true);
    assert.equal(
      entries({ monitoring: { metrics: false, serviceMonitor: false, prometheusRule: false } }).has(
        'metricsProvider.className',
      ),
      false,
    );
    assert.equal(entries({}, v380).has('metricsProvider.className'), false);
  });
  test('extra keys pass through, sorted, after zkop keys', () => {
    const keys = [...entries({ config: { extra: { snapCount: '1000', fsync: 'x' } } }).keys()];
    assert.deepEqual(keys.slice(-2), ['fsync', 'snapCount']);
  });
  test('owned keys and multi-line values in extra are refused', () => {
    assert.throws(() => entries({ config: { extra: { skipACL: 'yes' } } }), /'skipACL' is set by zkop/);
    assert.throws(() => entries({ config: { extra: { 'admin.serverPort': '1' } } }), /set by zkop/);
    assert.throws(() => entries({ config: { extra: { snapCount: '1\nskipACL=yes' } } }), /single line/);
  });
  test('one key=value per line under a header', () => {
    const text = renderZooCfg({
      spec: applyDefaults({ version: '3.9.4' }),
      features: v394,
      self: base?.self ?? assert.fail(),
    });
    const lines = text.trim().split('\n');
    assert.match(lines[0] ?? '', /^# /);
    for (const line of lines.slice(1)) assert.match(line, /^[^=\s]+=.*$/);
  });
});
