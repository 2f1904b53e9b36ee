/**
 * The engine's `Observation` of an ensemble on Kubernetes: member facts from pods and volumes, what
 * ZooKeeper itself answered (`inspect` through pod DNS), and the config zkop recorded in the status
 * for when no quorum answers. Pure.
 */
import type { EnsembleConfig, Observation } from '../../../engine/index.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import { toObservation as observationOf } from '../../shared/observation.ts';
import { plainClientBindAddress } from '../render/members.ts';
import type { MemberFacts } from './member-facts.ts';

export function toObservation(
  facts: readonly MemberFacts[],
  zk: EnsembleObservation | undefined,
  recorded: EnsembleConfig | undefined,
): Observation {
  return observationOf(facts, zk, recorded, (f, answer, serving) => {
    const listed = recorded?.members.some((m) => m.id === f.id) ?? false;
    const committedHost = zk?.committedConfig?.members.find((m) => m.id === f.id)?.clientHost;
    const addressStale = f.running ? plainClientAddressStale(committedHost, f.clientTls) : undefined;
    return {
      version: answer?.version ?? f.imageVersion ?? '',
      configHash: f.configHash,
      restartToken: f.restartToken,
      quorumTls: f.quorumTls,
      quorumSasl: f.quorumSasl,
      ...(answer?.config
        ? {
            config: {
              version: answer.config.version ?? 0n,
              members: answer.config.members.map(({ id, role }) => ({ id, role })),
            },
          }
        : {}),
      // A voter's volume replaced by an empty one (its claim deleted with the pod) lost its data.
      storage: serving && f.storage === 'empty' ? 'data' : f.storage,
      dataLost: listed && f.storage !== 'data' && !serving && recorded !== undefined && recorded.version > 0n,
      ...(f.volumeRestart !== undefined ? { restartNeeded: f.volumeRestart } : {}),
      ...(addressStale !== undefined ? { addressStale } : {}),
    };
  });
}

/**
 * Why a member's plain client address in the committed config is not the one its pod binds: loopback
 * when it serves client TLS (nothing outside the pod speaks plaintext), else every interface. A pod
 * started with or without client TLS binds that address at once (its init writes it into its own
 * line), so rewriting the committed line makes it bind nothing new.
 */
export function plainClientAddressStale(
  committedHost: string | undefined,
  servesClientTls: boolean,
): string | undefined {
  const bound = plainClientBindAddress(servesClientTls);
  if (committedHost === undefined || committedHost === bound) return undefined;
  return `its plain client address is ${committedHost} where its pod binds ${bound}`;
}
