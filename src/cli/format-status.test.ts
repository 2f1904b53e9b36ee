import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnsembleStatus } from '../platform/local/index.ts';
import { formatEnsemble } from './format-status.ts';

test('zkop status lists the tenants: path, user, quota, policy, connection file', () => {
  const status: EnsembleStatus = {
    name: 'zk',
    version: '3.9.4',
    stateDir: '/s',
    leader: null,
    members: [],
    serving: 0,
    participants: 0,
    quorum: 1,
    servingParticipants: 0,
    healthy: false,
    connectString: '',
    tls: null,
    committedConfig: null,
    tenants: [
      {
        name: 'orders',
        path: '/apps/orders',
        user: 'orders',
        quota: { nodes: 100, bytes: 4096 },
        deletionPolicy: 'Delete' as const,
        connectionFile: '/s/zk/tenants/orders/connection.json',
      },
      {
        name: 'audit',
        path: '/audit',
        user: 'auditor',
        quota: null,
        deletionPolicy: 'Retain' as const,
        connectionFile: '/s/zk/tenants/audit/connection.json',
      },
    ],
  };
  const lines = formatEnsemble(status).split('\n');
  const at = lines.indexOf('tenants:');
  assert.ok(at >= 0);
  assert.match(lines[at + 1] ?? '', /^TENANT\s+PATH\s+USER\s+QUOTA\s+ON REMOVAL\s+CONNECTION FILE$/);
  assert.match(
    lines[at + 2] ?? '',
    /^orders\s+\/apps\/orders\s+orders\s+100 nodes, 4096 bytes\s+Delete\s+\/s\/zk\/tenants\/orders\/connection\.json$/,
  );
  assert.match(lines[at + 3] ?? '', /^audit\s+\/audit\s+auditor\s+-\s+Retain\s+/);
});
