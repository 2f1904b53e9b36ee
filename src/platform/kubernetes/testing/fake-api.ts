/**
 * An in-memory Kubernetes API server for tests of the controller's loops. It keeps what those loops
 * depend on: a resourceVersion counter shared by all objects, watch events replayed from a history
 * that can be compacted (410 Gone), bookmarks, optimistic concurrency (409 on a stale
 * resourceVersion), delete preconditions, finalizers and deletionTimestamp, garbage collection by
 * owner uid, a status subresource for ZooKeeper objects, a cluster IP for each new Service that asks
 * for none, and server-side apply with per-manager field ownership (conflicts unless forced, removal
 * of fields a manager stops applying, no new resourceVersion for an apply that changes nothing),
 * deletion with orphaned dependents, and validation checks a test adds (refused as 422 Invalid).
 * Every call is recorded.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import {
  deletePath,
  type FieldPath,
  getPath,
  isObject,
  leafPaths,
  mergeInto,
  mergePatchInto,
  overlaps,
  pathKey,
} from '../client/field-paths.ts';
import {
  ApiError,
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
} from '../client/kube-api.ts';
import { type ResourceType, ZOOKEEPERS } from '../client/resources.ts';

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'apply'
  | 'applyStatus'
  | 'create'
  | 'replace'
  | 'mergePatch'
  | 'delete';
export const WRITE_VERBS: readonly Verb[] = [
  'apply',
  'applyStatus',
  'create',
  'replace',
  'mergePatch',
  'delete',
];

export interface Call {
  readonly verb: Verb;
  readonly kind: string;
  readonly key: string;
  readonly manager: string;
}

type Obj = KubernetesObject & Record<string, unknown>;

interface HistoryEntry {
  readonly rv: number;
  readonly typeKey: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: Obj;
}

interface Watcher {
  readonly typeKey: string;
  readonly options: WatchOptions;
  readonly deliver: (event: WatchEvent<Obj>) => void;
  readonly end: (err?: ApiError) => void;
}

const ORPHAN_FINALIZER = 'orphan';

/** A validation rule of the server: a message when it refuses the object. */
export type Admission = (type: ResourceType, object: KubernetesObject) => string | undefined;

/** Types whose `status` only the status subresource writes. */
const STATUS_SUBRESOURCE = new Set([typeKeyOf(ZOOKEEPERS)]);

