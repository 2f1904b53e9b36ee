/** A new local ensemble: allocate ports, render and write every member's config, start them all. */
import { randomBytes } from 'node:crypto';
import { applyDefaults } from '../../api/defaults.ts';
import type { ZooKeeperSpec } from '../../api/spec.ts';
import {
  ensembleConfigHash,
  type RenderContext,
  renderLocalMember,
  writeMemberFiles,
} from './lifecycle/member-config.ts';
import { startMembersAndWait } from './start-members.ts';
import { allocateMembers } from './state/member-layout.ts';
import { type LocalState, STATE_SCHEMA_VERSION, writeState } from './state/state.ts';
import { memberPaths } from './state/state-layout.ts';
import type { UpContext, UpStep } from './up-context.ts';

export async function createEnsemble(context: UpContext, spec: ZooKeeperSpec): Promise<UpStep> {
  const { stateDir, name, distribution, progress } = context;
  const resolved = applyDefaults(spec);
  const members = await allocateMembers(resolved.replicas, resolved.observers);
  const render: RenderContext = {
    spec: resolved,
    features: distribution.features,
    logging: distribution.logging,
    members,
    superPassword: randomBytes(24).toString('base64url'),
  };
  progress(
    `creating ${name}: ${resolved.replicas} voting member(s), ${resolved.observers} observer(s), ZooKeeper ${resolved.version}`,
  );
  const rendered = members.map((member) => {
    const paths = memberPaths(stateDir, name, member.id);
    const files = renderLocalMember(render, member, paths);
    writeMemberFiles(paths, files);
    return { member, jvmFlags: files.jvmFlags, configHash: files.configHash };
  });
  const now = new Date().toISOString();
  const state: LocalState = {
    schemaVersion: STATE_SCHEMA_VERSION,
    name,
    spec,
    version: resolved.version,
    members,
    processes: {},
    superPassword: render.superPassword,
    configHash: ensembleConfigHash(rendered),
    createdAt: now,
    updatedAt: now,
  };
  writeState(stateDir, state);
  await startMembersAndWait(context, state, rendered);
  return { outcome: 'created', started: members.map((m) => m.id) };
}
