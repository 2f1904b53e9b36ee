/**
 * Throughput and latency of zkop's ZkClient next to node-zookeeper-client, same ensemble, same run:
 * pipelined getData / setData / create with 1 and 64 requests in flight.
 *
 *   scripts/node bench/zk-client.ts [--ops 3000] [--servers host:port]
 *
 * Without --servers it starts a 3-member ensemble (test/support/ensemble.ts) and stops it after.
 * Both clients talk to the same single member.
 */

import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { ZkClient } from '../src/zk/client.ts';
import { startEnsemble, type TestEnsemble } from '../test/support/ensemble.ts';
import { percentile } from './k8s/stats.ts';

interface NzcStat {
  version: number;
}
interface NzcClient {
  connect(): void;
  close(): void;
  once(event: 'connected', cb: () => void): void;
  getData(path: string, cb: (err: Error | null, data: Buffer) => void): void;
  setData(path: string, data: Buffer, version: number, cb: (err: Error | null, stat: NzcStat) => void): void;
  create(path: string, data: Buffer, cb: (err: Error | null, path: string) => void): void;
}
interface Nzc {
  createClient(connectString: string, opts: { sessionTimeout: number }): NzcClient;
}

interface Driver {
  readonly name: string;
  getData(path: string): Promise<unknown>;
  setData(path: string, data: Buffer): Promise<unknown>;
  create(path: string, data: Buffer): Promise<unknown>;
  close(): Promise<void>;
}

async function zkopDriver(server: string): Promise<Driver> {
  const c = await ZkClient.connect({ servers: server, sessionTimeoutMs: 30_000, requestTimeoutMs: 60_000 });
  return {
    name: 'zkop ZkClient',
    getData: (p) => c.getData(p),
    setData: (p, d) => c.setData(p, d),
    create: (p, d) => c.create(p, { data: d }),
    close: () => c.close(),
  };
}

async function nzcDriver(server: string): Promise<Driver> {
  const nzc = createRequire(import.meta.url)('node-zookeeper-client') as Nzc;
  const c = nzc.createClient(server, { sessionTimeout: 30_000 });
  await new Promise<void>((resolve) => {
    c.once('connected', resolve);
    c.connect();
  });
  const call = <T>(start: (cb: (err: Error | null, v: T) => void) => void): Promise<T> =>
    new Promise((resolve, reject) => start((err, v) => (err ? reject(err) : resolve(v))));
  return {
    name: 'node-zookeeper-client',
    getData: (p) => call((cb) => c.getData(p, cb)),
    setData: (p, d) => call((cb) => c.setData(p, d, -1, cb)),
    create: (p, d) => call((cb) => c.create(p, d, cb)),
    close: async () => c.close(),
  };
}

interface Result {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** `inFlight` workers issue `total` operations between them; each records its own latency. */
async function measure(
  total: number,
  inFlight: number,
  op: (i: number) => Promise<unknown>,
): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      await op(i);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    opsPerSec: total / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { ops: { type: 'string', default: '3000' }, servers: { type: 'string' } },
  });
  const ops = Number(values.ops);
  let ensemble: TestEnsemble | undefined;
  let server = values.servers;
  if (server === undefined) {
    ensemble = await startEnsemble({ members: 3 });
    server = `127.0.0.1:${ensemble.members[0]?.clientPort}`;
  }
  const payload = Buffer.alloc(100, 'x');
  const rows: string[][] = [];
  try {
    const setup = await ZkClient.connect({ servers: server });
    for (const root of ['/bench-zkop', '/bench-nzc'])
      await setup.create(root, { data: payload }).catch(() => {});
    await setup.close();
    for (const workload of ['getData', 'setData', 'create'] as const) {
      for (const inFlight of [1, 64]) {
        const results: [string, Result][] = [];
        // Alternate who goes first so neither always gets the warmer server.
        const order = inFlight === 1 ? [zkopDriver, nzcDriver] : [nzcDriver, zkopDriver];
        for (const make of order) {
          const d = await make(server);
          const root = d.name.startsWith('zkop') ? '/bench-zkop' : '/bench-nzc';
          const run = `${workload}-${inFlight}`;
          await d.create(`${root}/${run}`, payload).catch(() => {});
          const op = (i: number): Promise<unknown> =>
            workload === 'getData'
              ? d.getData(root)
              : workload === 'setData'
                ? d.setData(root, payload)
                : d.create(`${root}/${run}/n${i}`, payload);
          await measure(Math.min(200, ops), inFlight, (i) =>
            workload === 'create' ? d.getData(root) : op(i),
          );
          results.push([d.name, await measure(ops, inFlight, op)]);
          await d.close();
        }
        const zkop = results.find(([n]) => n.startsWith('zkop'))?.[1];
        const nzc = results.find(([n]) => !n.startsWith('zkop'))?.[1];
        if (!zkop || !nzc) continue;
        const fmt = (r: Result) => [r.opsPerSec.toFixed(0), r.p50Ms.toFixed(2), r.p99Ms.toFixed(2)];
        rows.push([
          workload,
          String(inFlight),
          ...fmt(zkop),
          ...fmt(nzc),
          (zkop.opsPerSec / nzc.opsPerSec).toFixed(2),
        ]);
      }
    }
  } finally {
    await ensemble?.stop();
  }
  const header = [
    'op',
    'in flight',
    'zkop ops/s',
    'p50 ms',
    'p99 ms',
    'nzc ops/s',
    'p50 ms',
    'p99 ms',
    'ratio',
  ];
  const target = ensemble ? `ZooKeeper ${ensemble.version}` : `ZooKeeper at ${server}`;
  console.log(`${target}, ${ops} ops per cell, 100-byte payloads`);
  console.log(header.join('\t'));
  for (const r of rows) console.log(r.join('\t'));
}

await main();
