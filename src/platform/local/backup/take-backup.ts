/**
 * A backup of a local ensemble (`zkop backup NAME --to TARGET [--logical]`, and scheduled ones): a
 * native backup streams the leader's snapshot (3.9+); a logical one walks its znodes as the super user.
 */

import { findVersion } from '../../../api/versions.ts';
import type { BackupManifest } from '../../../backup/manifest.ts';
import { SUPER_USER } from '../../../config/super-digest.ts';
import { exportLogical } from '../../shared/backup/logical-export.ts';
import { takeNativeBackup } from '../../shared/backup/native-backup.ts';
import { openTarget } from '../../shared/backup/open-target.ts';
import { type SessionTarget, withSession } from '../../shared/backup/session.ts';
import { withStore } from '../../shared/backup/store-failure.ts';
import { failed, invalidInput, notFound } from '../../shared/errors.ts';
import { memberAdminOptions } from '../certificates/client-tls.ts';
import { type LocalState, readState } from '../state/state.ts';
import { superAuth, superSasl } from '../state/super-auth.ts';
import { findLeader } from './member-control.ts';

export interface BackupOptions {
  readonly stateDir: string;
  readonly to: string;
  readonly logical: boolean;
  readonly onProgress?: (message: string) => void;
}

export const connectStringOf = (state: LocalState) =>
  state.members.map((m) => `${m.host}:${m.ports.client}`).join(',');

/** A session on the ensemble as zkop's super user (over SASL too where clients must use it). */
export const superSession = (state: LocalState): SessionTarget => ({
  servers: connectStringOf(state),
  digest: `${SUPER_USER}:${state.superPassword}`,
  ...superSasl(state),
});

export function readEnsemble(stateDir: string, name: string): LocalState {
  const state = readState(stateDir, name);
  if (state === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
  return state;
}

export async function backup(name: string, options: BackupOptions): Promise<BackupManifest> {
  const state = readEnsemble(options.stateDir, name);
  if (state.restore) {
    throw failed(
      `${name}: a restore of backup ${state.restore.backupId} is under way or was stopped halfway; ` +
        `back up once 'zkop restore ${name}' has settled it`,
    );
  }
  const store = await openTarget(options.to);
  const progress = options.onProgress ?? (() => undefined);
  if (options.logical) {
    progress(`${name}: logical backup of every znode to ${store.url}`);
    return withStore(() =>
      withSession(superSession(state), (client) =>
        exportLogical(client, store, {
          ensemble: name,
          zookeeperVersion: state.version,
          onProgress: progress,
        }),
      ),
    );
  }
  if (!findVersion(state.version)?.adminSnapshot) {
    throw invalidInput(
      `${name} runs ZooKeeper ${state.version}, whose AdminServer has no snapshot command (3.9+); use --logical`,
    );
  }
  const leader = await findLeader(state);
  if (leader === undefined)
    throw failed(`${name} has no leader serving; a snapshot needs one ('zkop status ${name}')`);
  progress(`${name}: snapshot of member ${leader.id} (leader) to ${store.url}`);
  return withStore(() =>
    takeNativeBackup(store, {
      ensemble: name,
      zookeeperVersion: state.version,
      host: leader.host,
      adminPort: leader.ports.admin,
      auth: superAuth(state),
      admin: memberAdminOptions(options.stateDir, state, leader.id, 120_000),
      onProgress: progress,
    }),
  );
}
