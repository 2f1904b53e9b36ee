/**
 * What the command line sees of zkop on this machine: `zkop up|down|status|scale|restart` and
 * `up --watch`, `backup|restore|export|import`, where ensembles keep their files, and the status they show. Re-exports only.
 */
export type { BackupSchedule } from './backup/backup-schedule.ts';
export { type BackupOptions, backup, listBackupsIn } from './commands/backup.ts';
export { type DownOptions, type DownResult, down } from './commands/down.ts';
export type { EnsembleStatus, MemberStatus } from './commands/ensemble-status.ts';
export { untilInterrupted } from './commands/interrupt.ts';
export { type ExportOptions, exportZnodes, type ImportOptions, importZnodes } from './commands/migrate.ts';
export { restart } from './commands/restart.ts';
export { type RestoreOptions, type RestoreResult, restore } from './commands/restore.ts';
export { scale } from './commands/scale.ts';
export { status, statusAll } from './commands/status.ts';
export { type UpOptions, type UpResult, up } from './commands/up.ts';
export { watch } from './commands/watch.ts';
export type { LifecycleRunOptions } from './lifecycle/run-options.ts';
export { listEnsembleNames, resolveStateDir } from './state/state-layout.ts';
