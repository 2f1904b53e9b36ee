/** ZooKeeper error codes (KeeperException.Code) as typed errors that carry the operation and the path. */

export const ERROR_CODES = {
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  UNKNOWNSESSION: -12,
  NEWCONFIGNOQUORUM: -13,
  RECONFIGINPROGRESS: -14,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  SESSIONMOVED: -118,
  NOTREADONLY: -119,
  EPHEMERALONLOCALSESSION: -120,
  NOWATCHER: -121,
  REQUESTTIMEOUT: -122,
  RECONFIGDISABLED: -123,
  SESSIONCLOSEDREQUIRESASLAUTH: -124,
  QUOTAEXCEEDED: -125,
  THROTTLEDOP: -127,
} as const;

export type ZkErrorCode = keyof typeof ERROR_CODES | 'UNKNOWN';

const BY_NUMBER = new Map<number, ZkErrorCode>(
  Object.entries(ERROR_CODES).map(([name, n]) => [n, name as ZkErrorCode]),
);

export function codeName(err: number): ZkErrorCode {
  return BY_NUMBER.get(err) ?? 'UNKNOWN';
}

const HINTS: Partial<Record<ZkErrorCode, string>> = {
  CONNECTIONLOSS:
    'the connection to the server was lost before an answer came; the operation may or may not have been applied',
  SESSIONEXPIRED: 'the session expired; ephemeral nodes and watches are gone, open a new client',
  OPERATIONTIMEOUT: 'no answer within the client timeout; the operation may or may not have been applied',
  NONODE: 'the node does not exist',
  NODEEXISTS: 'the node already exists',
  NOAUTH: 'not authorized; authenticate (addAuth) as a user the ACL allows, e.g. the super user for reconfig',
  BADVERSION: 'the version does not match (someone else changed it); read it again and retry',
  NOTEMPTY: 'the node has children',
  NOCHILDRENFOREPHEMERALS: 'ephemeral nodes cannot have children',
  RECONFIGDISABLED: 'reconfig is disabled on the server; set reconfigEnabled=true',
  NEWCONFIGNOQUORUM:
    'a quorum of the new configuration is not connected and synced with the leader; retry once it is',
  RECONFIGINPROGRESS: 'another reconfiguration is in progress; retry later',
  AUTHFAILED: 'authentication failed; check the credentials',
  NOTREADONLY: 'the server is read-only (no quorum); writes are refused',
  UNIMPLEMENTED: 'the server does not implement this operation (older version or feature disabled)',
  THROTTLEDOP: 'the server is overloaded and refused the operation; retry with back-off',
};

export class ZkError extends Error {
  override readonly name = 'ZkError';
  readonly code: ZkErrorCode;
  /** The number on the wire. */
  readonly errno: number;
  readonly op: string;
  readonly path: string | undefined;

  constructor(errno: number, op: string, path?: string, detail?: string, options?: { cause?: unknown }) {
    const code = codeName(errno);
    const where = path === undefined ? op : `${op} ${path}`;
    const why = detail ?? HINTS[code] ?? `error ${errno}`;
    super(`${where}: ${code} (${why})`, options);
    this.code = code;
    this.errno = errno;
    this.op = op;
    this.path = path;
  }

  static of(
    code: keyof typeof ERROR_CODES,
    op: string,
    path?: string,
    detail?: string,
    cause?: unknown,
  ): ZkError {
    return new ZkError(ERROR_CODES[code], op, path, detail, cause === undefined ? undefined : { cause });
  }
}

export function isZkError(err: unknown, code?: ZkErrorCode): err is ZkError {
  return err instanceof ZkError && (code === undefined || err.code === code);
}
