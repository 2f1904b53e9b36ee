/** `zkop status`: observe local ensembles. Reads only: never starts, stops or writes anything. */

import { applyDefaults } from '../../../api/defaults.ts';
import { certificateDates } from '../../../pki/index.ts';
import { formatServerLine } from '../../../zk/ensemble-config.ts';
import type { CommittedConfig } from '../../../zk/observation.ts';
import { formatZxid } from '../../../zk/zxid.ts';
import { notFound } from '../../shared/errors.ts';
import { firstCertificate, readText } from '../certificates/certificate-files.ts';
import { observeEnsemble } from '../lifecycle/observe.ts';
import { startedWithTls } from '../state/lifecycle-record.ts';
import { type LocalState, readState } from '../state/state.ts';
import { ensembleTlsPaths, listEnsembleNames, memberPaths } from '../state/state-layout.ts';
import { connectionFile } from '../tenants/connection-files.ts';
import {
  type CommittedConfigView,
  type EnsembleCertificate,
  type EnsembleStatus,
  ensembleStatus,
  type TenantStatus,
  type TlsSettings,
} from './ensemble-status.ts';
import { operationOf } from './operation-status.ts';

export async function status(name: string, stateDir: string): Promise<EnsembleStatus> {
  const state = readState(stateDir, name);
  if (state === undefined) {
    const known = listEnsembleNames(stateDir);
    const hint = known.length > 0 ? `; known: ${known.join(', ')}` : '; start one with zkop up -f <manifest>';
    throw notFound(`no ensemble '${name}' in ${stateDir}${hint}`);
  }
  const { members, committedConfig } = await observeEnsemble(stateDir, state);
  const operation = operationOf(state);
  const summary = ensembleStatus(
    { name, version: state.version, stateDir, committedConfig: committedConfigView(committedConfig) },
    members,
    new Date(),
    tlsSettings(stateDir, state),
  );
  const tenants = tenantStatuses(stateDir, state);
  return { ...summary, ...(tenants.length > 0 ? { tenants } : {}), ...(operation ? { operation } : {}) };
}

function tenantStatuses(stateDir: string, state: LocalState): TenantStatus[] {
  return Object.values(state.tenants?.tenants ?? {}).map((t) => ({
    name: t.name,
    path: t.path,
    user: t.user,
    quota: t.quota ?? null,
    deletionPolicy: t.deletionPolicy,
    connectionFile: connectionFile(stateDir, state.name, t.name),
  }));
}

function committedConfigView(config: CommittedConfig | undefined): CommittedConfigView | null {
  if (config === undefined) return null;
  return { version: formatZxid(config.version), servers: config.members.map(formatServerLine) };
}

/** TLS as the spec asks for it and the client files; null while neither the spec nor a member uses TLS. */
function tlsSettings(stateDir: string, state: LocalState): TlsSettings | null {
  const { client, quorum } = applyDefaults(state.spec).tls;
  const used = Object.values(state.lifecycle?.members ?? {}).some(startedWithTls);
  if (!client.enabled && !quorum.enabled && !used) return null;
  const paths = ensembleTlsPaths(stateDir, state.name);
  return {
    client: client.enabled,
    clientAuth: client.clientAuth,
    quorum: quorum.enabled,
    caFile: paths.caCert,
    clientCertFile: paths.clientCert,
    clientKeyFile: paths.clientKey,
    clientKeyStoreFile: paths.clientKeyStore,
    certificates: ensembleCertificates(stateDir, state),
  };
}

/** The ensemble's certificates that exist, the CA first. */
function ensembleCertificates(stateDir: string, state: LocalState): EnsembleCertificate[] {
  const paths = ensembleTlsPaths(stateDir, state.name);
  const files = [
    { certificate: 'ca', file: paths.caCert, renewed: false },
    { certificate: 'client', file: paths.clientCert, renewed: true },
    ...state.members.map((m) => ({
      certificate: `member ${m.id}`,
      file: memberPaths(stateDir, state.name, m.id).keyStore,
      renewed: true,
    })),
  ];
  return files.flatMap(({ certificate, file, renewed }) => {
    const pem = firstCertificate(readText(file));
    return pem === undefined ? [] : [{ certificate, file, ...certificateDates(pem, renewed) }];
  });
}

/** Every ensemble with a state file under `stateDir`, by name. */
export async function statusAll(stateDir: string): Promise<EnsembleStatus[]> {
  const statuses: EnsembleStatus[] = [];
  for (const name of listEnsembleNames(stateDir)) statuses.push(await status(name, stateDir));
  return statuses;
}
