/**
 * Processes on the machine that are clients inside the test cluster: started in a node's network
 * namespace (`ip netns exec`), they reach Services through that node's kube-proxy and resolve names
 * with cluster DNS (up.sh writes the namespace's resolv.conf), as an application pod would.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kazooTlsEnv, type TlsFiles } from '../support/kazoo.ts';
import type { WriterReport } from '../support/zookeeper-load.ts';
import { root } from './cluster.ts';

export interface ClusterProcess<T> {
  /** SIGTERM, then the JSON the process printed last. */
  stop(): Promise<T>;
}

/**
 * Processes not stopped yet. They do not keep a test file's process alive (a test that failed before
 * it stopped them would otherwise hang its file), and they end with it.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const holdOpen = (child: ChildProcess, hold: boolean) => {
  for (const handle of [child, child.stdout as Socket | null, child.stderr as Socket | null]) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
};

/** Starts `command` in node `node`'s namespace; resolves once it printed `ready`. */
export function startInCluster<T>(
  command: string,
  args: readonly string[],
  node = 1,
  env: Readonly<Record<string, string>> = {},
): Promise<ClusterProcess<T>> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', `zkop-node-${node}`, command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  // 'close', not 'exit': a process can exit before its last output has been read from the pipe.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not get ready in 60 s:\n${stderr}`));
    }, 60_000);
    const check = () => {
      if (!stdout.split('\n').includes('ready')) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      holdOpen(child, false);
      resolve({
        async stop() {
          holdOpen(child, true);
          child.kill('SIGTERM');
          const code = await exited;
          const last = stdout.trim().split('\n').at(-1) ?? '';
          if (code !== 0 || !last.startsWith('{')) {
            throw new Error(`${command} ended with ${code}:\n${stderr.slice(-2000)}`);
          }
          return JSON.parse(last) as T;
        },
      });
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${stderr.slice(-2000)}`));
    });
  });
}

/** zkop's writer (test/support/zookeeper-load.ts) inside the cluster; `rate` 0 writes back to back. */
export const startClusterWriter = (servers: string, path: string, node = 1, rate = 0) =>
  startInCluster<WriterReport>(
    join(root, 'scripts', 'node'),
    [join(root, 'test', 'support', 'writer-process.ts'), servers, path, String(rate)],
    node,
  );

/**
 * kazoo's writer (test/support/kazoo-writer.py) inside the cluster, over TLS with `tls`; see
 * kazoo.ts for the install.
 */
export const startKazooWriter = (
  python: string,
  servers: string,
  path: string,
  node = 1,
  rate = 0,
  tls?: TlsFiles,
) =>
  startInCluster<WriterReport>(
    python,
    [join(root, 'test', 'support', 'kazoo-writer.py'), servers, path, String(rate)],
    node,
    tls ? kazooTlsEnv(tls) : {},
  );

export interface ConnectProbeReport {
  readonly accepted: number;
  readonly refused: number;
  /** When (ms since the epoch) each attempt that got no answer within 3 s began. */
  readonly unanswered: readonly number[];
}

/** Connects to `host`:`port` every 100 ms from inside the cluster (test/support/connect-probe.py). */
export const startConnectProbe = (host: string, port: number, node = 1) =>
  startInCluster<ConnectProbeReport>(
    'python3',
    [join(root, 'test', 'support', 'connect-probe.py'), host, String(port)],
    node,
  );

/** Runs `command` to its end in node `node`'s namespace, as a client inside the cluster. */
export async function runInCluster(
  command: string,
  args: readonly string[],
  node = 1,
): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)('ip', ['netns', 'exec', `zkop-node-${node}`, command, ...args], {
    timeout: 120_000,
  });
}

/** The IPv4 addresses `name` resolves to inside the cluster, as node `node`'s resolver answers. */
export async function resolveInCluster(name: string, node = 1): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    'ip',
    ['netns', 'exec', `zkop-node-${node}`, 'getent', 'ahostsv4', name],
    { timeout: 15_000 },
  );
  const addresses = stdout.split('\n').flatMap((line) => line.split(/\s+/)[0] || []);
  return [...new Set(addresses)];
}
