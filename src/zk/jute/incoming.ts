/** Sorts a frame from the server by its xid: watch notification, ping, auth or set-watches answer, or a numbered reply. */

import { Xid } from './protocol-constants.ts';
import { JuteReader } from './reader.ts';
import { type ReplyHeader, readReplyHeader, readWatcherEvent, type WatcherEvent } from './records.ts';

export type Incoming =
  | { readonly kind: 'notification'; readonly zxid: bigint; readonly event: WatcherEvent }
  | { readonly kind: 'ping' }
  | { readonly kind: 'auth'; readonly err: number }
  | { readonly kind: 'setWatches'; readonly err: number }
  /** `body` is positioned after the header; it holds the result record when `header.err` is 0. */
  | { readonly kind: 'reply'; readonly header: ReplyHeader; readonly body: JuteReader };

export function decodeIncoming(frame: Buffer): Incoming {
  const r = new JuteReader(frame);
  const header = readReplyHeader(r);
  switch (header.xid) {
    case Xid.notification:
      return { kind: 'notification', zxid: header.zxid, event: readWatcherEvent(r) };
    case Xid.ping:
      return { kind: 'ping' };
    case Xid.auth:
      return { kind: 'auth', err: header.err };
    case Xid.setWatches:
      return { kind: 'setWatches', err: header.err };
    default:
      return { kind: 'reply', header, body: r };
  }
}
