/**
 * One conditional, incremental reconfig as the super user, verified by reading the config back.
 * A refusal for the version (someone else changed the config), a new config whose quorum is not
 * synced yet, or a lost answer is an outcome, not an error: the caller observes again. Refusals no
 * retry can fix (no permission, reconfig disabled) throw `ReconfigRefusedError`.
 */
import { ZkClient, type ZkState } from './client.ts';
import type { DynamicConfig, ServerRole } from './ensemble-config.ts';
import { isZkError } from './errors.ts';
import type { SaslCredentials } from './sasl-digest.ts';
import type { TlsOptions } from './tls-options.ts';

export interface ReconfigRequest {
  readonly servers: readonly { readonly host: string; readonly port: number }[];
  readonly superPassword: string;
  /** `server.N=...` lines to add, or ids to remove. */
  readonly change: { readonly joining: readonly string[] } | { readonly leaving: readonly number[] };
  /** Applied only if the committed config still has this version. */
  readonly fromVersion: bigint;
  /** The member the change is about, and its role afterwards (`undefined`: no longer a member). */
  readonly member: { readonly id: number; readonly role: ServerRole | undefined };
  readonly timeoutMs?: number;
  /** The servers' client ports speak TLS. */
  readonly tls?: TlsOptions;
  /** The servers refuse sessions that do not authenticate with SASL: zkop's SASL identity. */
  readonly sasl?: SaslCredentials;
}

export type ReconfigOutcome =
  | { readonly applied: true; readonly config: DynamicConfig }
  | { readonly applied: false; readonly why: string };

export class ReconfigRefusedError extends Error {}

const FINAL_REFUSALS = ['NOAUTH', 'AUTHFAILED', 'RECONFIGDISABLED'] as const;

export async function reconfigureAndVerify(request: ReconfigRequest): Promise<ReconfigOutcome> {
  const { servers, member, fromVersion, timeoutMs = 10_000 } = request;
  if (servers.length === 0) return { applied: false, why: 'no member serves to take the reconfig' };
  let client: ZkClient;
  try {
    client = await ZkClient.connect({
      servers,
      connectTimeoutMs: timeoutMs,
      requestTimeoutMs: timeoutMs,
      sessionTimeoutMs: 20_000,
      ...(request.tls === undefined ? {} : { tls: request.tls }),
      ...(request.sasl === undefined ? {} : { sasl: request.sasl }),
    });
  } catch (error) {
    return { applied: false, why: `cannot connect to the ensemble: ${(error as Error).message}` };
  }
  try {
    await client.addAuth('digest', `super:${request.superPassword}`);
    let refusal: string | undefined;
    try {
      await client.reconfig({ ...request.change, fromConfig: fromVersion });
    } catch (error) {
      if (FINAL_REFUSALS.some((code) => isZkError(error, code))) {
        throw new ReconfigRefusedError((error as Error).message);
      }
      if (!isZkError(error)) throw error;
      refusal = error.message;
    }
    // Verify by reading back, also after a lost answer: the reconfig may have been applied.
    const config = await readBack(client, Date.now() + timeoutMs);
    const role = config.members.find((m) => m.id === member.id)?.role;
    if (role === member.role && config.version !== fromVersion) return { applied: true, config };
    const version = config.version === undefined ? 'none' : config.version.toString(16);
    return { applied: false, why: refusal ?? `the config read back (version ${version}) does not show it` };
  } catch (error) {
    if (isZkError(error)) return { applied: false, why: error.message };
    throw error;
  } finally {
    await client.close();
  }
}

/** What reading the config back needs of a session (ZkClient has it). */
export interface ConfigReader {
  readonly state: ZkState;
  sync(path: string): Promise<unknown>;
  getConfig(): Promise<DynamicConfig>;
}

/**
 * The committed config, read after a sync. A reconfig that moves the leader restarts every
 * follower's server, which closes its client connections: a lost connection is retried (the
 * session moves to another member) until `deadline`.
 */
export async function readBack(client: ConfigReader, deadline: number): Promise<DynamicConfig> {
  for (;;) {
    try {
      await client.sync('/zookeeper/config');
      return await client.getConfig();
    } catch (error) {
      const lost = isZkError(error, 'CONNECTIONLOSS') && client.state !== 'closed';
      if (!lost || Date.now() >= deadline) throw error;
    }
  }
}
