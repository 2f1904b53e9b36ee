/** The hash of what a local member reads only at start, which the engine's `Desired` carries. Pure. */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { VersionInfo } from '../../../api/versions.ts';
import type { LoggingBackend } from '../../../config/logging.ts';
import { type LocalState, type MemberRecord, tenantUsers } from '../state/state.ts';
import { memberPaths } from '../state/state-layout.ts';
import { renderLocalMember } from './member-config.ts';

/** A member with fixed ids, ports and paths: what it renders to depends on the spec alone. */
const CANONICAL: MemberRecord = {
  id: 1,
  kind: 'participant',
  host: '127.0.0.1',
  ports: { client: 1, quorum: 2, election: 3, admin: 4, metrics: 5, secureClient: 6 },
};

/**
 * The hash of what a member reads only at start (zoo.cfg, JVM flags, logging), for the canonical
 * member: it changes with the spec, the version's features and the SASL users (the JAAS file), not
 * with membership or ports, so a scale never triggers a roll and a config or tenant change always does.
 */
export function startConfigHash(
  spec: ResolvedSpec,
  { features, logging }: { features: VersionInfo; logging: LoggingBackend },
  credentials: Pick<LocalState, 'superPassword' | 'tenants' | 'quorumPassword'>,
): string {
  const context = {
    spec,
    features,
    logging,
    members: [CANONICAL],
    superPassword: credentials.superPassword,
    users: tenantUsers(credentials),
    ...(credentials.quorumPassword === undefined ? {} : { quorumPassword: credentials.quorumPassword }),
  };
  return renderLocalMember(context, CANONICAL, memberPaths('/', 'ensemble', CANONICAL.id)).configHash;
}
