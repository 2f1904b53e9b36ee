/**
 * What the TLS e2e files share: a TLS Secret's files written where clients in the cluster read
 * them, the client Service's address, the serial a member serves, and a certificate
 * rotation watched from every member under a TLS writer.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { kubectlOk, waitFor } from '../cluster/cluster.ts';
import { startKazooWriter } from '../cluster/in-cluster.ts';
import { kazooPython, type TlsFiles } from '../support/kazoo.ts';
import { memberPods } from './ensemble-probe.ts';
import { getZooKeeper } from './operator-install.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The files of kubernetes.io/tls Secret `secret` in `ns`, written into `dir`. */
export function secretFiles(ns: string, dir: string, secret: string): TlsFiles & { keyStore: string } {
  const { data } = JSON.parse(kubectlOk(['-n', ns, 'get', 'secret', secret, '-o', 'json'])) as {
    data: Record<string, string>;
  };
  const text = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
  const path = (file: string) => join(dir, `${secret}-${file}`);
  writeFileSync(path('ca.crt'), text('ca.crt'));
  writeFileSync(path('tls.crt'), text('tls.crt'));
  writeFileSync(path('tls.key'), text('tls.key'));
  writeFileSync(path('keystore.pem'), `${text('tls.key')}\n${text('tls.crt')}`);
  return { ca: path('ca.crt'), cert: path('tls.crt'), key: path('tls.key'), keyStore: path('keystore.pem') };
}

export const clientService = (ns: string, name: string, port: number) =>
  `${name}-client.${ns}.svc.cluster.local:${port}`;

/** The serial of the certificate `host:port` serves (the client certificate offered). */
export function servedSerial(host: string, port: number, client: TlsFiles): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host,
        port,
        cert: readFileSync(client.cert),
        key: readFileSync(client.key),
        rejectUnauthorized: false,
      },
      () => {
        resolve(socket.getPeerCertificate().serialNumber);
        socket.destroy();
      },
    );
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no TLS answer from ${host}:${port}`)));
    socket.once('error', reject);
  });
}

/**
 * Under a kazoo writer over TLS through the client Service, `rotate` replaces the members'
 * certificate; waits until every member of `name` serves a new one (one certificate for all) and the
 * status shows it, then asserts that no pod restarted and that the writer saw no failed write and no expired session.
 */
export async function assertRotationReachesEveryMember(
  ns: string,
  name: string,
  client: TlsFiles,
  path: string,
  rotate: () => void,
): Promise<void> {
  const writer = await startKazooWriter(kazooPython, clientService(ns, name, 2281), path, 1, 20, client);
  const before = new Map([...memberPods(ns, name).values()].map((p) => [p.name, p]));
  const served = () =>
    Promise.all([...before.values()].map((p) => servedSerial(p.ip ?? '', 2281, client).catch(() => '')));
  const old = await served();
  rotate();
  const started = performance.now();
  const renewed = await waitFor('every member to serve the new certificate', 300_000, async () => {
    const now = await served();
    return now.every((serial, i) => serial !== '' && serial !== old[i]) ? now : undefined;
  });
  log(
    `renewed certificate served by every member after ${Math.round((performance.now() - started) / 1000)} s`,
  );
  assert.equal(new Set(renewed).size, 1, 'one certificate for all members');
  await waitFor("the status to show the members' new certificate", 60_000, () => {
    const shown = getZooKeeper(ns, name)?.status?.tls?.certificates.find((c) => c.certificate === 'members');
    return shown && BigInt(`0x${shown.serial}`) === BigInt(`0x${renewed[0]}`) ? shown : undefined;
  });
  const report = await writer.stop();
  for (const [pod, now] of memberPods(ns, name))
    assert.equal(now.uid, before.get(pod)?.uid, `${pod} restarted`);
  log(
    `TLS writer during renewal: ${report.acknowledged.length} acknowledged, ${report.failed} failed, longest gap ${report.longestGapMs} ms`,
  );
  assert.equal(report.failed, 0);
  assert.equal(report.expired, 0);
}
