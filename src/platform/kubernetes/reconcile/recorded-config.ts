/** The ensemble config zkop recorded in the status: what the engine trusts when no quorum answers. */
import type { ZooKeeperStatus } from '../../../api/spec.ts';
import type { EnsembleConfig } from '../../../engine/index.ts';

export function recordedConfig(status: ZooKeeperStatus | undefined): EnsembleConfig | undefined {
  if (!status?.configVersion || !status.members) return undefined;
  const members = status.members
    .filter((m) => m.voting !== undefined)
    .map((m) => ({ id: m.id, role: m.voting ? ('participant' as const) : ('observer' as const) }));
  if (members.length === 0) return undefined;
  return { version: BigInt(status.configVersion), members };
}
