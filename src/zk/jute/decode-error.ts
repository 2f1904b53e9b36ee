/** A frame from the server that cannot be decoded. The connection that carried it cannot be trusted any more. */

export type DecodeProblem = 'truncated' | 'oversized' | 'malformed' | 'unexpected-xid' | 'unknown-opcode';

export class ZkDecodeError extends Error {
  override readonly name = 'ZkDecodeError';
  readonly problem: DecodeProblem;

  constructor(problem: DecodeProblem, message: string) {
    super(`ZooKeeper protocol error (${problem}): ${message}`);
    this.problem = problem;
  }
}
