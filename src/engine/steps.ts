/** Constructors for steps, so rules read as sentences. */

import type {
  EnsembleConfig,
  MemberId,
  MemberStages,
  OperationType,
  Plan,
  ReconfigureChange,
} from './types.ts';

export function start(
  operation: OperationType,
  id: MemberId,
  asObserver: boolean,
  config: EnsembleConfig,
  { quorumTls, quorumSasl }: MemberStages,
  reason: string,
): Plan {
  const options = { asObserver, config, quorumTls, quorumSasl };
  return { operation, step: { type: 'StartMember', id, options, reason } };
}

export function reconfigure(
  operation: OperationType,
  change: ReconfigureChange,
  id: MemberId,
  fromVersion: bigint,
  reason: string,
): Plan {
  return { operation, step: { type: 'Reconfigure', ...change, id, fromVersion, reason } };
}

export function stop(operation: OperationType, id: MemberId, reason: string): Plan {
  return { operation, step: { type: 'StopMember', id, reason } };
}

export function restart(
  operation: OperationType,
  id: MemberId,
  config: EnsembleConfig,
  { quorumTls, quorumSasl }: MemberStages,
  reason: string,
): Plan {
  return { operation, step: { type: 'RestartMember', id, config, quorumTls, quorumSasl, reason } };
}

export function deleteStorage(operation: OperationType, id: MemberId, reason: string): Plan {
  return { operation, step: { type: 'DeleteStorage', id, reason } };
}

export function wait(operation: OperationType, reason: string): Plan {
  return { operation, step: { type: 'Wait', reason } };
}

export function refuse(reason: string): Plan {
  return { operation: 'Refused', step: { type: 'Refuse', reason } };
}
