/**
 * The client ports members serve on their pod addresses while client TLS is turned on or off: the
 * plain one until every pod serves client TLS and every committed line has moved its plain address
 * to loopback; the secure one while any pod serves it or the spec wants it. Pure.
 */
import type { Observation } from '../../../engine/index.ts';
import type { ClientPorts } from '../render/index.ts';
import type { MemberFacts } from './member-facts.ts';

export function servedClientPorts(
  clientTlsWanted: boolean,
  facts: readonly Pick<MemberFacts, 'pod' | 'clientTls'>[],
  observation: Pick<Observation, 'members'>,
): ClientPorts {
  const pods = facts.filter((f) => f.pod !== undefined);
  const plain =
    !clientTlsWanted ||
    pods.some((f) => !f.clientTls) ||
    observation.members.some((m) => m.addressStale !== undefined);
  return { plain, secure: clientTlsWanted || pods.some((f) => f.clientTls) };
}
