/** Runs a long lifecycle operation (scale, restart) with progress, until it ends or is interrupted. */

import { type LifecycleRunOptions, status, untilInterrupted } from '../platform/local/index.ts';
import { failed } from '../platform/shared/errors.ts';
import { formatEnsemble } from './format-status.ts';
import { progressPrinter, timeoutFromSeconds } from './options.ts';

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
