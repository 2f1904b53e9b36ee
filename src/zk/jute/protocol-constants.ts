/** Numbers of ZooKeeper's client protocol (ZooDefs.OpCode, reserved xids, watcher event types and states). */

export const OpCode = {
  notification: 0,
  create: 1,
  delete: 2,
  exists: 3,
  getData: 4,
  setData: 5,
  getACL: 6,
  setACL: 7,
  getChildren: 8,
  sync: 9,
  ping: 11,
  getChildren2: 12,
  check: 13,
  multi: 14,
  create2: 15,
  reconfig: 16,
  createContainer: 19,
  createTTL: 21,
  auth: 100,
  sasl: 102,
  setWatches: 101,
  setWatches2: 105,
  addWatch: 106,
  closeSession: -11,
  error: -1,
} as const;

export type OpName = keyof typeof OpCode;

/** xids the server and client reserve for messages that are not answers to numbered requests. */
export const Xid = {
  notification: -1,
  ping: -2,
  auth: -4,
  setWatches: -8,
} as const;

export const EventType = {
  none: -1,
  nodeCreated: 1,
  nodeDeleted: 2,
  nodeDataChanged: 3,
  nodeChildrenChanged: 4,
  dataWatchRemoved: 5,
  childWatchRemoved: 6,
  persistentWatchRemoved: 7,
} as const;

export type WatchEventType = Exclude<keyof typeof EventType, 'none'>;

export const KeeperState = {
  disconnected: 0,
  syncConnected: 3,
  authFailed: 4,
  connectedReadOnly: 5,
  expired: -112,
  closed: 7,
} as const;

/** CreateMode flags as the server reads them. */
export const CreateFlags = {
  persistent: 0,
  ephemeral: 1,
  persistentSequential: 2,
  ephemeralSequential: 3,
  container: 4,
  persistentWithTtl: 5,
  persistentSequentialWithTtl: 6,
} as const;

export type CreateMode = keyof typeof CreateFlags;

export const AddWatchMode = { persistent: 0, persistentRecursive: 1 } as const;

export const Perms = { read: 1, write: 2, create: 4, delete: 8, admin: 16, all: 31 } as const;
