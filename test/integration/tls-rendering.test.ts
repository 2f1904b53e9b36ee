/**
 * zoo.cfg for TLS as zkop renders it (src/config/tls-entries.ts), run by real ZooKeeper 3.9.4 and
 * 3.8.3: quorum TLS at each stage of a staged change, the secure client port with each clientAuth,
 * a plain client refused there, the AdminServer over HTTPS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ZooKeeperSpec } from '../../src/api/spec.ts';
import type { QuorumTlsStage } from '../../src/config/quorum-tls-stage.ts';
import { adminCommand } from '../../src/zk/admin.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { FourLetterError, fourLetter } from '../../src/zk/four-letter.ts';
import type { TlsOptions } from '../../src/zk/tls-options.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';
import { makeZkopCerts } from '../support/zkop-certs.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-tls-rendering-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const certs = makeZkopCerts(dir);

function ensemble(
  version: string,
  members: number,
  spec: NonNullable<ZooKeeperSpec['tls']>,
  quorumTls?: QuorumTlsStage,
): Promise<TestEnsemble> {
  const tls = { spec, keyStore: certs.files.keyStore, trustStore: certs.files.ca };
  return startEnsemble({ members, version, tls: quorumTls ? { ...tls, quorumTls } : tls });
}

async function roundTrip(zk: TestEnsemble, tls: TlsOptions, path: string): Promise<string> {
  const servers = zk.members.map((m) => `127.0.0.1:${m.secureClientPort}`).join(',');
  const client = await ZkClient.connect({ servers, tls, connectTimeoutMs: 5_000, attemptTimeoutMs: 2_000 });
  try {
    await client.create(path, { data: 'tls' });
    return (await client.getData(path)).data.toString();
  } finally {
    await client.close();
  }
}

const quorumLog = (zk: TestEnsemble) => zk.members.map((m) => zk.logTail(m.id, 2_000)).join('\n');

for (const version of ['3.9.4', '3.8.3']) {
  describe(`ZooKeeper ${version} with zkop's TLS rendering`, () => {
    it('TLS-only quorum of three, secure client port that needs a client certificate, HTTPS AdminServer', async () => {
      const zk = await ensemble(version, 3, { client: { enabled: true }, quorum: { enabled: true } });
      try {
        const log = quorumLog(zk);
        assert.equal(log.match(/Using TLS encrypted quorum communication/g)?.length, 3);
        assert.equal(log.match(/Port unification disabled/g)?.length, 3);
        assert.equal(await roundTrip(zk, certs.tls(), '/need'), 'tls');
        await assert.rejects(roundTrip(zk, certs.tls(false), '/none'), /requires a client certificate/);
        const member = zk.members[0];
        assert.ok(member);
        const plain = await fourLetter('127.0.0.1', member.secureClientPort, 'srvr', {
          timeoutMs: 3_000,
        }).catch((e: unknown) => e);
        assert.ok(plain instanceof FourLetterError, 'a plain client was answered on the secure port');
        const ruok = await adminCommand('127.0.0.1', member.adminPort, 'ruok', {
          timeoutMs: 5_000,
          tls: certs.tls(),
        });
        assert.equal(ruok.error, null);
      } finally {
        await zk.stop();
      }
    });

    const stages = [
      { stage: 'accept-tls', clientAuth: 'none', quorum: /Using insecure \(non-TLS\) quorum communication/ },
      { stage: 'dial-tls', clientAuth: 'want', quorum: /Using TLS encrypted quorum communication/ },
    ] as const;
    for (const { stage, clientAuth, quorum } of stages) {
      it(`stage ${stage} (portUnification on) with clientAuth ${clientAuth}`, async () => {
        const tls = { client: { enabled: true, clientAuth }, quorum: { enabled: true } };
        const zk = await ensemble(version, 1, tls, stage);
        try {
          const log = quorumLog(zk);
          assert.match(log, quorum);
          assert.match(log, /Port unification enabled/);
          assert.equal(await roundTrip(zk, certs.tls(false), '/without'), 'tls');
          if (clientAuth === 'want') assert.equal(await roundTrip(zk, certs.tls(), '/with'), 'tls');
        } finally {
          await zk.stop();
        }
      });
    }
  });
}
