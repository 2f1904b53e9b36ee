/**
 * Executing the engine's `Reconfigure` step on either platform: one conditional, incremental reconfig
 * through the serving members, verified by reading the config back (`reconfigureAndVerify`). A
 * change not applied is an outcome, not an error: the caller observes again and the engine decides anew.
 */
import type { MemberId, Role, Step } from '../../engine/index.ts';
import { type ReconfigOutcome, ReconfigRefusedError, reconfigureAndVerify } from '../../zk/reconfigure.ts';
import type { SaslCredentials } from '../../zk/sasl-digest.ts';
import type { TlsOptions } from '../../zk/tls-options.ts';

export type ReconfigureStep = Extract<Step, { type: 'Reconfigure' }>;

export interface ReconfigureTarget {
  /** Client addresses of the serving members, which take the reconfig. */
  readonly servers: readonly { readonly host: string; readonly port: number }[];
  readonly superPassword: string;
  /** The servers' client ports speak TLS. */
  readonly tls?: TlsOptions;
  /** The servers refuse sessions that do not authenticate with SASL: zkop's SASL identity. */
  readonly sasl?: SaslCredentials;
  /** The `server.N=...` line of member `id` joining in `role`. */
  readonly serverLine: (id: MemberId, role: Role) => string;
  /** What to throw when ZooKeeper refuses in a way no retry fixes (no permission, reconfig disabled). */
  readonly refused: (message: string) => Error;
}

export async function reconfigureStep(
  step: ReconfigureStep,
  target: ReconfigureTarget,
): Promise<ReconfigOutcome> {
  const { role } = step;
  try {
    return await reconfigureAndVerify({
      servers: target.servers,
      superPassword: target.superPassword,
      change: role === undefined ? { leaving: [step.id] } : { joining: [target.serverLine(step.id, role)] },
      fromVersion: step.fromVersion,
      member: { id: step.id, role },
      ...(target.tls === undefined ? {} : { tls: target.tls }),
      ...(target.sasl === undefined ? {} : { sasl: target.sasl }),
    });
  } catch (error) {
    if (error instanceof ReconfigRefusedError) throw target.refused(error.message);
    throw error;
  }
}
