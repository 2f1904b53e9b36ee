/** One line of the lifecycle operation in progress, shared by the local and the Kubernetes status. */

export interface OperationText {
  readonly type: string;
  readonly step: string;
  readonly waitingFor?: string | undefined;
}

export function operationText({ type, step, waitingFor }: OperationText): string {
  return `${type}${step ? `: ${step}` : ''}${waitingFor ? `; waiting for ${waitingFor}` : ''}`;
}
