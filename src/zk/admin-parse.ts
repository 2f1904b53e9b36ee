/** Typed records from the AdminServer's `monitor`, `leader`, `voting_view` and `configuration` JSON. */

import type { DynamicConfigServer, QuorumAddress } from './ensemble-config.ts';
import { type MntrReport, mntrFromMap, type NotServing } from './four-letter-parse.ts';

export class AdminParseError extends Error {
  override readonly name = 'AdminParseError';

  constructor(command: string, message: string) {
    super(`cannot read the AdminServer ${command} answer: ${message}`);
  }
}

/** A command the server refused to run because it is not serving: `{"error": "This ZooKeeper instance is not ..."}`. */
function notServing(json: Record<string, unknown>): boolean {
  return typeof json.error === 'string' && /not currently serving/.test(json.error);
}

function failIfError(command: string, json: Record<string, unknown>): void {
  if (json.error !== null && json.error !== undefined) {
    throw new AdminParseError(command, `server reported: ${String(json.error)}`);
  }
}

export function parseMonitor(json: Record<string, unknown>): MntrReport {
  if (notServing(json)) return { serving: false };
  failIfError('monitor', json);
  const kv = new Map<string, string>();
  for (const [k, v] of Object.entries(json)) {
    if (k === 'command' || k === 'error' || v === null || typeof v === 'object') continue;
    kv.set(k, String(v));
  }
  return mntrFromMap('monitor', kv);
}

export interface LeaderInfo {
  readonly serving: true;
  readonly isLeader: boolean;
  readonly leaderId: number;
  readonly leaderIp: string;
}

export function parseLeader(json: Record<string, unknown>): LeaderInfo | NotServing {
  if (notServing(json)) return { serving: false };
  failIfError('leader', json);
  const { is_leader, leader_id, leader_ip } = json;
  if (typeof is_leader !== 'boolean' || typeof leader_id !== 'number' || typeof leader_ip !== 'string') {
    throw new AdminParseError('leader', 'expected is_leader, leader_id and leader_ip');
  }
  return { serving: true, isLeader: is_leader, leaderId: leader_id, leaderIp: leader_ip };
}

function address(command: string, text: unknown): { host: string; port: number } {
  if (typeof text !== 'string')
    throw new AdminParseError(command, `address is not text: ${JSON.stringify(text)}`);
  const i = text.lastIndexOf(':');
  const port = Number(text.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port)) throw new AdminParseError(command, `'${text}' is not host:port`);
  return { host: text.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port };
}

/** The voting view: the members this server counts for quorums (participants; observers are not listed). */
export function parseVotingView(
  json: Record<string, unknown>,
): { serving: true; members: DynamicConfigServer[] } | NotServing {
  if (notServing(json)) return { serving: false };
  failIfError('voting_view', json);
  const current = json.current_config;
  if (current === null || typeof current !== 'object')
    throw new AdminParseError('voting_view', 'missing current_config');
  const members: DynamicConfigServer[] = [];
  for (const [idText, raw] of Object.entries(current as Record<string, unknown>)) {
    const m = raw as Record<string, unknown>;
    const id = Number(idText);
    const servers = m.server_addresses;
    const elections = m.election_addresses;
    if (!Number.isInteger(id) || !Array.isArray(servers) || !Array.isArray(elections)) {
      throw new AdminParseError('voting_view', `member '${idText}' lacks server/election addresses`);
    }
    const quorumAddresses: QuorumAddress[] = servers.map((s, i) => {
      const q = address('voting_view', s);
      return { host: q.host, quorumPort: q.port, electionPort: address('voting_view', elections[i]).port };
    });
    const role = m.learner_type;
    if (role !== 'participant' && role !== 'observer') {
      throw new AdminParseError('voting_view', `member ${id} has learner_type ${String(role)}`);
    }
    const client = m.client_address === undefined ? undefined : address('voting_view', m.client_address);
    members.push(
      client
        ? { id, role, quorumAddresses, clientHost: client.host, clientPort: client.port }
        : { id, role, quorumAddresses },
    );
  }
  members.sort((a, b) => a.id - b.id);
  return { serving: true, members };
}

export interface ServerConfiguration {
  readonly serverId: number;
  readonly clientPort: number;
  readonly dataDir: string;
  readonly dataLogDir: string;
  readonly tickTime: number;
  readonly maxClientCnxns: number;
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
}

export function parseConfiguration(json: Record<string, unknown>): ServerConfiguration {
  failIfError('configuration', json);
  const num = (k: string): number => {
    const v = json[k];
    if (typeof v !== 'number') throw new AdminParseError('configuration', `'${k}' is not a number`);
    return v;
  };
  const str = (k: string): string => {
    const v = json[k];
    if (typeof v !== 'string') throw new AdminParseError('configuration', `'${k}' is not text`);
    return v;
  };
  return {
    serverId: num('server_id'),
    clientPort: num('client_port'),
    dataDir: str('data_dir'),
    dataLogDir: str('data_log_dir'),
    tickTime: num('tick_time'),
    maxClientCnxns: num('max_client_cnxns'),
    minSessionTimeout: num('min_session_timeout'),
    maxSessionTimeout: num('max_session_timeout'),
  };
}
