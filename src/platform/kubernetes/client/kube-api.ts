/**
 * The small Kubernetes API the controller uses. Objects travel as plain API JSON (what `render/`
 * produces and what the API server sends), never through the client library's model serializers.
 * `http-api.ts` speaks it to a real API server, `fake-api.ts` keeps it in memory for tests.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ResourceType } from './resources.ts';

export const FIELD_MANAGER = 'zkop';

export interface ObjectRef {
  readonly namespace?: string;
  readonly name: string;
}

export interface ListOptions {
  /** Undefined: every namespace (cluster-wide list of a namespaced type). */
  readonly namespace?: string;
  readonly labelSelector?: string;
}

export interface ListResult<T> {
  readonly items: T[];
  readonly resourceVersion: string;
}

export interface WatchOptions extends ListOptions {
  readonly resourceVersion: string;
  readonly allowWatchBookmarks?: boolean;
  /** The server ends the watch after this many seconds; the watch loop starts a new one. */
  readonly timeoutSeconds?: number;
}

/** A `metav1.Status` as the API server returns it in errors and watch ERROR events. */
export interface ApiStatus {
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
}

export type WatchEvent<T> =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: T }
  | { readonly type: 'BOOKMARK'; readonly object: { metadata: { resourceVersion: string } } }
  | { readonly type: 'ERROR'; readonly object: ApiStatus };

export interface Watch {
  /** Ends the watch; `done` then resolves. */
  stop(): void;
  /** Resolves when the stream ends (server timeout, `stop`), rejects with an ApiError if it failed. */
  readonly done: Promise<void>;
}

export interface ApplyOptions {
  /** Take over fields another manager owns (default true: zkop is the authority on what it renders). */
  readonly force?: boolean;
}

export interface DeleteOptions {
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

export interface KubeApi {
  /** Undefined when the object does not exist. */
  get<T extends KubernetesObject>(type: ResourceType, ref: ObjectRef): Promise<T | undefined>;
  list<T extends KubernetesObject>(type: ResourceType, options?: ListOptions): Promise<ListResult<T>>;
  watch<T extends KubernetesObject>(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Watch;
  /** Server-side apply (field manager `zkop`) of the object as given; returns the live object. */
  apply<T extends KubernetesObject>(type: ResourceType, object: T, options?: ApplyOptions): Promise<T>;
  /** Server-side apply of `status` through the status subresource. */
  applyStatus<T extends KubernetesObject>(type: ResourceType, object: T, options?: ApplyOptions): Promise<T>;
  create<T extends KubernetesObject>(type: ResourceType, object: T): Promise<T>;
  /** Update with optimistic concurrency: fails with 409 when `metadata.resourceVersion` is stale. */
  replace<T extends KubernetesObject>(type: ResourceType, object: T): Promise<T>;
  /** JSON merge patch (e.g. removing a finalizer with a resourceVersion guard). */
  mergePatch<T extends KubernetesObject>(type: ResourceType, ref: ObjectRef, patch: unknown): Promise<T>;
  /** False when the object was already gone. */
  delete(type: ResourceType, ref: ObjectRef, options?: DeleteOptions): Promise<boolean>;
}

/**
 * Deletes each object as it was read (a uid precondition, so a newer one of the same name stays);
 * returns `delete <Kind> <name>` for each.
 */
export async function deleteEach(
  api: KubeApi,
  type: ResourceType,
  objects: readonly KubernetesObject[],
): Promise<string[]> {
  const actions: string[] = [];
  for (const { metadata } of objects) {
    const ref = { namespace: metadata?.namespace, name: metadata?.name ?? '' };
    await api.delete(type, ref, { preconditions: { uid: metadata?.uid } });
    actions.push(`delete ${type.kind} ${ref.name}`);
  }
  return actions;
}

export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(code: number, reason: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
  }

  static fromStatus(status: ApiStatus, fallbackCode = 500): ApiError {
    return new ApiError(
      status.code ?? fallbackCode,
      status.reason ?? 'Unknown',
      status.message ?? `Kubernetes API error ${status.code ?? fallbackCode}`,
    );
  }
}

export const isGone = (err: unknown): boolean => err instanceof ApiError && err.code === 410;
export const isConflict = (err: unknown): boolean => err instanceof ApiError && err.code === 409;
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.code === 404;

export function keyOf(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return namespace ? `${namespace}/${name}` : `${name}`;
}
