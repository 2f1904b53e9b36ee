/**
 * What the command line sees of zkop on Kubernetes: `zkop operator` (operator/run-operator.ts) and the
 * user's client behind `zkop status|scale|restart -n` (user-client/). Re-exports only; the operator
 * is loaded when it is run, so the user's commands do not load it.
 */
export { type MemberSnapshotRequest, placeMemberSnapshot } from './bootstrap/member-snapshot.ts';
export { ApiError, type KubeApi, type ObjectRef } from './client/kube-api.ts';
export { ZOOKEEPERS } from './client/resources.ts';
export { OperatorConfigError } from './operator/config-error.ts';
export type { OperatorOptions } from './operator/run-operator.ts';

type RunOperator = typeof import('./operator/run-operator.ts').runOperator;
export const runOperator: RunOperator = async (options) =>
  (await import('./operator/run-operator.ts')).runOperator(options);
export { connectCli } from './user-client/connect.ts';
export { follow } from './user-client/follow.ts';
export { newRestartToken, restartPatch, scalePatch, type ZooKeeperReading } from './user-client/requests.ts';
