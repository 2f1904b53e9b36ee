/** The dynamic config file: one `server.N` line per member, in id order. */
import type { ServerEntry } from './layout.ts';

export function serverLine(server: ServerEntry): string {
  const clientAddress = server.clientAddress ?? server.host;
  return (
    `server.${server.id}=${server.host}:${server.quorumPort}:${server.electionPort}:${server.role}` +
    `;${clientAddress}:${server.clientPort}`
  );
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
