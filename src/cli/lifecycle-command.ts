/** Runs a long lifecycle operation (scale, restart) with progress, until it ends or is interrupted. */
import { failed } from '../platform/local/errors.ts';
import { untilInterrupted } from '../platform/local/lifecycle/interrupt.ts';
import { type LifecycleRunOptions, timeoutFromSeconds } from '../platform/local/lifecycle/run-options.ts';
import { status } from '../platform/local/status.ts';
import { formatEnsemble } from './format-status.ts';
import { progressPrinter } from './options.ts';

export async function runLifecycleCommand(
  ensemble: string,
  label: string,
  options: { stateDir: string; timeout: string },
  operation: (options: LifecycleRunOptions) => Promise<{ end: string }>,
): Promise<void> {
  const { stateDir } = options;
  const timeoutMs = timeoutFromSeconds(options.timeout);
  const result = await untilInterrupted((signal) =>
    operation({ stateDir, timeoutMs, onProgress: progressPrinter(false), signal }),
  );
  if (result.end === 'interrupted')
    throw failed(`${ensemble}: interrupted; run the command again to continue`);
  process.stdout.write(
    `${ensemble}: ${label} ${result.end}\n${formatEnsemble(await status(ensemble, stateDir))}\n`,
  );
}
