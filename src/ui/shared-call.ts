/**
 * One call at a time for `zkop ui`'s endpoints: requests that arrive while a call is under way share
 * its result, so many open pages (or a slow ensemble) never start overlapping observations.
 */
export function sharedCall<T>(call: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= call().finally(() => {
      running = undefined;
    });
    return running;
  };
}
