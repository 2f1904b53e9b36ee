/** The TLS options zkop itself connects to a local ensemble's members with: its CA and client certificate. */
import type { TlsOptions } from '../../../zk/tls-options.ts';
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
