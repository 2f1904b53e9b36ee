/** Throughput and latency of `total` operations issued by `inFlight` concurrent workers. */
import { percentile } from './k8s/stats.ts';

export interface Result {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** `inFlight` workers issue `total` operations between them; each records its own latency. */
export async function measure(
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

export const formatResult = (r: Result): string[] => [
  r.opsPerSec.toFixed(0),
  r.p50Ms.toFixed(2),
  r.p99Ms.toFixed(2),
];
