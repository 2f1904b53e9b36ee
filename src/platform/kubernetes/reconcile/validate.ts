/** The first step: a spec the schema refuses is shown in the status, and zkop acts on nothing else. */

import type { V1StatefulSet } from '@kubernetes/client-node';
import type { FieldError } from '../../../api/field-error.ts';
import { validateZooKeeper } from '../../../api/validate.ts';
import { STATEFULSETS } from '../client/resources.ts';
import { authNotYetOnKubernetes, clientSaslChange } from './auth-not-yet.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { reportProblem } from './report-problem.ts';

/** Why an invalid spec is refused: nothing is changed until it is fixed. */
export const invalidSpecMessage = (errors: readonly FieldError[]): string =>
  `the spec is invalid, fix it and apply again: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;

/** Undefined for a valid spec; else what showing the refusal did. */
export async function validate(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock' | 'read'>,
  zk: LiveZooKeeper,
): Promise<readonly string[] | undefined> {
  const { namespace, name } = zk.metadata;
  const statefulSet = (await ctx.read(STATEFULSETS, { namespace, name })) as V1StatefulSet | undefined;
  const errors = [
    ...validateZooKeeper(manifestOf(zk)),
    ...authNotYetOnKubernetes(zk.spec),
    ...clientSaslChange(zk.spec, statefulSet),
  ];
  if (errors.length === 0) return undefined;
  return reportProblem(ctx, zk, { reason: 'InvalidSpec', message: invalidSpecMessage(errors) });
}

/** The object in the shape the schema checks (what a user wrote), without server-set metadata. */
function manifestOf(zk: LiveZooKeeper): unknown {
  const { name, namespace, labels, annotations } = zk.metadata;
  return {
    apiVersion: zk.apiVersion,
    kind: zk.kind,
    metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
    spec: zk.spec,
  };
}
