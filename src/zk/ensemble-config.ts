/**
 * ZooKeeper's dynamic ensemble configuration as text: `server.N=...` lines and `version=<hex>`.
 * The same text comes from `/zookeeper/config`, the `membership:` part of the `conf` 4lw and the
 * dynamic config file.
 */

import { parseZxid } from './zxid.ts';

export type ServerRole = 'participant' | 'observer';

export interface QuorumAddress {
  readonly host: string;
  readonly quorumPort: number;
  readonly electionPort: number;
}

export interface DynamicConfigServer {
  readonly id: number;
  readonly role: ServerRole;
  /** One entry per address; ZooKeeper 3.6+ accepts several separated by `|`. */
  readonly quorumAddresses: readonly QuorumAddress[];
  readonly clientHost?: string;
  readonly clientPort?: number;
}

export interface DynamicConfig {
  readonly members: readonly DynamicConfigServer[];
  /** The config version, a zxid; undefined when the text carries none (a static config). */
  readonly version: bigint | undefined;
  /** Lines that are neither `server.N` nor `version` (e.g. `group.N`, `weight.N`), kept verbatim. */
  readonly otherLines: readonly string[];
}

export class ConfigParseError extends Error {
  override readonly name = 'ConfigParseError';
}

export function parseDynamicConfig(text: string): DynamicConfig {
  const members: DynamicConfigServer[] = [];
  const otherLines: string[] = [];
  let version: bigint | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq).trim();
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    const server = /^server\.(\d+)$/.exec(key);
    if (server) {
      members.push(parseServerLine(Number(server[1]), value));
    } else if (key === 'version') {
      version = parseZxid(value);
      if (version === undefined) throw new ConfigParseError(`config version is not hexadecimal: '${value}'`);
    } else {
      otherLines.push(line);
    }
  }
  members.sort((a, b) => a.id - b.id);
  return { members, version, otherLines };
}

function parseServerLine(id: number, value: string): DynamicConfigServer {
  const [serverPart = '', clientPart] = value.split(';', 2);
  const addresses = serverPart.split('|');
  let role: ServerRole = 'participant';
  const quorumAddresses: QuorumAddress[] = [];
  for (const address of addresses) {
    const parsed = parseQuorumAddress(id, address);
    quorumAddresses.push(parsed.address);
    if (parsed.role) role = parsed.role;
  }
  const member: DynamicConfigServer = { id, role, quorumAddresses };
  if (clientPart === undefined || clientPart === '') return member;
  const client = splitHostPort(clientPart);
  const clientPort = toPort(client.port, `server.${id} client port`);
  return client.host === undefined
    ? { ...member, clientPort }
    : { ...member, clientHost: client.host, clientPort };
}

function parseQuorumAddress(id: number, text: string): { address: QuorumAddress; role?: ServerRole } {
  const { host, rest } = splitHost(text.trim());
  const parts = rest.split(':');
  if (parts.length < 2 || parts.length > 3 || host === '') {
    throw new ConfigParseError(`server.${id}: expected host:quorumPort:electionPort[:role], got '${text}'`);
  }
  const quorumPort = toPort(parts[0], `server.${id} quorum port`);
  const electionPort = toPort(parts[1], `server.${id} election port`);
  const roleText = parts[2];
  if (roleText === undefined) return { address: { host, quorumPort, electionPort } };
  if (roleText !== 'participant' && roleText !== 'observer') {
    throw new ConfigParseError(`server.${id}: unknown role '${roleText}' (participant or observer)`);
  }
  return { address: { host, quorumPort, electionPort }, role: roleText };
}

/** `host:rest` or `[v6]:rest`; returns the host and what follows its colon. */
function splitHost(text: string): { host: string; rest: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return { host: '', rest: '' };
    return { host: text.slice(1, close), rest: text.slice(close + 2) };
  }
  const colon = text.indexOf(':');
  if (colon < 0) return { host: '', rest: '' };
  return { host: text.slice(0, colon), rest: text.slice(colon + 1) };
}

function splitHostPort(text: string): { host?: string; port: string } {
  const t = text.trim();
  const colon = t.lastIndexOf(':');
  if (colon < 0) return { port: t };
  const host = t.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host, port: t.slice(colon + 1) };
}

function toPort(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw new ConfigParseError(`${what} is not a port number: '${text ?? ''}'`);
  }
  return n;
}

/** The value of a `server.N=` line (addresses, role, client address) as ZooKeeper prints it. */
export function formatServerValue(member: DynamicConfigServer): string {
  const bracket = (host: string): string => (host.includes(':') ? `[${host}]` : host);
  const addresses = member.quorumAddresses
    .map((a) => `${bracket(a.host)}:${a.quorumPort}:${a.electionPort}`)
    .join('|');
  if (member.clientPort === undefined) return `${addresses}:${member.role}`;
  const clientHost = member.clientHost === undefined ? '' : `${bracket(member.clientHost)}:`;
  return `${addresses}:${member.role};${clientHost}${member.clientPort}`;
}

/** Renders one `server.N=...` line in the form reconfig accepts. */
export function formatServerLine(member: DynamicConfigServer): string {
  return `server.${member.id}=${formatServerValue(member)}`;
}
