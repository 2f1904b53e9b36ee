/**
 * The client's side of ZooKeeper watches: who is waiting for what, and who an event from the server
 * goes to. One-shot watches (data, exist, child) are removed when they fire; persistent ones stay.
 */

import { EventType, type WatchEventType } from './jute/protocol-constants.ts';

export type WatchKind = 'data' | 'exist' | 'child' | 'persistent' | 'persistentRecursive';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly path: string;
}

export type Watcher = (event: WatchEvent) => void;

const EVENT_NAMES = new Map<number, WatchEventType>(
  Object.entries(EventType)
    .filter(([name]) => name !== 'none')
    .map(([name, n]) => [n, name as WatchEventType]),
);

export function eventTypeName(type: number): WatchEventType | undefined {
  return EVENT_NAMES.get(type);
}

/** Which one-shot kinds an event of this type triggers on its own path (ZooKeeper's watch semantics). */
const TRIGGERS: Record<WatchEventType, readonly WatchKind[]> = {
  nodeCreated: ['data', 'exist'],
  nodeDataChanged: ['data', 'exist'],
  nodeDeleted: ['data', 'exist', 'child'],
  nodeChildrenChanged: ['child'],
  dataWatchRemoved: ['data', 'exist'],
  childWatchRemoved: ['child'],
  persistentWatchRemoved: [],
};

function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  let p = path;
  while (p !== '/' && p !== '') {
    const i = p.lastIndexOf('/');
    p = i <= 0 ? '/' : p.slice(0, i);
    out.push(p);
  }
  return out;
}

export class WatchRegistry {
  private readonly byKind: Record<WatchKind, Map<string, Set<Watcher>>> = {
    data: new Map(),
    exist: new Map(),
    child: new Map(),
    persistent: new Map(),
    persistentRecursive: new Map(),
  };

  add(kind: WatchKind, path: string, watcher: Watcher): void {
    const map = this.byKind[kind];
    let set = map.get(path);
    if (!set) {
      set = new Set();
      map.set(path, set);
    }
    set.add(watcher);
  }

  /** The watchers an event reaches; one-shot watchers are removed as they are returned. */
  take(event: WatchEvent): Watcher[] {
    const out = new Set<Watcher>();
    for (const kind of TRIGGERS[event.type]) {
      const set = this.byKind[kind].get(event.path);
      if (!set) continue;
      for (const w of set) out.add(w);
      this.byKind[kind].delete(event.path);
    }
    for (const w of this.byKind.persistent.get(event.path) ?? []) out.add(w);
    if (event.type !== 'nodeChildrenChanged') {
      for (const p of [event.path, ...ancestorsOf(event.path)]) {
        for (const w of this.byKind.persistentRecursive.get(p) ?? []) out.add(w);
      }
    }
    return [...out];
  }

  /** Paths per kind, to re-register every watch with SetWatches2 after a reconnect. */
  paths(kind: WatchKind): string[] {
    return [...this.byKind[kind].keys()];
  }

  get size(): number {
    let n = 0;
    for (const map of Object.values(this.byKind)) for (const set of map.values()) n += set.size;
    return n;
  }

  clear(): void {
    for (const map of Object.values(this.byKind)) map.clear();
  }
}
