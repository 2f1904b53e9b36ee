/**
 * A ZooKeeper session for export, import and converging tenants, authenticated as a SASL or digest
 * user when one is given.
 */
import { ZkClient } from '../../../zk/client.ts';
import { ZkError } from '../../../zk/errors.ts';
import { fourLetter } from '../../../zk/four-letter.ts';
import { parseSrvr } from '../../../zk/four-letter-parse.ts';
import type { SaslCredentials } from '../../../zk/sasl-digest.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { failed } from '../errors.ts';

export interface SessionTarget {
  /** `host:port,host:port`. */
  readonly servers: string;
  /** `user:password` for `addauth digest`. */
  readonly digest?: string;
  /** The servers refuse sessions that do not authenticate with SASL. */
  readonly sasl?: SaslCredentials;
  /** The servers' client ports speak TLS. */
  readonly tls?: TlsOptions;
}

export async function withSession<T>(
  target: SessionTarget,
  work: (client: ZkClient) => Promise<T>,
): Promise<T> {
  let client: ZkClient;
  try {
    client = await ZkClient.connect({
      servers: target.servers,
      connectTimeoutMs: 15_000,
      requestTimeoutMs: 60_000,
      ...(target.sasl === undefined ? {} : { sasl: target.sasl }),
      ...(target.tls === undefined ? {} : { tls: target.tls }),
    });
  } catch (error) {
    throw failed(`cannot reach ZooKeeper at ${target.servers}: ${(error as Error).message}`);
  }
  try {
    if (target.digest !== undefined) await client.addAuth('digest', target.digest);
    return await work(client);
  } catch (error) {
    if (error instanceof ZkError && error.code === 'NOAUTH') {
      throw failed(
        `${error.message}; give credentials allowed to read or write there (--auth user:password)`,
      );
    }
    throw error;
  } finally {
    await client.close();
  }
}

/** The ZooKeeper version the first server that answers `srvr` reports. */
export async function serverVersion(servers: string): Promise<string> {
  for (const server of servers.split(',')) {
    const at = server.lastIndexOf(':');
    try {
      const report = parseSrvr(
        await fourLetter(server.slice(0, at), Number(server.slice(at + 1)), 'srvr', { timeoutMs: 5000 }),
      );
      if (report.serving) return report.version;
    } catch {
      // the next one may answer
    }
  }
  throw failed(`no server of ${servers} serves (srvr)`);
}
