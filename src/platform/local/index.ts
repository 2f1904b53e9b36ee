/**
 * What the command line sees of zkop on this machine: `zkop up|down|status|scale|restart` and
 * `up --watch`, where ensembles keep their files, and the status they show. Re-exports only.
 */
export { type DownOptions, type DownResult, down } from './down.ts';
export type { EnsembleStatus, MemberStatus } from './ensemble-status.ts';
export { untilInterrupted } from './lifecycle/interrupt.ts';
export { restart } from './lifecycle/restart.ts';
export type { LifecycleRunOptions } from './lifecycle/run-options.ts';
export { scale } from './lifecycle/scale.ts';
export { watch } from './lifecycle/watch.ts';
export { listEnsembleNames, resolveStateDir } from './state-layout.ts';
export { status, statusAll } from './status.ts';
export { type UpOptions, type UpResult, up } from './up.ts';
