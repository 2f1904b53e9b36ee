/**
 * What the tests of the test cluster share: its scripts, kubectl against it, bounded waits.
 * The cluster is brought up by the first test file that needs it (up.sh leaves a running
 * cluster alone) and torn down by each file's end unless ZKOP_CLUSTER_KEEP=1, which e2e.sh
 * sets because it tears the cluster down itself after the whole tier.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const clusterDir = import.meta.dirname;
export const root = join(clusterDir, '..', '..');
export const kubeconfig = join(root, '.cache', 'cluster', 'kubeconfig');
export const kubectlBin = join(root, '.cache', 'cluster', 'bin', 'kubectl');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  command: string,
  args: string[],
  input?: string,
  timeout = 120_000,
  env: Record<string, string> = {},
): RunResult {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    input,
    timeout,
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Runs one of the cluster's scripts (up to 30 minutes: the first run builds); returns its stdout. */
export function script(name: string, ...args: string[]): string {
  const result = run('bash', [join(clusterDir, name), ...args], undefined, 1_800_000);
  assert.equal(result.code, 0, `${name} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

export function kubectl(args: string[], input?: string, timeout?: number): RunResult {
  return run(kubectlBin, ['--kubeconfig', kubeconfig, ...args], input, timeout);
}

export function kubectlOk(args: string[], input?: string, timeout?: number): string {
  const result = kubectl(args, input, timeout);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Runs `bash -c command` in a ZooKeeper pod's server container; its output, failing on a non-zero exit. */
export function inZooKeeperPod(namespace: string, pod: string, command: string): string {
  return kubectlOk(
    ['-n', namespace, 'exec', pod, '-c', 'zookeeper', '--', 'bash', '-c', command],
    undefined,
    60_000,
  );
}

export function clusterUp(): void {
  script('up.sh');
}

/** Tears the cluster down, unless whoever started the test run keeps it (ZKOP_CLUSTER_KEEP=1). */
export function clusterDown(): void {
  if (process.env.ZKOP_CLUSTER_KEEP !== '1') script('down.sh');
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
  intervalMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(intervalMs);
  }
}
