/** The lifecycle engine: (desired, observation) -> the one next safe step. Pure. */

export { initialConfig } from './create.ts';
export { describeOperation, memberOfStep, type OperationStatus, stepSummary } from './describe-operation.ts';
export { leaderLast } from './leader-last.ts';
export { nextStep, plan } from './plan.ts';
export { canTakeDown, faultTolerance, hasQuorum, quorum } from './quorum.ts';
export { quorumSaslTarget } from './quorum-sasl.ts';
export { quorumTlsTarget } from './quorum-tls.ts';
export { isHealthy, isStale, joinerConfig, joinerRole, wantedRoles } from './situation.ts';
export type * from './types.ts';
export { unsupportedVersionChange } from './upgrade-rules.ts';
