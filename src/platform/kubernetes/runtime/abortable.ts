/**
 * A view of an object with asynchronous methods whose calls stop at `signal`: after it aborts no call
 * starts, and a call under way rejects at once with the signal's reason (what it returns later is
 * dropped). What a reconcile reaches the API server and ZooKeeper through, so a replica that stops
 * leading acts no more, at once, the way a killed one would: whatever step it was in the middle of,
 * the next leader observes and plans again.
 */
export function abortable<T extends object>(target: T, signal: AbortSignal): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (signal.aborted) return Promise.reject(signal.reason);
        const result = value.apply(object, args);
        return result instanceof Promise ? untilAborted(result, signal) : result;
      };
    },
  });
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
