/**
 * KubeApi over HTTP: each request goes through an ApiConnection, which authenticates and sends it;
 * bodies are plain API JSON both ways.
 */
import { createInterface } from 'node:readline';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ApiConnection, ApiResponse, HttpMethod } from './api-connection.ts';
import {
  ApiError,
  type ApiStatus,
  type ApplyOptions,
  type DeleteOptions,
  FIELD_MANAGER,
  type KubeApi,
  type ListOptions,
  type ListResult,
  type ObjectRef,
  type Watch,
  type WatchEvent,
  type WatchOptions,
} from './kube-api.ts';
import { type ResourceType, resourcePath } from './resources.ts';

interface Request {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** A request's time limit when the caller gives none (watches have their own). */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long past its own timeout a watch may stay open before it counts as dead (and ends). */
const WATCH_GRACE_S = 30;

export class HttpKubeApi implements KubeApi {
  readonly #connection: ApiConnection;
  readonly #fieldManager: string;

  constructor(connection: ApiConnection, fieldManager = FIELD_MANAGER) {
    this.#connection = connection;
    this.#fieldManager = fieldManager;
  }

  #send(request: Request): Promise<ApiResponse> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const search = query.size > 0 ? `?${query}` : '';
    return this.#connection.send({
      method: request.method,
      path: `${request.path}${search}`,
      headers: {
        Accept: 'application/json',
        ...(request.body === undefined ? {} : { 'Content-Type': request.contentType ?? 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: request.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }

  async #json<T>(request: Request): Promise<T> {
    const response = await this.#send(request);
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) return JSON.parse(text) as T;
    throw errorOf(response.status, text);
  }

  async get<T extends KubernetesObject>(type: ResourceType, ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.#json<T>({
        method: 'GET',
        path: resourcePath(type, ref.namespace, ref.name),
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  async list<T extends KubernetesObject>(
    type: ResourceType,
    options: ListOptions = {},
  ): Promise<ListResult<T>> {
    const list = await this.#json<{ items?: T[]; metadata?: { resourceVersion?: string } }>({
      method: 'GET',
      path: resourcePath(type, options.namespace),
      query: { labelSelector: options.labelSelector },
    });
    // Items of a list carry no apiVersion/kind; give them back their type.
    const items = (list.items ?? []).map((item) => ({
      ...item,
      apiVersion: type.apiVersion,
      kind: type.kind,
    }));
    return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  watch<T extends KubernetesObject>(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Watch {
    const abort = new AbortController();
    // The server ends the watch after timeoutSeconds; a connection that died silently never does.
    const watchdog = setTimeout(
      () => abort.abort(),
      ((options.timeoutSeconds ?? 300) + WATCH_GRACE_S) * 1000,
    );
    watchdog.unref();
    const done = (async () => {
      let response: ApiResponse;
      try {
        response = await this.#send({
          method: 'GET',
          path: resourcePath(type, options.namespace),
          query: {
            watch: true,
            resourceVersion: options.resourceVersion,
            allowWatchBookmarks: options.allowWatchBookmarks,
            timeoutSeconds: options.timeoutSeconds,
            labelSelector: options.labelSelector,
          },
          signal: abort.signal,
        });
      } catch (err) {
        if (abort.signal.aborted) return;
        throw err;
      }
      if (response.status !== 200) throw errorOf(response.status, await response.text());
      const body = response.stream();
      const lines = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
      try {
        for await (const line of lines) {
          if (line.trim() === '') continue;
          onEvent(JSON.parse(line) as WatchEvent<T>);
        }
      } catch (err) {
        if (!abort.signal.aborted) throw err;
      } finally {
        body.destroy();
      }
    })().finally(() => clearTimeout(watchdog));
    return { stop: () => abort.abort(), done };
  }

  apply<T extends KubernetesObject>(type: ResourceType, object: T, options: ApplyOptions = {}): Promise<T> {
    return this.#apply(type, object, options, undefined);
  }

  applyStatus<T extends KubernetesObject>(
    type: ResourceType,
    object: T,
    options: ApplyOptions = {},
  ): Promise<T> {
    return this.#apply(type, object, options, 'status');
  }

  #apply<T extends KubernetesObject>(
    type: ResourceType,
    object: T,
    options: ApplyOptions,
    subresource: string | undefined,
  ): Promise<T> {
    const { namespace, name } = object.metadata ?? {};
    if (!name) throw new Error(`cannot apply a ${type.kind} without metadata.name`);
    return this.#json<T>({
      method: 'PATCH',
      path: resourcePath(type, namespace, name, subresource),
      query: { fieldManager: this.#fieldManager, force: options.force ?? true },
      // JSON is YAML: the apply patch goes as it is.
      contentType: 'application/apply-patch+yaml',
      body: object,
    });
  }

  create<T extends KubernetesObject>(type: ResourceType, object: T): Promise<T> {
    return this.#json<T>({
      method: 'POST',
      path: resourcePath(type, object.metadata?.namespace),
      query: { fieldManager: this.#fieldManager },
      body: object,
    });
  }

  replace<T extends KubernetesObject>(type: ResourceType, object: T): Promise<T> {
    const { namespace, name } = object.metadata ?? {};
    if (!name) throw new Error(`cannot replace a ${type.kind} without metadata.name`);
    return this.#json<T>({
      method: 'PUT',
      path: resourcePath(type, namespace, name),
      query: { fieldManager: this.#fieldManager },
      body: object,
    });
  }

  mergePatch<T extends KubernetesObject>(type: ResourceType, ref: ObjectRef, patch: unknown): Promise<T> {
    return this.#json<T>({
      method: 'PATCH',
      path: resourcePath(type, ref.namespace, ref.name),
      query: { fieldManager: this.#fieldManager },
      contentType: 'application/merge-patch+json',
      body: patch,
    });
  }

  async delete(type: ResourceType, ref: ObjectRef, options: DeleteOptions = {}): Promise<boolean> {
    try {
      await this.#json({
        method: 'DELETE',
        path: resourcePath(type, ref.namespace, ref.name),
        body: { apiVersion: 'v1', kind: 'DeleteOptions', ...options },
      });
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return false;
      throw err;
    }
  }
}

function errorOf(status: number, text: string): ApiError {
  try {
    return ApiError.fromStatus(JSON.parse(text) as ApiStatus, status);
  } catch {
    return new ApiError(status, 'Unknown', `Kubernetes API answered ${status}: ${text.slice(0, 200)}`);
  }
}
