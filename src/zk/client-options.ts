/** The options, states and events of a ZooKeeper client session. */
import type { SaslCredentials } from './sasl-digest.ts';
import type { TlsOptions } from './tls-options.ts';
import type { ServerAddress, Transport } from './transport.ts';

export type ZkState =
  | 'connecting'
  | 'connected'
  | 'connectedReadOnly'
  | 'disconnected'
  | 'expired'
  | 'authFailed'
  | 'closed';

export interface ZkClientOptions {
  /** `host:port,host:port` or a list of addresses. Tried in random order. */
  readonly servers: string | readonly ServerAddress[];
  /** Requested session timeout; the server clamps it to its min/max. Default 30000. */
  readonly sessionTimeoutMs?: number;
  /** How long one request may wait for its answer (including waiting for a connection). Default 10000. */
  readonly requestTimeoutMs?: number;
  /** How long one attempt to connect to one server may take. Default 3000. */
  readonly attemptTimeoutMs?: number;
  /**
   * Accept a server in read-only mode (no quorum; the member runs with `-Dreadonlymode.enabled=true`);
   * writes then fail with NOTREADONLY. Only a new session starts there, and only when the member has
   * `localSessionsEnabled=true`; a session made while the ensemble had quorum waits for the quorum.
   * A session made read-only is not carried to the next server: reconnecting starts a new one.
   */
  readonly readOnly?: boolean;
  /** Largest frame accepted from the server. Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Speak TLS (the servers' secure client port): the CA to trust, a client certificate, the name to verify. */
  readonly tls?: TlsOptions;
  /**
   * Authenticate every connection with SASL DIGEST-MD5 as this user before any request (a server
   * that enforces SASL refuses a session that has not). A failed authentication ends the session.
   */
  readonly sasl?: SaslCredentials;
  /** How to open the byte stream; default TCP, or TLS with `tls`. Not both. */
  readonly transport?: Transport;
  /** Source of randomness for the server order (tests pass a seeded one). */
  readonly random?: () => number;
}

export interface ZkClientEvents {
  state: [state: ZkState, reason: Error | undefined];
  expired: [];
  /** A watcher threw; the client carries on. */
  watcherError: [error: unknown];
}