function typeKeyOf(type: ResourceType): string {
  return `${type.apiVersion}/${type.kind}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function matchesLabels(object: Obj, selector: string | undefined): boolean {
  if (!selector) return true;
  const labels = object.metadata?.labels ?? {};
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return k !== undefined && labels[k.trim()] === v?.trim();
  });
}

function inScope(object: Obj, options: ListOptions): boolean {
  return (
    (options.namespace === undefined || object.metadata?.namespace === options.namespace) &&
    matchesLabels(object, options.labelSelector)
  );
}

/** The fields of an applied object that count as content (not identity, not server-set metadata). */
function appliedPaths(object: Obj): FieldPath[] {
  return leafPaths(object).filter(
    (p) =>
      !(p.length === 1 && (p[0] === 'apiVersion' || p[0] === 'kind')) &&
      !(
        p[0] === 'metadata' &&
        ['name', 'namespace', 'resourceVersion', 'uid', 'managedFields'].includes(p[1] ?? '')
      ),
  );
}

export class FakeKubeApi {
  readonly calls: Call[] = [];
  #objects = new Map<string, Map<string, Obj>>();
  /** type and object key -> manager -> owned field paths (pathKey -> path). */
  #owners = new Map<string, Map<string, Map<string, FieldPath>>>();
  #history: HistoryEntry[] = [];
  #oldestWatchable = 0;
  #rv = 100;
  #serviceIps = 0;
  #watchers = new Set<Watcher>();
  #failures: { verb: Verb; kind?: string; error: ApiError }[] = [];
  #watchGate: Promise<void> | undefined;
  #stopHeld = new Set<() => void>();
  #admissions: Admission[] = [];
  #unserved = new Set<string>();

  /** A client of this server that applies as `manager`. */
  client(manager = FIELD_MANAGER): KubeApi {
    return {
      get: (type, ref) => this.#get(manager, type, ref),
      list: (type, options) => this.#list(manager, type, options),
      watch: (type, options, onEvent) =>
        this.#watch(manager, type, options, onEvent as (e: WatchEvent<Obj>) => void),
      apply: (type, object, options) => this.#apply(manager, type, object as Obj, options, false),
      applyStatus: (type, object, options) => this.#apply(manager, type, object as Obj, options, true),
      create: (type, object) => this.#create(manager, type, object as Obj),
      replace: (type, object) => this.#replace(manager, type, object as Obj),
      mergePatch: (type, ref, patch) => this.#mergePatch(manager, type, ref, patch),
      delete: (type, ref, options) => this.#delete(manager, type, ref, options),
    } as KubeApi;
  }

  get resourceVersion(): string {
    return String(this.#rv);
  }

  /** Calls that change state, optionally only those made by `manager`. */
  writes(manager = FIELD_MANAGER): Call[] {
    return this.calls.filter((c) => WRITE_VERBS.includes(c.verb) && c.manager === manager);
  }

  /** Makes the next `verb` (on `kind`, when given) fail with `error`. */
  failNext(verb: Verb, error: ApiError, kind?: string): void {
    this.#failures.push({ verb, error, ...(kind ? { kind } : {}) });
  }

  /**
   * Stops serving the resources of `apiVersion` (a CRD not installed): writes fail with 404 as the API
   * server's do, and a get finds nothing. Returns the undo.
   */
  unserve(apiVersion: string): () => void {
    this.#unserved.add(apiVersion);
    return () => this.#unserved.delete(apiVersion);
  }

  /** Refuses, from now on, every object written that `check` has a message for; returns the undo. */
  admit(check: Admission): () => void {
    this.#admissions.push(check);
    return () => {
      this.#admissions = this.#admissions.filter((c) => c !== check);
    };
  }

  #validate(type: ResourceType, object: Obj): void {
    for (const check of this.#admissions) {
      const message = check(type, object);
      if (message) {
        throw new ApiError(422, 'Invalid', `${type.kind} "${object.metadata?.name}" is invalid: ${message}`);
      }
    }
  }

  /**
   * What the garbage collector does for objects deleted with propagation Orphan: removes the owner
   * references to them from their dependents, then lets them go.
   */
  collectGarbage(): void {
    for (const [typeKey, store] of this.#objects) {
      for (const [key, object] of [...store]) {
        if (!object.metadata?.deletionTimestamp || !object.metadata.finalizers?.includes(ORPHAN_FINALIZER))
          continue;
        const uid = object.metadata.uid;
        for (const [dependentTypeKey, dependents] of this.#objects) {
          for (const [k, o] of [...dependents]) {
            if (!o.metadata?.ownerReferences?.some((r) => r.uid === uid)) continue;
            const next = stripRv(o);
            next.metadata = {
              ...next.metadata,
              ownerReferences: o.metadata.ownerReferences.filter((r) => r.uid !== uid),
            };
            this.#commit(typeOfKey(dependentTypeKey), k, stripRv(o), next);
          }
        }
        const next = stripRv(object);
        next.metadata = {
          ...next.metadata,
          finalizers: object.metadata.finalizers.filter((f) => f !== ORPHAN_FINALIZER),
        };
        this.#commit(typeOfKey(typeKey), key, stripRv(object), next);
      }
    }
  }

  /** Forgets the event history: watches from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.#history = [];
    this.#oldestWatchable = this.#rv;
  }

  /** Sends a BOOKMARK with the current resourceVersion to watches that asked for them. */
  bookmark(): void {
    for (const w of this.#watchers) {
      if (w.options.allowWatchBookmarks) {
        w.deliver({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.#rv) } } } as never);
      }
    }
  }

  /** Ends every open watch as the server does when their timeout passes. */
  endWatches(err?: ApiError): void {
    for (const w of [...this.#watchers]) w.end(err);
  }

  /** New watches wait until the returned function is called (to change things while none is open). */
  holdWatches(): () => void {
    let release: () => void = () => {};
    this.#watchGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.#watchGate = undefined;
      release();
    };
  }

  get openWatches(): number {
    return this.#watchers.size;
  }

  /** The stored object, as a copy; for assertions. */
  peek<T extends KubernetesObject>(type: ResourceType, ref: ObjectRef): T | undefined {
    const o = this.#store(type).get(objectKey(ref.namespace, ref.name));
    return o ? (structuredClone(o) as unknown as T) : undefined;
  }

  #record(verb: Verb, manager: string, type: ResourceType, key: string): void {
    this.calls.push({ verb, kind: type.kind, key, manager });
    if (this.#unserved.has(type.apiVersion) && verb !== 'get') {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const i = this.#failures.findIndex(
      (f) => f.verb === verb && (f.kind === undefined || f.kind === type.kind),
    );
    if (i >= 0) {
      const [failure] = this.#failures.splice(i, 1);
      if (failure) throw failure.error;
    }
  }

  #store(type: ResourceType): Map<string, Obj> {
    const k = typeKeyOf(type);
    let store = this.#objects.get(k);
    if (!store) {
      store = new Map();
      this.#objects.set(k, store);
    }
    return store;
  }

  #emit(type: ResourceType, eventType: HistoryEntry['type'], object: Obj): void {
    const entry: HistoryEntry = {
      rv: this.#rv,
      typeKey: typeKeyOf(type),
      type: eventType,
      object: structuredClone(object),
    };
    this.#history.push(entry);
    for (const w of this.#watchers) {
      if (w.typeKey === entry.typeKey && inScope(entry.object, w.options)) {
        w.deliver({ type: entry.type, object: structuredClone(entry.object) });
      }
    }
  }

  async #get(manager: string, type: ResourceType, ref: ObjectRef): Promise<Obj | undefined> {
    await tick();
    this.#record('get', manager, type, objectKey(ref.namespace, ref.name));
    const o = this.#store(type).get(objectKey(ref.namespace, ref.name));
    return o ? structuredClone(o) : undefined;
  }

  async #list(manager: string, type: ResourceType, options: ListOptions = {}): Promise<ListResult<Obj>> {
    await tick();
    this.#record('list', manager, type, options.namespace ?? '*');
    const items = [...this.#store(type).values()]
      .filter((o) => inScope(o, options))
      .map((o) => structuredClone(o));
    return { items, resourceVersion: String(this.#rv) };
  }

  #watch(
    manager: string,
    type: ResourceType,
    options: WatchOptions,
    onEvent: (e: WatchEvent<Obj>) => void,
  ): Watch {
    let resolveDone: () => void = () => {};
    let rejectDone: (err: ApiError) => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    let open = true;
    let stopped = false;
    const gate = this.#watchGate;
    if (gate) {
      gate.then(() => {
        if (stopped) resolveDone();
        else {
          const inner = this.#watch(manager, type, options, onEvent);
          this.#stopHeld.add(() => inner.stop());
          inner.done.then(resolveDone, rejectDone);
        }
      });
      return {
        stop: () => {
          stopped = true;
          for (const stop of this.#stopHeld) stop();
        },
        done,
      };
    }
    const watcher: Watcher = {
      typeKey: typeKeyOf(type),
      options,
      deliver: (event) =>
        queueMicrotask(() => {
          if (open) onEvent(event);
        }),
      end: (err) => {
        if (!open) return;
        queueMicrotask(() => {
          open = false;
          this.#watchers.delete(watcher);
          if (err) rejectDone(err);
          else resolveDone();
        });
      },
    };
    try {
      this.#record('watch', manager, type, options.namespace ?? '*');
    } catch (err) {
      open = false;
      queueMicrotask(() => rejectDone(err as ApiError));
      return { stop: () => {}, done };
    }
    const from = Number(options.resourceVersion);
    if (!Number.isFinite(from) || from < this.#oldestWatchable) {
      watcher.deliver({
        type: 'ERROR',
        object: {
          code: 410,
          reason: 'Expired',
          message: `too old resource version: ${options.resourceVersion}`,
        },
      });
      watcher.end();
      return { stop: () => watcher.end(), done };
    }
    this.#watchers.add(watcher);
    for (const entry of this.#history) {
      if (entry.rv > from && entry.typeKey === watcher.typeKey && inScope(entry.object, options)) {
        watcher.deliver({ type: entry.type, object: structuredClone(entry.object) });
      }
    }
    return { stop: () => watcher.end(), done };
  }

  #nextRv(): string {
    this.#rv += 1;
    return String(this.#rv);
  }

  #owned(key: string, manager: string): Map<string, FieldPath> {
    let byManager = this.#owners.get(key);
    if (!byManager) {
      byManager = new Map();
      this.#owners.set(key, byManager);
    }
    let owned = byManager.get(manager);
    if (!owned) {
      owned = new Map();
      byManager.set(manager, owned);
    }
    return owned;
  }

  /** Stores `next` as the new state of an object and tells watchers, unless nothing changed. */
  #commit(type: ResourceType, key: string, previous: Obj | undefined, next: Obj): Obj {
    const stored = this.#store(type).get(key);
    if (previous && stored && isDeepStrictEqual(previous, next)) return structuredClone(stored);
    next.metadata ??= {};
    const meta = next.metadata;
    const spec = (next as { spec?: { clusterIP?: string } }).spec;
    if (!stored && type.kind === 'Service' && spec && !spec.clusterIP) {
      this.#serviceIps += 1;
      spec.clusterIP = `10.96.${this.#serviceIps >> 8}.${this.#serviceIps & 255}`;
    }
    if (previous && !isDeepStrictEqual(withoutMeta(previous), withoutMeta(next))) {
      const specChanged = !isDeepStrictEqual(
        { ...withoutMeta(previous), status: undefined },
        { ...withoutMeta(next), status: undefined },
      );
      if (specChanged) meta.generation = (previous.metadata?.generation ?? 1) + 1;
    }
    meta.resourceVersion = this.#nextRv();
    this.#store(type).set(key, next);
    this.#emit(type, previous ? 'MODIFIED' : 'ADDED', next);
    const finalizers = meta.finalizers ?? [];
    if (meta.deletionTimestamp && finalizers.length === 0) this.#remove(type, key);
    return structuredClone(next);
  }

  #newObject(type: ResourceType, object: Obj): Obj {
    const created = structuredClone(object);
    created.apiVersion = type.apiVersion;
    created.kind = type.kind;
    created.metadata ??= {};
    const meta = created.metadata;
    meta.uid = randomUUID();
    meta.generation = 1;
    meta.creationTimestamp = new Date(0).toISOString() as never;
    delete meta.resourceVersion;
    if (STATUS_SUBRESOURCE.has(typeKeyOf(type))) delete created.status;
    return created;
  }

  #requireName(object: Obj): { namespace: string | undefined; name: string } {
    const name = object.metadata?.name;
    if (!name) throw new ApiError(422, 'Invalid', 'metadata.name: Required value');
    return { namespace: object.metadata?.namespace, name };
  }

  async #create(manager: string, type: ResourceType, object: Obj): Promise<Obj> {
    await tick();
    const { namespace, name } = this.#requireName(object);
    const key = objectKey(namespace, name);
    this.#record('create', manager, type, key);
    if (this.#store(type).has(key))
      throw new ApiError(409, 'AlreadyExists', `${type.plural} "${name}" already exists`);
    const created = this.#newObject(type, object);
    this.#validate(type, created);
    return this.#commit(type, key, undefined, created);
  }

  async #replace(manager: string, type: ResourceType, object: Obj): Promise<Obj> {
    await tick();
    const { namespace, name } = this.#requireName(object);
    const key = objectKey(namespace, name);
    this.#record('replace', manager, type, key);
    const live = this.#store(type).get(key);
    if (!live) throw new ApiError(404, 'NotFound', `${type.plural} "${name}" not found`);
    const rv = object.metadata?.resourceVersion;
    if (rv !== undefined && rv !== live.metadata?.resourceVersion) {
      throw conflict(type, name);
    }
    const next = structuredClone(object);
    next.metadata = { ...next.metadata, uid: live.metadata?.uid, generation: live.metadata?.generation };
    if (live.metadata?.creationTimestamp) next.metadata.creationTimestamp = live.metadata.creationTimestamp;
    if (live.metadata?.deletionTimestamp) next.metadata.deletionTimestamp = live.metadata.deletionTimestamp;
    delete next.metadata.resourceVersion;
    if (STATUS_SUBRESOURCE.has(typeKeyOf(type))) next.status = live.status;
    const previous = { ...live, metadata: { ...live.metadata } };
    delete previous.metadata.resourceVersion;
    this.#validate(type, next);
    const committed = this.#commit(type, key, previous, next);
    return committed;
  }

  async #mergePatch(manager: string, type: ResourceType, ref: ObjectRef, patch: unknown): Promise<Obj> {
    await tick();
    const key = objectKey(ref.namespace, ref.name);
    this.#record('mergePatch', manager, type, key);
    const live = this.#store(type).get(key);
    if (!live) throw new ApiError(404, 'NotFound', `${type.plural} "${ref.name}" not found`);
    if (!isObject(patch)) throw new ApiError(400, 'BadRequest', 'a merge patch must be a JSON object');
    const rv = getPath(patch, ['metadata', 'resourceVersion']);
    if (rv !== undefined && rv !== live.metadata?.resourceVersion) throw conflict(type, ref.name);
    const next = structuredClone(live);
    mergePatchInto(next, patch);
    if (STATUS_SUBRESOURCE.has(typeKeyOf(type))) next.status = live.status;
    this.#validate(type, next);
    return this.#commit(type, key, stripRv(live), stripRv(next));
  }

  async #apply(
    manager: string,
    type: ResourceType,
    object: Obj,
    options: ApplyOptions = {},
    status: boolean,
  ): Promise<Obj> {
    await tick();
    const { namespace, name } = this.#requireName(object);
    const key = objectKey(namespace, name);
    this.#record(status ? 'applyStatus' : 'apply', manager, type, key);
    if (object.apiVersion !== type.apiVersion || object.kind !== type.kind) {
      throw new ApiError(
        400,
        'BadRequest',
        `apply of ${object.apiVersion}/${object.kind} sent as ${typeKeyOf(type)}`,
      );
    }
    const live = this.#store(type).get(key);
    const ownerKey = `${typeKeyOf(type)} ${key}`;
    const subresource = STATUS_SUBRESOURCE.has(typeKeyOf(type));
    if (status && !live) throw new ApiError(404, 'NotFound', `${type.plural} "${name}" not found`);
    const paths = appliedPaths(object).filter((p) =>
      !subresource ? true : status ? p[0] === 'status' : p[0] !== 'status',
    );
    const force = options.force ?? true;
    const base = live
      ? stripRv(live)
      : this.#newObject(type, {
          apiVersion: type.apiVersion,
          kind: type.kind,
          metadata: { name, namespace },
        } as Obj);
    const next = structuredClone(base);
    const byManager = this.#owners.get(ownerKey) ?? new Map<string, Map<string, FieldPath>>();
    const conflicts: string[] = [];
    for (const [other, owned] of byManager) {
      if (other === manager) continue;
      for (const [k, path] of owned) {
        const clash = paths.find((p) => overlaps(p, path));
        if (clash && !isDeepStrictEqual(getPath(next, path), getPath(object, path))) {
          if (!force) conflicts.push(`.${path.join('.')} (owned by ${other})`);
          else owned.delete(k);
        }
      }
    }
    if (conflicts.length > 0) {
      throw new ApiError(
        409,
        'Conflict',
        `Apply failed with ${conflicts.length} conflicts: ${conflicts.join(', ')}`,
      );
    }
    const mine = this.#owned(ownerKey, manager);
    const stillOwnedByOthers = (path: FieldPath): boolean =>
      [...byManager].some(
        ([m, owned]) => m !== manager && [...owned.values()].some((p) => overlaps(p, path)),
      );
    for (const path of mine.values()) {
      if (!paths.some((p) => overlaps(p, path)) && !stillOwnedByOthers(path)) deletePath(next, path);
    }
    const content = structuredClone(object);
    delete content.metadata?.resourceVersion;
    if (subresource) {
      if (status) mergeInto(next, { status: content.status ?? {} });
      else {
        delete content.status;
        mergeInto(next, content);
      }
    } else mergeInto(next, content);
    this.#validate(type, next);
    mine.clear();
    for (const p of paths) mine.set(pathKey(p), p);
    return this.#commit(type, key, live ? stripRv(live) : undefined, next);
  }

  async #delete(
    manager: string,
    type: ResourceType,
    ref: ObjectRef,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    await tick();
    const key = objectKey(ref.namespace, ref.name);
    this.#record('delete', manager, type, key);
    const live = this.#store(type).get(key);
    if (!live) return false;
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== live.metadata?.uid) {
      throw new ApiError(
        409,
        'Conflict',
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata?.uid}`,
      );
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== live.metadata?.resourceVersion) {
      throw new ApiError(
        409,
        'Conflict',
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}`,
      );
    }
    if (options.propagationPolicy === 'Orphan') {
      // As the API server does: the garbage collector frees the dependents first (collectGarbage).
      if (!live.metadata?.deletionTimestamp) {
        const next = stripRv(live);
        const finalizers = [...(next.metadata?.finalizers ?? []), ORPHAN_FINALIZER];
        next.metadata = { ...next.metadata, deletionTimestamp: new Date(0), finalizers };
        this.#commit(type, key, stripRv(live), next);
      }
      return true;
    }
    if ((live.metadata?.finalizers ?? []).length > 0) {
      if (!live.metadata?.deletionTimestamp) {
        const next = stripRv(live);
        next.metadata = { ...next.metadata, deletionTimestamp: new Date(0) };
        this.#commit(type, key, stripRv(live), next);
      }
      return true;
    }
    this.#remove(type, key);
    return true;
  }

  #remove(type: ResourceType, key: string): void {
    const live = this.#store(type).get(key);
    if (!live) return;
    this.#store(type).delete(key);
    this.#owners.delete(`${typeKeyOf(type)} ${key}`);
    this.#nextRv();
    const gone = structuredClone(live);
    gone.metadata = { ...gone.metadata, resourceVersion: String(this.#rv) };
    this.#emit(type, 'DELETED', gone);
    const uid = live.metadata?.uid;
    for (const [typeKey, store] of this.#objects) {
      for (const [k, o] of [...store]) {
        if (o.metadata?.ownerReferences?.some((r) => r.uid === uid)) this.#remove(typeOfKey(typeKey), k);
      }
    }
  }
}

/** A type known only by its store key: enough to store and emit, not to build a path. */
function typeOfKey(typeKey: string): ResourceType {
  const i = typeKey.lastIndexOf('/');
  return { apiVersion: typeKey.slice(0, i), kind: typeKey.slice(i + 1), plural: '', namespaced: true };
}

function withoutMeta(o: Obj): Record<string, unknown> {
  const { metadata: _, ...rest } = o;
  return rest;
}

function stripRv(o: Obj): Obj {
  const copy = structuredClone(o);
  if (copy.metadata) delete copy.metadata.resourceVersion;
  return copy;
}

function conflict(type: ResourceType, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${type.plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  );
}

/** Every call answers asynchronously, as over a network. */
const tick = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));
