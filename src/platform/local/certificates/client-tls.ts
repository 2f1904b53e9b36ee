/** The TLS options zkop itself connects to a local ensemble's members with: its CA and client certificate. */
import type { AdminOptions } from '../../../zk/admin.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { startedWithTls } from '../state/lifecycle-record.ts';
import type { LocalState } from '../state/state.ts';
import { ensembleTlsPaths } from '../state/state-layout.ts';
import { readText } from './certificate-files.ts';

/** Undefined while the ensemble has no CA (it never used TLS). */
export function ensembleClientTls(stateDir: string, name: string): TlsOptions | undefined {
  const paths = ensembleTlsPaths(stateDir, name);
  const ca = readText(paths.caCert);
  const cert = readText(paths.clientCert);
  const key = readText(paths.clientKey);
  if (ca === undefined || cert === undefined || key === undefined) return undefined;
  return { ca, cert, key };
}

/** How zkop calls member `id`'s AdminServer: over HTTPS with the ensemble's CA once it started with TLS. */
export function memberAdminOptions(
  stateDir: string,
  state: LocalState,
  id: number,
  timeoutMs: number,
): AdminOptions {
  const started = startedWithTls(state.lifecycle?.members[String(id)]);
  const tls = started ? ensembleClientTls(stateDir, state.name) : undefined;
  return { timeoutMs, ...(tls ? { tls } : {}) };
}
