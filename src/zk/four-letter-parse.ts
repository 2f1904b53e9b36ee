/** Parsers that turn the text of the `srvr`, `mntr`, `conf`, `ruok` and `isro` 4lw answers into typed records. */

import { type DynamicConfig, parseDynamicConfig } from './ensemble-config.ts';
import { parseZxid } from './zxid.ts';

/** How a serving server describes itself (`Mode:` in srvr, `zk_server_state` in mntr). */
export type ServingMode = 'leader' | 'follower' | 'observer' | 'standalone' | 'read-only';

const SERVING_MODES: readonly ServingMode[] = ['leader', 'follower', 'observer', 'standalone', 'read-only'];

/** The answer of a server that has no quorum (looking for a leader) or has not finished starting. */
export interface NotServing {
  readonly serving: false;
}

export const NOT_SERVING_TEXT = 'This ZooKeeper instance is not currently serving requests';

export class FourLetterParseError extends Error {
  override readonly name = 'FourLetterParseError';
  readonly command: string;

  constructor(command: string, message: string) {
    super(`cannot read the ${command} answer: ${message}`);
    this.command = command;
  }
}

function isNotServing(text: string): boolean {
  return text.trim() === NOT_SERVING_TEXT;
}

function toMode(command: string, text: string): ServingMode {
  const mode = SERVING_MODES.find((m) => m === text);
  if (!mode) throw new FourLetterParseError(command, `unknown server mode '${text}'`);
  return mode;
}

/** Integers; with the Prometheus metrics provider mntr prints every value as a float (`3.0`). */
function toInt(command: string, key: string, text: string | undefined): number {
  if (text === undefined) throw new FourLetterParseError(command, `missing '${key}'`);
  const t = text.trim();
  if (!/^-?\d+(?:\.0+)?$/.test(t)) {
    throw new FourLetterParseError(command, `'${key}' is not an integer: '${text}'`);
  }
  return Number(t);
}

function toNumber(command: string, key: string, text: string | undefined): number {
  if (text === undefined) throw new FourLetterParseError(command, `missing '${key}'`);
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new FourLetterParseError(command, `'${key}' is not a number: '${text}'`);
  }
  return n;
}

// ---- srvr ----

export interface SrvrStats {
  readonly serving: true;
  /** e.g. `3.9.4`; the build suffix is in `versionDetail`. */
  readonly version: string;
  readonly versionDetail: string;
  readonly latencyMinAvgMax: { readonly min: number; readonly avg: number; readonly max: number };
  readonly received: number;
  readonly sent: number;
  readonly connections: number;
  readonly outstanding: number;
  readonly zxid: bigint;
  readonly mode: ServingMode;
  readonly nodeCount: number;
}

export type SrvrReport = SrvrStats | NotServing;

/**
 * `Zookeeper version: 3.9.4-<hash>, built on ...` -> `3.9.4`; a qualifier stays (`3.10.0-SNAPSHOT`).
 * The build hash is the last `-` part when it is 7-40 hex digits, whatever it starts with (3.7.2's
 * starts with a letter).
 */
export function shortVersion(detail: string): string {
  const release = detail.trim().split(/[,\s]/)[0] ?? '';
  const m = /^(\d+\.\d+\.\d+(?:-[\w.]+)*?)(?:-[0-9a-f]{7,40})?$/.exec(release);
  return m?.[1] ?? detail.trim();
}

function colonFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    fields.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return fields;
}

export function parseSrvr(text: string): SrvrReport {
  if (isNotServing(text)) return { serving: false };
  const cmd = 'srvr';
  const f = colonFields(text);
  const versionDetail = f.get('Zookeeper version');
  if (versionDetail === undefined) throw new FourLetterParseError(cmd, "missing 'Zookeeper version'");
  const latency = (f.get('Latency min/avg/max') ?? '').split('/');
  if (latency.length !== 3) throw new FourLetterParseError(cmd, "'Latency min/avg/max' is not min/avg/max");
  const zxidText = f.get('Zxid') ?? '';
  const zxid = parseZxid(zxidText);
  if (zxid === undefined) throw new FourLetterParseError(cmd, `'Zxid' is not hexadecimal: '${zxidText}'`);
  return {
    serving: true,
    version: shortVersion(versionDetail),
    versionDetail,
    latencyMinAvgMax: {
      min: toNumber(cmd, 'latency min', latency[0]),
      avg: toNumber(cmd, 'latency avg', latency[1]),
      max: toNumber(cmd, 'latency max', latency[2]),
    },
    received: toInt(cmd, 'Received', f.get('Received')),
    sent: toInt(cmd, 'Sent', f.get('Sent')),
    connections: toInt(cmd, 'Connections', f.get('Connections')),
    outstanding: toInt(cmd, 'Outstanding', f.get('Outstanding')),
    zxid,
    mode: toMode(cmd, f.get('Mode') ?? ''),
    nodeCount: toInt(cmd, 'Node count', f.get('Node count')),
  };
}

