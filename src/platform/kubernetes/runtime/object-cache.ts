/** The controller's local copy of one resource type, indexed by namespace/name and by owner uid. */
import type { KubernetesObject } from '@kubernetes/client-node';
import { keyOf } from '../client/kube-api.ts';

export interface CacheChange<T> {
  readonly type: 'added' | 'modified' | 'deleted';
  readonly object: T;
}

/** What a reconcile reads from the caches. */
export interface CacheView<T> {
  get(key: string): T | undefined;
  list(namespace?: string): T[];
}

export class ObjectCache<T extends KubernetesObject> implements CacheView<T> {
  #byKey = new Map<string, T>();
  #byOwner = new Map<string, Set<string>>();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): T | undefined {
    return this.#byKey.get(key);
  }

  list(namespace?: string): T[] {
    const all = [...this.#byKey.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  }

  /** Objects with an owner reference to `uid`. */
  ownedBy(uid: string): T[] {
    return [...(this.#byOwner.get(uid) ?? [])].flatMap((key) => this.#byKey.get(key) ?? []);
  }

  /** Stores `object`; returns what it replaced. */
  upsert(object: T): T | undefined {
    const key = keyOf(object);
    const previous = this.#byKey.get(key);
    if (previous) this.#unindex(key, previous);
    this.#byKey.set(key, object);
    for (const ref of object.metadata?.ownerReferences ?? []) {
      let keys = this.#byOwner.get(ref.uid);
      if (!keys) {
        keys = new Set();
        this.#byOwner.set(ref.uid, keys);
      }
      keys.add(key);
    }
    return previous;
  }

  remove(object: T): T | undefined {
    const key = keyOf(object);
    const previous = this.#byKey.get(key);
    if (!previous) return undefined;
    this.#unindex(key, previous);
    this.#byKey.delete(key);
    return previous;
  }

  /** Takes a fresh list as the whole truth; returns what changed against the old contents. */
  replace(items: readonly T[]): CacheChange<T>[] {
    const changes: CacheChange<T>[] = [];
    const fresh = new Set(items.map(keyOf));
    for (const [key, old] of [...this.#byKey]) {
      if (!fresh.has(key)) {
        this.remove(old);
        changes.push({ type: 'deleted', object: old });
      }
    }
    for (const item of items) {
      const previous = this.upsert(item);
      if (!previous) changes.push({ type: 'added', object: item });
      else if (previous.metadata?.resourceVersion !== item.metadata?.resourceVersion) {
        changes.push({ type: 'modified', object: item });
      }
    }
    return changes;
  }

  #unindex(key: string, object: T): void {
    for (const ref of object.metadata?.ownerReferences ?? []) {
      const keys = this.#byOwner.get(ref.uid);
      keys?.delete(key);
      if (keys?.size === 0) this.#byOwner.delete(ref.uid);
    }
  }
}

/** One cache per watched namespace, read as one. */
export class NamespacedCaches<T extends KubernetesObject> implements CacheView<T> {
  readonly #caches: ReadonlyMap<string, ObjectCache<T>>;
  readonly #all: ObjectCache<T> | undefined;

  /** `namespaces` empty: a single cache of every namespace. */
  constructor(namespaces: readonly string[]) {
    this.#caches = new Map(namespaces.map((ns) => [ns, new ObjectCache<T>()]));
    this.#all = namespaces.length === 0 ? new ObjectCache<T>() : undefined;
  }

  /** The cache the watch of `namespace` (undefined: all namespaces) fills. */
  cacheOf(namespace: string | undefined): ObjectCache<T> {
    const cache = namespace === undefined ? this.#all : this.#caches.get(namespace);
    if (!cache) throw new Error(`namespace ${namespace ?? '(all)'} is not watched`);
    return cache;
  }

  get(key: string): T | undefined {
    if (this.#all) return this.#all.get(key);
    return this.#caches.get(key.split('/')[0] ?? '')?.get(key);
  }

  list(namespace?: string): T[] {
    if (this.#all) return this.#all.list(namespace);
    if (namespace !== undefined) return this.#caches.get(namespace)?.list() ?? [];
    return [...this.#caches.values()].flatMap((c) => c.list());
  }

  get size(): number {
    return this.#all ? this.#all.size : [...this.#caches.values()].reduce((n, c) => n + c.size, 0);
  }
}
