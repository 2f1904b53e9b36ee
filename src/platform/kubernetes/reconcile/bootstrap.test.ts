import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { storeWithSnapshot } from '../../shared/backup/testing/snapshot-store.ts';
import { SECRETS, STATEFULSETS } from '../client/resources.ts';
import { BOOTSTRAP_CONTAINER } from '../render/bootstrap.ts';
import { condition, NS, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';
import type { ReconcileContext } from './context.ts';

const root = mkdtempSync(join(tmpdir(), 'zkop-bootstrap-'));
after(() => rmSync(root, { recursive: true, force: true }));

const IMAGE = 'zkop.dev/operator:test';
const s3 = { bucket: 'zk-backups', prefix: 'prod', credentialsSecretRef: { name: 's3' } };

/** A store holding one native backup of `version`, whatever target is asked for. */
async function storeWithSnapshotFor(version = '3.9.4') {
  const { store, manifest } = await storeWithSnapshot(root, version);
  const over: Partial<ReconcileContext> = { operatorImage: IMAGE, openStore: async () => store };
  return { manifest, over };
}

async function fixture(backupId?: string) {
  const f = setup({ bootstrap: { backup: { s3, ...(backupId ? { backupId } : {}) } } });
  await f.user.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's3', namespace: NS },
    data: { accessKeyId: 'YQ==', secretAccessKey: 'Yg==' },
  } as V1Secret);
  return f;
}

const bootstrapContainer = (f: ReturnType<typeof setup>) =>
  f.server
    .peek<V1StatefulSet>(STATEFULSETS, REF)
    ?.spec?.template.spec?.initContainers?.find((c) => c.name === BOOTSTRAP_CONTAINER);

describe('an ensemble that starts from a backup (spec.bootstrap)', () => {
  it('records the newest snapshot before it creates the members, which place it first; restored once they serve', async () => {
    const { manifest, over } = await storeWithSnapshotFor();
    const f = await fixture();
    await f.create();
    const first = await f.run(over);
    assert.ok(
      first.actions.includes(`start from backup ${manifest.id} (last zxid 0x30000002a)`),
      first.actions.join(', '),
    );
    assert.deepEqual(statusOf(f.server)?.bootstrap, {
      backupId: manifest.id,
      targetUrl: 's3://zk-backups/prod',
      lastZxid: '0x30000002a',
      restored: false,
    });
    const container = bootstrapContainer(f);
    assert.equal(container?.image, IMAGE);
    assert.deepEqual(container?.args?.slice(0, 6), [
      'place-snapshot',
      '--from',
      's3://zk-backups/prod',
      '--backup',
      manifest.id,
      '--zookeeper-version',
    ]);
    assert.deepEqual(
      container?.env?.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom?.secretKeyRef?.key]),
      [
        ['AWS_ACCESS_KEY_ID', 'accessKeyId'],
        ['AWS_SECRET_ACCESS_KEY', 'secretAccessKey'],
      ],
    );
    await f.startPods();
    await f.run(over);
    await f.run(over);
    assert.equal(statusOf(f.server)?.bootstrap?.restored, true);
    assert.equal(bootstrapContainer(f), undefined, 'members created from now on join from the others');
  });

  it('refuses, creating nothing, a backup that is missing, of another minor, or without the operator image', async () => {
    const missing = await fixture('20261207T000000000Z-native');
    await missing.create();
    const { over } = await storeWithSnapshotFor();
    await assert.rejects(missing.run(over), /spec\.bootstrap: no backup 20261207T000000000Z-native/);
    assert.equal(condition(statusOf(missing.server), 'Degraded')?.reason, 'BootstrapBackupUnreadable');
    assert.equal(missing.server.peek(STATEFULSETS, REF), undefined);

    const older = await storeWithSnapshotFor('3.8.4');
    const minor = await fixture();
    await minor.create();
    await assert.rejects(minor.run(older.over), /same minor version/);
    assert.equal(condition(statusOf(minor.server), 'Degraded')?.reason, 'BootstrapBackupRefused');
    assert.equal(minor.server.peek(STATEFULSETS, REF), undefined);

    const noImage = await fixture();
    await noImage.create();
    await assert.rejects(noImage.run({ openStore: over.openStore }), /--operator-image/);
    assert.equal(noImage.server.peek(STATEFULSETS, REF), undefined);
  });
});
