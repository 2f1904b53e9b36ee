/** Follows a ZooKeeper object's status after a change until it is carried out, stuck, or out of time. */

import type { KubeApi, ObjectRef } from '../client/kube-api.ts';
import { ZOOKEEPERS } from '../client/resources.ts';
import type { FollowGoal } from './progress.ts';
import { judge } from './progress.ts';
import type { ZooKeeperReading } from './requests.ts';

export interface FollowOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Each reading, for progress output. */
  readonly onReading: (zk: ZooKeeperReading) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export type FollowEnd =
  | { readonly end: 'ready'; readonly zk: ZooKeeperReading }
  | { readonly end: 'stuck'; readonly zk: ZooKeeperReading; readonly message: string }
  | { readonly end: 'timeout'; readonly zk: ZooKeeperReading }
  | { readonly end: 'gone' };

export async function follow(
  api: KubeApi,
  ref: ObjectRef,
  goal: FollowGoal,
  options: FollowOptions,
): Promise<FollowEnd> {
  const deadline = options.now() + options.timeoutMs;
  let sawWork = false;
  for (;;) {
    const zk = await api.get<ZooKeeperReading & { apiVersion?: string; kind?: string }>(ZOOKEEPERS, ref);
    if (!zk) return { end: 'gone' };
    options.onReading(zk);
    const verdict = judge(zk, goal, sawWork);
    if (verdict.state === 'ready') return { end: 'ready', zk };
    if (verdict.state === 'stuck') return { end: 'stuck', zk, message: verdict.message };
    sawWork = verdict.sawWork;
    if (options.now() >= deadline) return { end: 'timeout', zk };
    await options.sleep(options.intervalMs);
  }
}
