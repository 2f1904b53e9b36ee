/** status, scale and restart against a ZooKeeper object on Kubernetes: the I/O around the pure parts. */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiError,
  connectCli,
  follow,
  type KubeApi,
  newRestartToken,
  type ObjectRef,
  restartPatch,
  scalePatch,
  ZOOKEEPERS,
  type ZooKeeperReading,
} from '../platform/kubernetes/index.ts';
import { failed, invalidInput, notFound } from '../platform/shared/errors.ts';
import { formatZooKeeper, progressLine } from './format-kubernetes-status.ts';
import type { KubernetesTarget } from './kubernetes-options.ts';
import { type OutputFormat, printJson, progressPrinter, timeoutFromSeconds } from './options.ts';

const POLL_MS = 2000;

export interface FollowFlags {
  readonly wait: boolean;
  readonly timeout: string;
}

export async function kubernetesStatus(target: KubernetesTarget, name: string, output: OutputFormat) {
  const { api, ref } = await open(target, name);
  const zk = await read(api, ref);
  if (output === 'json')
    printJson({ name, namespace: ref.namespace, generation: zk.metadata.generation, ...zk.status });
  else process.stdout.write(`${formatZooKeeper(zk)}\n`);
}

export async function kubernetesScale(
  target: KubernetesTarget,
  name: string,
  counts: { replicas: number; observers?: number | undefined },
  flags: FollowFlags,
): Promise<void> {
  const { api, ref } = await open(target, name);
  const what = `scale to ${counts.replicas} voting members${counts.observers === undefined ? '' : ` and ${counts.observers} observers`}`;
  const patched = await send(api, ref, scalePatch(counts.replicas, counts.observers));
  await followChange(api, ref, patched, what, false, flags);
}

export async function kubernetesRestart(target: KubernetesTarget, name: string, flags: FollowFlags) {
  const { api, ref } = await open(target, name);
  const token = newRestartToken(new Date());
  const patched = await send(api, ref, restartPatch(token));
  await followChange(api, ref, patched, `restart (token ${token})`, true, flags);
}

async function open(
  target: KubernetesTarget,
  name: string,
): Promise<{ api: KubeApi; ref: ObjectRef & { namespace: string } }> {
  let connection: Awaited<ReturnType<typeof connectCli>>;
  try {
    connection = await connectCli(target);
  } catch (error) {
    throw invalidInput((error as Error).message);
  }
  return { api: connection.api, ref: { namespace: connection.namespace, name } };
}

const titleOf = (ref: ObjectRef) => `ZooKeeper ${ref.namespace}/${ref.name}`;

async function read(api: KubeApi, ref: ObjectRef): Promise<ZooKeeperReading> {
  const zk = await api.get<ZooKeeperReading & { kind?: string }>(ZOOKEEPERS, ref).catch(apiFailure(ref));
  if (!zk) throw notFound(`${titleOf(ref)} not found`);
  return zk;
}

async function send(api: KubeApi, ref: ObjectRef, patch: unknown): Promise<ZooKeeperReading> {
  return api.mergePatch<ZooKeeperReading & { kind?: string }>(ZOOKEEPERS, ref, patch).catch(apiFailure(ref));
}

/** The API server's refusals as exit codes: 404 not found, 422 (schema, CEL rules) invalid input. */
function apiFailure(ref: ObjectRef): (error: unknown) => never {
  return (error) => {
    if (!(error instanceof ApiError)) throw failed(`${titleOf(ref)}: ${(error as Error).message}`);
    if (error.code === 404) throw notFound(`${titleOf(ref)} not found`);
    if (error.code === 422) throw invalidInput(`${error.message} (nothing was changed)`);
    throw failed(`${titleOf(ref)}: ${error.message} (HTTP ${error.code} ${error.reason})`);
  };
}

async function followChange(
  api: KubeApi,
  ref: ObjectRef,
  patched: ZooKeeperReading,
  what: string,
  awaitWork: boolean,
  flags: FollowFlags,
): Promise<void> {
  const generation = patched.metadata.generation ?? 0;
  const timeoutMs = timeoutFromSeconds(flags.timeout);
  const follow_ = `zkop status ${ref.name} -n ${ref.namespace}`;
  if (!flags.wait) {
    process.stdout.write(
      `${titleOf(ref)}: ${what} requested (generation ${generation}); follow with ${follow_}\n`,
    );
    return;
  }
  const progress = progressPrinter(false);
  progress(`${titleOf(ref)}: ${what} requested (generation ${generation})`);
  let last = '';
  const end = await follow(
    api,
    ref,
    { generation, awaitWork },
    {
      timeoutMs,
      intervalMs: POLL_MS,
      now: Date.now,
      sleep: (ms) => sleep(ms),
      onReading: (zk) => {
        const line = progressLine(zk, generation);
        if (line !== last) progress(line);
        last = line;
      },
    },
  ).catch(apiFailure(ref));
  switch (end.end) {
    case 'ready':
      process.stdout.write(`${ref.name}: ${what} done\n${formatZooKeeper(end.zk)}\n`);
      return;
    case 'gone':
      throw notFound(`${titleOf(ref)} was deleted`);
    case 'stuck':
      throw failed(`${titleOf(ref)}: ${end.message}`, formatZooKeeper(end.zk));
    case 'timeout':
      throw failed(
        `${titleOf(ref)}: not Ready within ${timeoutMs / 1000}s; the operator carries on, follow it with ${follow_}`,
        formatZooKeeper(end.zk),
      );
  }
}
