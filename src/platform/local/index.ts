/**
 * What the command line sees of zkop on this machine: `zkop up|down|status|scale|restart` and
 * `up --watch`, where ensembles keep their files, and the status they show. Re-exports only.
 */
export { type DownOptions, type DownResult, down } from './commands/down.ts';
export type { EnsembleStatus, MemberStatus } from './commands/ensemble-status.ts';
export { untilInterrupted } from './commands/interrupt.ts';
export { restart } from './commands/restart.ts';
export { scale } from './commands/scale.ts';
export { status, statusAll } from './commands/status.ts';
export { type UpOptions, type UpResult, up } from './commands/up.ts';
export { watch } from './commands/watch.ts';
export type { LifecycleRunOptions } from './lifecycle/run-options.ts';
export { listEnsembleNames, resolveStateDir } from './state/state-layout.ts';
