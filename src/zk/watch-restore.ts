/**
 * After a reconnect the client tells the new server which watches the session holds (SetWatches2,
 * xid -8), with the last zxid it saw so the server fires what changed meanwhile. Large sets are
 * split so that no frame carries more than `maxPathBytes` of paths.
 */

import { OpCode, Xid } from './jute/protocol-constants.ts';
import { type SetWatches2, writeSetWatches2 } from './jute/records.ts';
import { JuteWriter } from './jute/writer.ts';
import type { WatchRegistry } from './watch-registry.ts';

const KINDS = [
  ['dataWatches', 'data'],
  ['existWatches', 'exist'],
  ['childWatches', 'child'],
  ['persistentWatches', 'persistent'],
  ['persistentRecursiveWatches', 'persistentRecursive'],
] as const;

type Lists = { -readonly [K in (typeof KINDS)[number][0]]: string[] };

const empty = (): Lists => ({
  dataWatches: [],
  existWatches: [],
  childWatches: [],
  persistentWatches: [],
  persistentRecursiveWatches: [],
});

export function setWatchesFrames(
  relativeZxid: bigint,
  watches: Pick<WatchRegistry, 'paths'>,
  maxPathBytes = 128 * 1024,
): Buffer[] {
  const frames: Buffer[] = [];
  let current = empty();
  let bytes = 0;
  let count = 0;
  const flush = (): void => {
    if (count === 0) return;
    const w = new JuteWriter();
    w.int(Xid.setWatches).int(OpCode.setWatches2);
    const record: SetWatches2 = { relativeZxid, ...current };
    writeSetWatches2(w, record);
    frames.push(w.frame());
    current = empty();
    bytes = 0;
    count = 0;
  };
  for (const [field, kind] of KINDS) {
    for (const path of watches.paths(kind)) {
      const size = Buffer.byteLength(path, 'utf8');
      if (count > 0 && bytes + size > maxPathBytes) flush();
      current[field].push(path);
      bytes += size;
      count++;
    }
  }
  flush();
  return frames;
}
