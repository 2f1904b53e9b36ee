import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TSchema } from '@sinclair/typebox';
import { AlertsSchema } from './alert-settings.ts';
import { applyDefaults } from './defaults.ts';

test('every alert setting has a default and says why it is that', () => {
  const alerts = Object.entries(AlertsSchema.properties as Record<string, TSchema>);
  assert.equal(alerts.length, 12);
  for (const [alert, schema] of alerts) {
    assert.match(schema.description ?? '', /^ZooKeeper[A-Za-z]+: fires when /, alert);
    for (const [field, setting] of Object.entries(schema.properties as Record<string, TSchema>)) {
      assert.notEqual(setting.default, undefined, `${alert}.${field}`);
      assert.match(
        setting.description ?? '',
        new RegExp(`Default ${setting.default}: .{20,}`),
        `${alert}.${field}`,
      );
    }
  }
  const { alerts: filled } = applyDefaults({ version: '3.9.4' }).monitoring;
  assert.deepEqual(
    Object.keys(filled),
    alerts.map(([name]) => name),
  );
});
