/**
 * What a native restore keeps in state.json (`LocalState.restore`) while it runs, so that a killed zkop
 * can finish or undo it: before every member holds the restored snapshot on disk it is undone (each
 * member's old data is put back); after, it is finished.
 */

/** fencing: members restart with clients kept out; restoring: data set aside and snapshots loaded; unfencing: all restored, members restart for clients. */
export type RestorePhase = 'fencing' | 'restoring' | 'unfencing';

export interface RestoreRecord {
  readonly backupId: string;
  /** Where the backup came from. */
  readonly source: string;
  /** The verified snapshot, on this machine. */
  readonly snapshotFile: string;
  readonly lastZxid: string;
  readonly phase: RestorePhase;
  /** Members whose data is set aside and who hold the restored snapshot on disk. */
  readonly restored: readonly number[];
  readonly startedAt: string;
}
