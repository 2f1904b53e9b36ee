/**
 * `spec.monitoring.alerts`: the threshold and the `for:` duration (or counting window) of each alert
 * in an ensemble's PrometheusRule. Each default says why it is what it is (docs/adr/0120-alerts.md).
 */
import { type TProperties, Type } from '@sinclair/typebox';
import { ALERT_FOR_RULES, ALERT_WINDOW_RULES, DURATION_PATTERN } from './rules.ts';
import { Defaulted, Strict, withRules } from './schema-kinds.ts';

const DURATION_FORMAT = 'hours, minutes and seconds, e.g. 30s, 5m, 1h30m';

const For = (value: string, why: string) =>
  Defaulted(
    Type.String({
      minLength: 2,
      maxLength: 18,
      pattern: DURATION_PATTERN,
      description: `How long the condition must hold before the alert fires (${DURATION_FORMAT}; at most 24h). Default ${value}: ${why}`,
      ...withRules(ALERT_FOR_RULES),
    }),
    value,
  );

const Window = (value: string, why: string) =>
  Defaulted(
    Type.String({
      minLength: 2,
      maxLength: 18,
      pattern: DURATION_PATTERN,
      description: `The span the events are counted over (${DURATION_FORMAT}; 1m to 24h). Default ${value}: ${why}`,
      ...withRules(ALERT_WINDOW_RULES),
    }),
    value,
  );

const Threshold = (value: number, maximum: number, what: string, why: string) =>
  Defaulted(Type.Integer({ minimum: 1, maximum, description: `${what} Default ${value}: ${why}` }), value);

const Alert = <T extends TProperties>(alert: string, fires: string, properties: T) =>
  // Every property has a default, so {} is complete.
  Defaulted(Strict(properties, { description: `${alert}: fires when ${fires}` }), {} as never);

const ROLL = 'a rolling restart takes a member away for seconds, a pod moved to another node for minutes';

export const AlertsSchema = Strict(
  {
    noLeader: Alert('ZooKeeperNoLeader', 'no member leads (writes stop).', {
      for: For(
        '1m',
        'an election ends within seconds, also during a roll; a minute without a leader is an outage.',
      ),
    }),
    membersDown: Alert('ZooKeeperMembersDown', 'fewer members answer scrapes than the spec asks for.', {
      for: For('5m', `${ROLL}.`),
    }),
    quorumAtRisk: Alert(
      'ZooKeeperQuorumAtRisk',
      'one more voting member down would lose the quorum (3 voters or more).',
      { for: For('5m', `${ROLL}.`) },
    ),
    requestLatency: Alert(
      'ZooKeeperHighLatency',
      "a member's average read or write latency, over 5 minutes, is above the threshold.",
      {
        milliseconds: Threshold(
          100,
          600_000,
          'Average milliseconds per request.',
          'a healthy member answers reads within a millisecond and writes within a few (one fsync, one round trip to the quorum); 100 means clients wait, usually on a slow disk, a GC pause or a starved CPU.',
        ),
        for: For('10m', 'long enough to ride out a snapshot or a GC pause.'),
      },
    ),
    outstandingRequests: Alert(
      'ZooKeeperOutstandingRequests',
      'requests queue up in a member beyond the threshold.',
      {
        requests: Threshold(
          10,
          1_000_000,
          'Requests queued in one member.',
          "the queue is empty while a member keeps up; a queue that stays means it does not (ZooKeeper's own throttle starts at 1000).",
        ),
        for: For('5m', 'bursts drain within seconds.'),
      },
    ),
    fsyncTime: Alert(
      'ZooKeeperSlowFsync',
      "a member's fsync of its transaction log, averaged over 5 minutes, takes longer than the threshold.",
      {
        milliseconds: Threshold(
          100,
          600_000,
          'Average milliseconds per fsync.',
          'every write waits for one; a local SSD takes a few, and ZooKeeper itself warns in its log at 1000.',
        ),
        for: For('10m', 'one busy disk moment is not a slow disk.'),
      },
    ),
    fileDescriptors: Alert(
      'ZooKeeperFileDescriptorsRunningOut',
      'a member uses more than the threshold of the file descriptors it may open.',
      {
        percent: Threshold(
          80,
          100,
          'Percent of the limit in use.',
          'each client connection takes one; at the limit new clients are refused, and 80 leaves time to raise it or find the leaking client.',
        ),
        for: For('10m', 'a reconnect storm passes.'),
      },
    ),
    storage: Alert(
      'ZooKeeperVolumeFilling',
      "a member's data or transaction log volume is fuller than the threshold (kubelet volume stats).",
      {
        percent: Threshold(
          80,
          100,
          'Percent of the volume used.',
          'a member whose disk fills stops; 80 leaves time to grow the volume (spec.storage.size) or purge more often.',
        ),
        for: For('10m', 'a snapshot written before autopurge deletes old ones is short-lived.'),
      },
    ),
    leaderElections: Alert(
      'ZooKeeperFrequentElections',
      'a member went through more elections than the threshold within the window.',
      {
        elections: Threshold(
          3,
          1000,
          'Elections one member took part in.',
          'a rolling restart by zkop costs each member at most two (its own restart and the leader handing off); more means members keep losing the leader.',
        ),
        window: Window('1h', 'a roll of even a large ensemble fits in an hour.'),
      },
    ),
    sessionExpiries: Alert(
      'ZooKeeperSessionExpiries',
      'more client sessions expired within the window than the threshold.',
      {
        sessions: Threshold(
          10,
          1_000_000,
          'Sessions expired in the ensemble.',
          'a client that stops cleanly closes its session; a few crashed clients expire a few, a burst means clients lost contact for whole session timeouts (network, overload, long GC pauses).',
        ),
        window: Window('10m', 'a burst shows within minutes, and the alert clears soon after it.'),
      },
    ),
    jvmHeap: Alert('ZooKeeperHeapFull', "a member's JVM heap stays fuller than the threshold.", {
      percent: Threshold(
        90,
        100,
        'Percent of the maximum heap in use.',
        'the whole tree lives in the heap; a heap that stays 90% full after collections is close to OutOfMemoryError (raise spec.jvm.heap).',
      ),
      for: For('10m', 'between collections the heap fills and empties within minutes.'),
    }),
    backupAge: Alert(
      'ZooKeeperBackupTooOld',
      "the ensemble's newest completed ZooKeeperBackup is older than the threshold, or a schedule has backed it up for that long without one completing (the operator's zkop_ensemble_last_backup_timestamp_seconds; no alert for an ensemble nothing backs up).",
      {
        hours: Threshold(
          26,
          8760,
          'Hours since the newest completed backup.',
          'a daily schedule leaves 24 hours between backups; 2 more let one run late or long without an alert.',
        ),
      },
    ),
  },
  {
    description:
      'Thresholds and durations of the alerts in the PrometheusRule (spec.monitoring.prometheusRule).',
  },
);
