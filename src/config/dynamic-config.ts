/** The dynamic config file: one `server.N` line per member, in id order. */
import type { ServerEntry } from './layout.ts';

export function serverLine(server: ServerEntry): string {
  const clientAddress = server.clientAddress ?? server.host;
  return (
    `server.${server.id}=${server.host}:${server.quorumPort}:${server.electionPort}:${server.role}` +
    `;${clientAddress}:${server.clientPort}`
  );
}

/**
 * With client TLS a member's plain client port listens on 127.0.0.1 only (for zkop and probes on the
 * member itself): ZooKeeper 3.8 and 3.9 cannot leave the plain port out of a dynamic config
 * (ZOOKEEPER-4276), so it is kept where no other machine reaches it, and clients use the secure port.
 */
export const PLAIN_CLIENT_ADDRESS_WITH_TLS = '127.0.0.1';

export function withClientTls(server: ServerEntry, clientTls: boolean): ServerEntry {
  return clientTls ? { ...server, clientAddress: PLAIN_CLIENT_ADDRESS_WITH_TLS } : server;
}

export function renderDynamicConfig(servers: readonly ServerEntry[]): string {
  const ids = new Set<number>();
  for (const server of servers) {
    if (ids.has(server.id)) throw new Error(`server id ${server.id} appears twice in the ensemble layout`);
    ids.add(server.id);
  }
  const lines = [...servers].sort((a, b) => a.id - b.id).map(serverLine);
  return `${lines.join('\n')}\n`;
}

/**
 * The config a joining member starts with: the last committed config plus itself as an observer.
 * It syncs as an observer and becomes a participant only through `reconfig`, so two joiners are
 * never both counted as voters.
 */
export function joiningMemberServers(committed: readonly ServerEntry[], joiner: ServerEntry): ServerEntry[] {
  if (committed.some((server) => server.id === joiner.id)) {
    throw new Error(`member ${joiner.id} is already in the committed config; it is not joining`);
  }
  return [...committed, { ...joiner, role: 'observer' as const }].sort((a, b) => a.id - b.id);
}
