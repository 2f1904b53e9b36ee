/**
 * Marks the data volume of each serving member as holding data (member-facts.ts reads the mark), so
 * a volume replaced by an empty one is told apart later.
 */
import { PVCS } from '../client/resources.ts';
import type { ReconcileContext } from './context.ts';
import { claimName, HOLDS_DATA_ANNOTATION } from './member-facts.ts';
import type { Observed } from './observe.ts';

/** What it did: one patch per volume not marked yet. */
export async function markVolumesHoldingData(
  ctx: Pick<ReconcileContext, 'api'>,
  { facts, observation }: Observed,
): Promise<readonly string[]> {
  const marked: string[] = [];
  for (const f of facts) {
    const serving = observation.members.some((m) => m.id === f.id && m.serving);
    if (!serving || !f.claim || f.storage === 'data') continue;
    const name = claimName(f.podName);
    await ctx.api.mergePatch(
      PVCS,
      { namespace: f.claim.metadata?.namespace, name },
      { metadata: { annotations: { [HOLDS_DATA_ANNOTATION]: 'true' } } },
    );
    marked.push(`mark volume ${name}`);
  }
  return marked;
}
