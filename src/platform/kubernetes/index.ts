/**
 * What the command line sees of zkop on Kubernetes: `zkop operator` (operator/run-operator.ts) and the
 * user's client behind `zkop status|scale|restart -n` (user-client/). Re-exports only.
 */
export { ApiError, type KubeApi, type ObjectRef } from './client/kube-api.ts';
export { ZOOKEEPERS } from './client/resources.ts';
export { OperatorConfigError, type OperatorOptions, runOperator } from './operator/run-operator.ts';
export { connectCli } from './user-client/connect.ts';
export { follow } from './user-client/follow.ts';
export { newRestartToken, restartPatch, scalePatch, type ZooKeeperReading } from './user-client/requests.ts';
