/**
 * A real Prometheus server on 127.0.0.1 for integration tests: the release the test cluster runs
 * (built by scripts/prometheus.sh), a free port, its TSDB in a temporary directory,
 * static scrape targets with the labels a ServiceMonitor's targets carry, and rule files.
 *
 *   const prometheus = await startPrometheus({ targets, ruleGroups });
 *   after(() => prometheus.stop());
 *
 * The process is also killed when the test process exits, so a failing test leaves nothing running.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { readLogTail } from '../../src/platform/local/process/log-tail.ts';
import { freePorts } from '../../src/platform/local/process/ports.ts';
import { processState, startDetached, stopProcess } from '../../src/platform/local/process/process.ts';
import { goToolPath } from './go-tool.ts';

export interface ScrapeTarget {
  /** `host:port` of a /metrics endpoint. */
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface PrometheusOptions {
  readonly targets: readonly ScrapeTarget[];
  /** Alerting rule groups, written to one rule file (a PrometheusRule's `spec.groups`). */
  readonly ruleGroups?: readonly unknown[];
  /** Scrape and rule evaluation interval (default 1s). */
  readonly interval?: string;
  /** How long to wait for the server to answer (default 30 s). */
  readonly timeoutMs?: number;
}

export interface PrometheusServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly pid: number;
  readonly version: string;
  /** Last lines of the server's log. */
  logTail(lines?: number): string;
  /** Stops the server by its pid and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  const binary = await goToolPath('prometheus.sh', 'prometheus');
  const interval = opts.interval ?? '1s';
  const [port] = (await freePorts(1)) as [number];
  const dir = mkdtempSync(join(tmpdir(), 'zkop-prometheus-'));
  const ruleFiles = opts.ruleGroups === undefined ? [] : ['rules.yaml'];
  if (opts.ruleGroups !== undefined)
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: opts.ruleGroups }));
  writeFileSync(
    join(dir, 'prometheus.yaml'),
    stringify({
      global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
      rule_files: ruleFiles.map((f) => join(dir, f)),
      scrape_configs: [
        {
          job_name: 'zookeeper',
          static_configs: opts.targets.map((t) => ({ targets: [t.address], labels: t.labels })),
        },
      ],
    }),
  );
  const log = join(dir, 'prometheus.log');
  const handle = await startDetached(binary, {
    args: [
      `--config.file=${join(dir, 'prometheus.yaml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    logFile: log,
    cwd: dir,
  });
  const kill = () => {
    if (processState(handle.pid, handle.startTime) === 'running') process.kill(handle.pid, 'SIGKILL');
  };
  process.on('exit', kill);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopProcess(handle.pid, { startTime: handle.startTime, graceMs: 5_000 });
    process.off('exit', kill);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const logTail = (lines = 30) => readLogTail(log, lines);
  try {
    const version = await waitReady(url, handle, opts.timeoutMs ?? 30_000, logTail);
    return { url, pid: handle.pid, version, logTail, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until the server reports ready; resolves with its version. */
async function waitReady(
  url: string,
  handle: { pid: number; startTime: number },
  timeoutMs: number,
  logTail: () => string,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const ready = await fetch(`${url}/-/ready`);
      if (ready.ok) {
        const info = (await (await fetch(`${url}/api/v1/status/buildinfo`)).json()) as {
          data: { version: string };
        };
        return info.data.version;
      }
    } catch {
      // not listening yet
    }
    if (processState(handle.pid, handle.startTime) !== 'running')
      throw new Error(`prometheus exited while starting:\n${logTail()}`);
    if (Date.now() >= deadline)
      throw new Error(`prometheus did not get ready within ${timeoutMs} ms:\n${logTail()}`);
    await sleep(100);
  }
}