// ---- mntr ----

/** Counters only the leader reports: how many learners are in sync with it. */
export interface LeaderSyncStats {
  readonly syncedFollowers: number;
  readonly syncedNonVotingFollowers: number;
  readonly syncedObservers: number;
  readonly learners: number | undefined;
  readonly pendingSyncs: number | undefined;
}

export interface MntrStats {
  readonly serving: true;
  readonly version: string;
  readonly versionDetail: string;
  readonly serverState: ServingMode;
  /** e.g. `leading - broadcast`, `following - synchronization` (3.6+). */
  readonly peerState: string | undefined;
  readonly quorumSize: number | undefined;
  readonly aliveConnections: number;
  readonly outstandingRequests: number;
  readonly znodeCount: number;
  readonly watchCount: number;
  readonly ephemeralsCount: number;
  readonly approximateDataSize: number;
  readonly avgLatency: number;
  readonly minLatency: number;
  readonly maxLatency: number;
  readonly packetsReceived: number;
  readonly packetsSent: number;
  readonly openFileDescriptorCount: number | undefined;
  readonly maxFileDescriptorCount: number | undefined;
  readonly uptimeMs: number | undefined;
  /** Present on the leader only. */
  readonly leader: LeaderSyncStats | undefined;
  /** Every key not read into a field above, without the `zk_` prefix, as text. */
  readonly other: Readonly<Record<string, string>>;
}

export type MntrReport = MntrStats | NotServing;

const MNTR_TYPED_KEYS = new Set([
  'version',
  'server_state',
  'peer_state',
  'quorum_size',
  'num_alive_connections',
  'outstanding_requests',
  'znode_count',
  'watch_count',
  'ephemerals_count',
  'approximate_data_size',
  'avg_latency',
  'min_latency',
  'max_latency',
  'packets_received',
  'packets_sent',
  'open_file_descriptor_count',
  'max_file_descriptor_count',
  'uptime',
  'synced_followers',
  'synced_non_voting_followers',
  'synced_observers',
  'learners',
  'pending_syncs',
]);

export function parseMntr(text: string): MntrReport {
  if (isNotServing(text)) return { serving: false };
  const cmd = 'mntr';
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    if (tab <= 0) throw new FourLetterParseError(cmd, `line is not 'key<TAB>value': '${line.slice(0, 80)}'`);
    kv.set(line.slice(0, tab).replace(/^zk_/, ''), line.slice(tab + 1).trim());
  }
  return mntrFromMap(cmd, kv);
}

/** Shared by the 4lw `mntr` text and the AdminServer `monitor` JSON (same keys without `zk_`). */
export function mntrFromMap(cmd: string, kv: ReadonlyMap<string, string>): MntrStats {
  const int = (key: string): number => toInt(cmd, key, kv.get(key));
  const num = (key: string): number => toNumber(cmd, key, kv.get(key));
  const optInt = (key: string): number | undefined => (kv.has(key) ? int(key) : undefined);
  const versionDetail = kv.get('version');
  if (versionDetail === undefined) throw new FourLetterParseError(cmd, "missing 'version'");
  const leader: LeaderSyncStats | undefined = kv.has('synced_followers')
    ? {
        syncedFollowers: int('synced_followers'),
        syncedNonVotingFollowers: optInt('synced_non_voting_followers') ?? 0,
        syncedObservers: optInt('synced_observers') ?? 0,
        learners: optInt('learners'),
        pendingSyncs: optInt('pending_syncs'),
      }
    : undefined;
  const other: Record<string, string> = {};
  for (const [k, v] of kv) if (!MNTR_TYPED_KEYS.has(k)) other[k] = v;
  return {
    serving: true,
    version: shortVersion(versionDetail),
    versionDetail,
    serverState: toMode(cmd, kv.get('server_state') ?? ''),
    peerState: kv.get('peer_state'),
    quorumSize: optInt('quorum_size'),
    aliveConnections: int('num_alive_connections'),
    outstandingRequests: int('outstanding_requests'),
    znodeCount: int('znode_count'),
    watchCount: int('watch_count'),
    ephemeralsCount: int('ephemerals_count'),
    approximateDataSize: int('approximate_data_size'),
    avgLatency: num('avg_latency'),
    minLatency: num('min_latency'),
    maxLatency: num('max_latency'),
    packetsReceived: int('packets_received'),
    packetsSent: int('packets_sent'),
    openFileDescriptorCount: optInt('open_file_descriptor_count'),
    maxFileDescriptorCount: optInt('max_file_descriptor_count'),
    uptimeMs: optInt('uptime'),
    leader,
    other,
  };
}

