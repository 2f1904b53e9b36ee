/** What the command line reads and the patches it sends to a ZooKeeper object. Pure. */
import type { ZooKeeperStatus } from '../../../api/spec.ts';
import { RESTART_TOKEN_ANNOTATION } from '../render/index.ts';

/** A ZooKeeper object as the command line reads it: only the fields it shows or follows. */
export interface ZooKeeperReading {
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly generation?: number;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: { readonly replicas?: number; readonly observers?: number; readonly version?: string };
  readonly status?: ZooKeeperStatus;
}

/** Merge patch of the member counts; observers stay as they are when not given. */
export function scalePatch(replicas: number, observers?: number): { spec: Record<string, number> } {
  return { spec: { replicas, ...(observers !== undefined ? { observers } : {}) } };
}

/** Merge patch that asks the operator to restart every member started before it. */
export function restartPatch(token: string): { metadata: { annotations: Record<string, string> } } {
  return { metadata: { annotations: { [RESTART_TOKEN_ANNOTATION]: token } } };
}

/** A token that differs from any earlier one: the time of the request, to the millisecond. */
export const newRestartToken = (now: Date): string => now.toISOString();
