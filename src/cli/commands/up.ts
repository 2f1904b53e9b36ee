import { Command, Option } from 'commander';
import { parseCron } from '../../backup/cron.ts';
import { parseAge } from '../../backup/retention.ts';
import { type BackupSchedule, untilInterrupted, up, watch } from '../../platform/local/index.ts';
import { invalidInput } from '../../platform/shared/errors.ts';
import { formatEnsemble } from '../format-status.ts';
import {
  type OutputFormat,
  outputOption,
  printJson,
  progressPrinter,
  stateDirOf,
  stateDirOption,
} from '../options.ts';

const OUTCOMES = {
  created: 'created',
  unchanged: 'already up, nothing to do',
  healed: 'restarted the members that were down',
  reconciled: 'changed to match the manifest',
} as const;

interface ScheduleFlags {
  backupSchedule?: string;
  backupTo?: string;
  backupLogical?: boolean;
  backupKeep?: string;
  backupMaxAge?: string;
  watch?: boolean;
}

/** The backup schedule the flags describe; undefined without --backup-schedule. */
function scheduleOf(flags: ScheduleFlags): BackupSchedule | undefined {
  const given = [flags.backupTo, flags.backupLogical, flags.backupKeep, flags.backupMaxAge].some(
    (f) => f !== undefined,
  );
  if (flags.backupSchedule === undefined) {
    if (given)
      throw invalidInput(
        '--backup-to, --backup-logical, --backup-keep and --backup-max-age need --backup-schedule',
      );
    return undefined;
  }
  if (!flags.watch) throw invalidInput('--backup-schedule runs while zkop watches: add --watch');
  if (flags.backupTo === undefined)
    throw invalidInput('--backup-schedule needs --backup-to DIR|s3://bucket/prefix');
  const keep = flags.backupKeep === undefined ? undefined : Number(flags.backupKeep);
  if (keep !== undefined && (!Number.isSafeInteger(keep) || keep < 1)) {
    throw invalidInput(
      `--backup-keep must be a whole number of backups, at least 1, not '${flags.backupKeep}'`,
    );
  }
  try {
    return {
      cron: parseCron(flags.backupSchedule),
      to: flags.backupTo,
      logical: flags.backupLogical === true,
      retention: {
        ...(keep === undefined ? {} : { keep }),
        ...(flags.backupMaxAge === undefined ? {} : { maxAgeMs: parseAge(flags.backupMaxAge) }),
      },
    };
  } catch (error) {
    throw invalidInput((error as Error).message);
  }
}

export function upCommand(): Command {
  return new Command('up')
    .description(
      'start (or heal) the ensemble a ZooKeeper manifest describes, as local processes on 127.0.0.1',
    )
    .addOption(new Option('-f, --file <manifest>', 'ZooKeeper manifest (YAML)').makeOptionMandatory())
    .addOption(stateDirOption())
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the ensemble to serve').default('120'))
    .addOption(outputOption())
    .addOption(new Option('--watch', 'keep watching afterwards and heal the ensemble until interrupted'))
    .addOption(
      new Option(
        '--backup-schedule <cron>',
        'with --watch: take backups at these minutes (5-field cron, UTC)',
      ),
    )
    .addOption(
      new Option('--backup-to <target>', 'where scheduled backups go: a directory or s3://bucket/prefix'),
    )
    .addOption(
      new Option('--backup-logical', 'scheduled backups are logical (every znode) instead of snapshots'),
    )
    .addOption(new Option('--backup-keep <n>', 'keep the newest N scheduled backups, delete older ones'))
    .addOption(
      new Option('--backup-max-age <age>', 'delete scheduled backups older than this (30m, 12h, 7d)'),
    )
    .action(
      async (
        options: {
          file: string;
          stateDir: string;
          timeout: string;
          output: OutputFormat;
        } & ScheduleFlags,
      ) => {
        const backups = scheduleOf(options);
        const timeout = Number(options.timeout);
        if (!Number.isFinite(timeout) || timeout <= 0) {
          throw invalidInput(`--timeout must be a positive number of seconds, not '${options.timeout}'`);
        }
        const result = await up(options.file, {
          stateDir: stateDirOf(options),
          timeoutMs: timeout * 1000,
          onProgress: progressPrinter(false),
        });
        if (options.output === 'json') printJson(result);
        else
          process.stdout.write(
            `${result.name}: ${OUTCOMES[result.outcome]}\n${formatEnsemble(result.status)}\n`,
          );
        if (options.watch) {
          await untilInterrupted((signal) =>
            watch(result.name, {
              stateDir: stateDirOf(options),
              signal,
              onProgress: progressPrinter(false),
              ...(backups ? { backups } : {}),
            }),
          );
        }
      },
    );
}