// ---- conf ----

export interface ConfStats {
  readonly serving: true;
  readonly serverId: number | undefined;
  readonly clientPort: number | undefined;
  readonly secureClientPort: number | undefined;
  readonly dataDir: string | undefined;
  readonly dataLogDir: string | undefined;
  readonly tickTime: number | undefined;
  readonly maxClientCnxns: number | undefined;
  readonly minSessionTimeout: number | undefined;
  readonly maxSessionTimeout: number | undefined;
  readonly initLimit: number | undefined;
  readonly syncLimit: number | undefined;
  /** The ensemble as this server knows it (the `membership:` part); undefined for a standalone server. */
  readonly membership: DynamicConfig | undefined;
  /** Every `key=value` before `membership:`, as text. */
  readonly settings: Readonly<Record<string, string>>;
}

export type ConfReport = ConfStats | NotServing;

export function parseConf(text: string): ConfReport {
  if (isNotServing(text)) return { serving: false };
  const cmd = 'conf';
  const lines = text.split('\n');
  const membershipAt = lines.findIndex((l) => l.trim().startsWith('membership:'));
  const settingLines = membershipAt < 0 ? lines : lines.slice(0, membershipAt);
  const settings: Record<string, string> = {};
  for (const line of settingLines) {
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new FourLetterParseError(cmd, `line is not 'key=value': '${line.slice(0, 80)}'`);
    settings[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const optInt = (key: string): number | undefined =>
    settings[key] === undefined ? undefined : toInt(cmd, key, settings[key]);
  const clientPort = optInt('clientPort');
  const secureClientPort = optInt('secureClientPort');
  let membership: DynamicConfig | undefined;
  if (membershipAt >= 0) {
    try {
      membership = parseDynamicConfig(lines.slice(membershipAt + 1).join('\n'));
    } catch (err) {
      throw new FourLetterParseError(cmd, (err as Error).message);
    }
  }
  return {
    serving: true,
    serverId: optInt('serverId'),
    clientPort: clientPort === undefined || clientPort < 0 ? undefined : clientPort,
    secureClientPort: secureClientPort === undefined || secureClientPort < 0 ? undefined : secureClientPort,
    dataDir: settings.dataDir,
    dataLogDir: settings.dataLogDir,
    tickTime: optInt('tickTime'),
    maxClientCnxns: optInt('maxClientCnxns'),
    minSessionTimeout: optInt('minSessionTimeout'),
    maxSessionTimeout: optInt('maxSessionTimeout'),
    initLimit: optInt('initLimit'),
    syncLimit: optInt('syncLimit'),
    membership,
    settings,
  };
}

// ---- ruok, isro ----

/** `ruok` answers `imok` whenever the process runs, even without a quorum: it says nothing about serving. */
export function parseRuok(text: string): boolean {
  return text.trim() === 'imok';
}

/** `isro`: `rw` (read-write), `ro` (read-only mode), `null` (not serving). */
export function parseIsro(text: string): 'rw' | 'ro' | 'not-serving' {
  const t = text.trim();
  if (t === 'rw' || t === 'ro') return t;
  if (t === 'null' || t === NOT_SERVING_TEXT) return 'not-serving';
  throw new FourLetterParseError('isro', `unexpected answer '${t.slice(0, 80)}'`);
}
