/** The current operation and step in words, for status. Reads only; changes nothing. */

import { plan } from './plan.ts';
import type { Desired, MemberId, Observation, OperationType, Step } from './types.ts';

export interface OperationStatus {
  readonly type: OperationType;
  /** What is being done now; empty when idle. */
  readonly step: string;
  /** What the engine waits for, or why it refuses; empty when it is acting or done. */
  readonly waitingFor: string;
}

/** The member a step acts on; undefined for Wait, Refuse and Done. */
export function memberOfStep(step: Step): MemberId | undefined {
  return 'id' in step ? step.id : undefined;
}

export function stepSummary(step: Step): string {
  switch (step.type) {
    case 'StartMember':
      return `start member ${step.id}${step.options.asObserver ? ' as observer' : ''}`;
    case 'Reconfigure':
      return `reconfig: ${step.kind} member ${step.id}${step.role ? ` as ${step.role}` : ''}`;
    case 'StopMember':
      return `stop member ${step.id}`;
    case 'RestartMember':
      return `restart member ${step.id}`;
    case 'DeleteStorage':
      return `delete the storage of member ${step.id}`;
    case 'Wait':
      return 'wait';
    case 'Refuse':
      return 'refused';
    case 'Done':
      return '';
  }
}

/** Describes `step` (by default the next one) as part of the operation the engine is driving. */
export function describeOperation(
  desired: Desired,
  observation: Observation,
  step: Step = plan(desired, observation).step,
): OperationStatus {
  const { operation } = plan(desired, observation);
  const waitingFor = step.type === 'Wait' || step.type === 'Refuse' ? step.reason : '';
  const detail = 'reason' in step && step.type !== 'Wait' && step.type !== 'Refuse' ? `: ${step.reason}` : '';
  return { type: operation, step: `${stepSummary(step)}${detail}`, waitingFor };
}
