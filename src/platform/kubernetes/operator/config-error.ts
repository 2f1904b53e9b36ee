/** Options `zkop operator` cannot run with: the CLI reports them as bad input (exit 2). */
export class OperatorConfigError extends Error {}
