/** A store's failure as the platform error the command line maps to an exit code. */
import { StoreError } from '../../../backup-store/store.ts';
import { failed, notFound, type PlatformError } from '../errors.ts';

export function storeFailure(error: unknown): unknown {
  if (!(error instanceof StoreError)) return error;
  const asPlatform: PlatformError =
    error.kind === 'not-found' || error.kind === 'no-bucket'
      ? notFound(error.message)
      : failed(error.message);
  return asPlatform;
}

/** Runs `work`, turning store failures into platform errors. */
export async function withStore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeFailure(error);
  }
}
