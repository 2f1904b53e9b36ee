/** A member's `server.N` entry on Kubernetes: the one rule the ConfigMap, the pods and reconfigs share. */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import { PLAIN_CLIENT_ADDRESS_WITH_TLS } from '../../../config/dynamic-config.ts';
import type { ServerEntry, ServerRole } from '../../../config/layout.ts';
import { memberAddress } from './names.ts';

/** Clients reach a member on any of its interfaces; peers use its DNS name. */
export const CLIENT_BIND_ADDRESS = '0.0.0.0';

/** The plain client address a pod binds: its loopback with client TLS (ZOOKEEPER-4276), else every interface. */
export const plainClientBindAddress = (clientTls: boolean): string =>
  clientTls ? PLAIN_CLIENT_ADDRESS_WITH_TLS : CLIENT_BIND_ADDRESS;

export interface MemberEntryInput {
  readonly name: string;
  readonly namespace: string;
  readonly clusterDomain?: string;
  readonly ports: Pick<ResolvedSpec['ports'], 'client' | 'quorum' | 'leaderElection'>;
  /** With client TLS the plain client port listens on the member's loopback only (ZOOKEEPER-4276). */
  readonly clientTls: boolean;
}

export function memberServerEntry(input: MemberEntryInput, id: number, role: ServerRole): ServerEntry {
  return {
    id,
    host: memberAddress(input.name, input.namespace, id, input.clusterDomain),
    quorumPort: input.ports.quorum,
    electionPort: input.ports.leaderElection,
    clientPort: input.ports.client,
    clientAddress: plainClientBindAddress(input.clientTls),
    role,
  };
}
