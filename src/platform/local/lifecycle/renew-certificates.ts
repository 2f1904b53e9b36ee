/**
 * Before each lifecycle run (every `zkop up`, every pass of `--watch`): the certificates of an
 * ensemble that uses TLS are issued where missing and renewed where due, in place. ZooKeeper reloads
 * them without a restart where it can (quorum, AdminServer, and the secure client port with
 * `client.certReload`); where it cannot, the observation asks for a restart (observation-map.ts).
 */
import { applyDefaults } from '../../../api/defaults.ts';
import { ensureAuthority, ensureMemberCertificate } from '../certificates/ensemble-certificates.ts';
import { startedWithTls } from '../state/lifecycle-record.ts';
import type { LocalState } from '../state/state.ts';

export function renewCertificates(
  stateDir: string,
  state: LocalState,
  now: Date,
  report: (message: string) => void,
): void {
  const { tls } = applyDefaults(state.spec);
  const starts = state.lifecycle?.members ?? {};
  const used = Object.values(starts).some(startedWithTls);
  if (!tls.client.enabled && !tls.quorum.enabled && !used) return;
  const ca = ensureAuthority(stateDir, state.name, now, report);
  for (const member of state.members) {
    if (startedWithTls(starts[String(member.id)])) ensureMemberCertificate(stateDir, ca, member, now, report);
  }
}
