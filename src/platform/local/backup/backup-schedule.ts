/**
 * Scheduled backups while `zkop up --watch` runs: at each minute the cron schedule names, a backup of
 * the ensemble to the target, then the retention policy over that ensemble's backups of that kind.
 * The first run follows the newest such backup in the target (a run missed while nothing watched is
 * made at once, once). A failed run is reported and the next one is at the next scheduled minute.
 */
import { type CronSchedule, nextRun } from '../../../backup/cron.ts';
import { expiredBackups, type Retention } from '../../../backup/retention.ts';
import { deleteBackups } from '../../shared/backup/delete-backups.ts';
import { listBackups } from '../../shared/backup/list-backups.ts';
import { openTarget } from '../../shared/backup/open-target.ts';
import { withStore } from '../../shared/backup/store-failure.ts';
import { backup } from './take-backup.ts';

export interface BackupSchedule {
  readonly cron: CronSchedule;
  readonly to: string;
  readonly logical: boolean;
  readonly retention: Retention;
}

export class BackupScheduler {
  private next: Date | undefined;
  private readonly name: string;
  private readonly stateDir: string;
  private readonly schedule: BackupSchedule;
  private readonly progress: (message: string) => void;

  constructor(name: string, stateDir: string, schedule: BackupSchedule, progress: (message: string) => void) {
    this.name = name;
    this.stateDir = stateDir;
    this.schedule = schedule;
    this.progress = progress;
  }

  private get kind() {
    return this.schedule.logical ? 'logical' : 'native';
  }

  private async ours() {
    const store = await openTarget(this.schedule.to);
    const { complete } = await withStore(() => listBackups(store));
    return { store, mine: complete.filter((m) => m.ensemble === this.name && m.kind === this.kind) };
  }

  /** Takes the backup if it is due at `now`; never throws (the watch goes on). */
  async tick(now: Date): Promise<void> {
    try {
      if (this.next === undefined) {
        const newest = (await this.ours()).mine.at(-1);
        this.next = nextRun(this.schedule.cron, newest ? new Date(newest.createdAt) : now);
        this.progress(
          `${this.name}: next ${this.kind} backup to ${this.schedule.to} at ${this.next?.toISOString() ?? 'never'}`,
        );
      }
      if (this.next === undefined || now < this.next) return;
      this.next = nextRun(this.schedule.cron, now);
      const manifest = await backup(this.name, {
        stateDir: this.stateDir,
        to: this.schedule.to,
        logical: this.schedule.logical,
      });
      this.progress(`${this.name}: scheduled backup ${manifest.id} taken (${manifest.size} bytes)`);
      const { store, mine } = await this.ours();
      const expired = expiredBackups(mine, this.schedule.retention, now);
      await withStore(() => deleteBackups(store, expired));
      if (expired.length > 0) this.progress(`${this.name}: retention deleted ${expired.join(', ')}`);
    } catch (error) {
      this.progress(`${this.name}: scheduled backup failed: ${(error as Error).message}`);
      // A target that cannot be read yet is tried again at the next scheduled minute, not every pass.
      this.next ??= nextRun(this.schedule.cron, now);
    }
  }
}
