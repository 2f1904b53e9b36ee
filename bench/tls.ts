/**
 * What TLS costs, side by side in one run on this machine:
 * - zkop's ZkClient on one member of a local 3-member ensemble (client TLS on, zkop's certificates,
 *   `ssl.clientAuth=need`), through its plain port and its secure port in turn: getData / setData /
 *   create with 1 and 64 requests in flight;
 * - turning client and quorum TLS on in a running local 3-member ensemble with `zkop up` (one roll
 *   for each of the three quorum stages), next to one plain rolling restart of the same ensemble.
 *
 *   scripts/node bench/tls.ts [--ops 3000] [--skip-turn-on]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { down, restart, up } from '../src/platform/local/index.ts';
import { ZkClient } from '../src/zk/client.ts';
import type { TlsOptions } from '../src/zk/tls-options.ts';
import { startEnsemble } from '../test/support/ensemble.ts';
import { makeZkopCerts } from '../test/support/zkop-certs.ts';
import { formatResult, measure, type Result } from './measure.ts';

const log = (message: string) => process.stderr.write(`${message}\n`);

async function clientThroughput(ops: number): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'zkop-bench-tls-'));
  const certs = makeZkopCerts(dir);
  const ensemble = await startEnsemble({
    members: 3,
    tls: { spec: { client: { enabled: true } }, keyStore: certs.files.keyStore, trustStore: certs.files.ca },
  });
  const rows: string[][] = [];
  try {
    const member = ensemble.members[0];
    if (!member) throw new Error('no member');
    const plain = { name: 'plain', server: `127.0.0.1:${member.clientPort}`, tls: undefined };
    const secure = { name: 'tls', server: `127.0.0.1:${member.secureClientPort}`, tls: certs.tls() };
    const payload = Buffer.alloc(100, 'x');
    const connect = (server: string, tls: TlsOptions | undefined) =>
      ZkClient.connect({ servers: server, requestTimeoutMs: 60_000, ...(tls ? { tls } : {}) });
    const setup = await connect(plain.server, undefined);
    for (const root of ['/bench-plain', '/bench-tls'])
      await setup.create(root, { data: payload }).catch(() => {});
    await setup.close();
    for (const workload of ['getData', 'setData', 'create'] as const) {
      for (const inFlight of [1, 64]) {
        const results = new Map<string, Result>();
        // Alternate who goes first so neither always gets the warmer server.
        for (const side of inFlight === 1 ? [plain, secure] : [secure, plain]) {
          log(`${workload}, ${inFlight} in flight, ${side.name}`);
          const client = await connect(side.server, side.tls);
          const root = `/bench-${side.name}`;
          const run = `${workload}-${inFlight}`;
          await client.create(`${root}/${run}`, { data: payload }).catch(() => {});
          const op = (i: number): Promise<unknown> =>
            workload === 'getData'
              ? client.getData(root)
              : workload === 'setData'
                ? client.setData(root, payload)
                : client.create(`${root}/${run}/n${i}`, { data: payload });
          await measure(Math.min(200, ops), inFlight, () => client.getData(root));
          results.set(side.name, await measure(ops, inFlight, op));
          await client.close();
        }
        const p = results.get('plain');
        const t = results.get('tls');
        if (p && t)
          rows.push([
            workload,
            String(inFlight),
            ...formatResult(p),
            ...formatResult(t),
            (t.opsPerSec / p.opsPerSec).toFixed(2),
          ]);
      }
    }
  } finally {
    await ensemble.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function turnOnTime(): Promise<{ restartS: number; tlsOnS: number }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'zkop-bench-tls-on-'));
  const name = 'benchtls';
  const manifest = (tls: boolean) => {
    const file = join(stateDir, `${tls ? 'tls' : 'plain'}.yaml`);
    writeFileSync(
      file,
      `apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 3\n  jvm: {heap: 128Mi}\n` +
        (tls ? '  tls: {client: {enabled: true}, quorum: {enabled: true}}\n' : ''),
    );
    return file;
  };
  try {
    await up(manifest(false), { stateDir });
    log('rolling restart (plain)');
    let began = performance.now();
    await restart(name, { stateDir, timeoutMs: 600_000 });
    const restartS = (performance.now() - began) / 1000;
    log('turning client and quorum TLS on');
    began = performance.now();
    await up(manifest(true), { stateDir, timeoutMs: 900_000 });
    return { restartS, tlsOnS: (performance.now() - began) / 1000 };
  } finally {
    await down(name, { stateDir, purge: true }).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: { ops: { type: 'string', default: '3000' }, 'skip-turn-on': { type: 'boolean', default: false } },
});
const ops = Number(values.ops);
const rows = await clientThroughput(ops);
console.log(
  `zkop ZkClient on one member of a local 3-member ZooKeeper 3.9.4 ensemble, ${ops} ops per cell, 100-byte payloads`,
);
console.log(
  ['op', 'in flight', 'plain ops/s', 'p50 ms', 'p99 ms', 'tls ops/s', 'p50 ms', 'p99 ms', 'tls/plain'].join(
    '\t',
  ),
);
for (const r of rows) console.log(r.join('\t'));
if (!values['skip-turn-on']) {
  const { restartS, tlsOnS } = await turnOnTime();
  console.log('\nlocal 3-member ZooKeeper 3.9.4 ensemble');
  console.log(`one rolling restart (plain): ${restartS.toFixed(1)} s`);
  console.log(
    `client and quorum TLS turned on (three staged rolls): ${tlsOnS.toFixed(1)} s (${(tlsOnS / restartS).toFixed(2)} x one restart)`,
  );
}
