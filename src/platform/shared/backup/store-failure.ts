/**
 * A store's or an AdminServer's failure as the platform error the command line maps to an exit code:
 * its message, not a stack trace.
 */
import { StoreError } from '../../../backup-store/store.ts';
import { AdminError } from '../../../zk/admin.ts';
import { failed, notFound, type PlatformError } from '../errors.ts';

export function storeFailure(error: unknown): unknown {
  if (error instanceof AdminError) return failed(error.message);
  if (!(error instanceof StoreError)) return error;
  const asPlatform: PlatformError =
    error.kind === 'not-found' || error.kind === 'no-bucket'
      ? notFound(error.message)
      : failed(error.message);
  return asPlatform;
}

/** Runs `work`, turning store and AdminServer failures into platform errors. */
export async function withStore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeFailure(error);
  }
}
