/** The invariant checks themselves catch the mistakes they exist for. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinerConfig } from '../situation.ts';
import type { Desired, Step } from '../types.ts';
import {
  type Executed,
  joinersSafe,
  leaderLast,
  quorumKept,
  quorumTlsStaged,
  reconfigChecked,
  removedBeforeStopped,
} from './invariant-checks.ts';
import { applyStep, observe, type SimEnsemble, settle } from './simulated-ensemble.ts';
import { desiredShape, steadyEnsemble, updateMember } from './walks.ts';

function executed(desired: Desired, before: SimEnsemble, step: Step): Executed {
  return { desired, before, observation: observe(before), step, after: applyStep(before, step, desired) };
}

const three = steadyEnsemble(desiredShape(3), 1);
const config = three.committed ?? { version: 0n, members: [] };

describe('invariant checks', () => {
  it('quorumKept flags a restart while another voter is down, and a lost quorum', () => {
    const oneDown = updateMember(three, 3, { running: false, serving: false, synced: false });
    const restart: Step = {
      type: 'RestartMember',
      id: 2,
      reason: '',
      config,
      quorumTls: 'plaintext',
      quorumSasl: 'off',
    };
    assert.match(quorumKept(executed(desiredShape(3), oneDown, restart)) ?? '', /quorum lost/);
    const unsynced = updateMember(steadyEnsemble(desiredShape(5)), 5, { synced: false });
    assert.match(quorumKept(executed(desiredShape(5), unsynced, restart)) ?? '', /while member 5 is down/);
    assert.equal(quorumKept(executed(desiredShape(3), three, restart)), undefined);
  });

  it('reconfigChecked flags a reconfig from another version than observed', () => {
    const step: Step = {
      type: 'Reconfigure',
      kind: 'remove',
      id: 3,
      role: undefined,
      fromVersion: 1n,
      reason: '',
    };
    assert.match(reconfigChecked(executed(desiredShape(2), three, step)) ?? '', /from version 1 while/);
  });

  it('joinersSafe flags a joiner started as participant, with another config, or promoted unsynced', () => {
    const asParticipant: Step = {
      type: 'StartMember',
      id: 4,
      options: {
        asObserver: false,
        quorumTls: 'plaintext',
        quorumSasl: 'off',
        config: { ...config, members: [...config.members, { id: 4, role: 'participant' }] },
      },
      reason: '',
    };
    assert.match(
      joinersSafe(executed(desiredShape(4), three, asParticipant)) ?? '',
      /started as participant/,
    );
    const withoutItself: Step = {
      type: 'StartMember',
      id: 4,
      options: { asObserver: true, config, quorumTls: 'plaintext', quorumSasl: 'off' },
      reason: '',
    };
    assert.match(joinersSafe(executed(desiredShape(4), three, withoutItself)) ?? '', /another config/);
    const joinerStarted = applyStep(
      three,
      {
        type: 'StartMember',
        id: 4,
        options: {
          asObserver: true,
          quorumTls: 'plaintext',
          quorumSasl: 'off',
          config: { ...config, members: [...config.members, { id: 4, role: 'observer' }] },
        },
        reason: '',
      },
      desiredShape(4),
    );
    const add: Step = {
      type: 'Reconfigure',
      kind: 'add',
      id: 4,
      role: 'participant',
      fromVersion: config.version,
      reason: '',
    };
    assert.match(joinersSafe(executed(desiredShape(4), joinerStarted, add)) ?? '', /before it synced/);
    assert.equal(joinersSafe(executed(desiredShape(4), settle(joinerStarted), add)), undefined);
  });

  it('joinersSafe wants the joiner whose vote the new voters need as participant, and never two of them', () => {
    const one = steadyEnsemble(desiredShape(1), 1);
    const committed = one.committed ?? config;
    const start = (id: number, role: 'participant' | 'observer'): Step => ({
      type: 'StartMember',
      id,
      options: {
        asObserver: role === 'observer',
        config: joinerConfig(committed, id, role),
        quorumTls: 'plaintext',
        quorumSasl: 'off',
      },
      reason: '',
    });
    assert.match(
      joinersSafe(executed(desiredShape(3), one, start(2, 'observer'))) ?? '',
      /started as observer, not participant/,
    );
    assert.equal(joinersSafe(executed(desiredShape(3), one, start(2, 'participant'))), undefined);
    const joining = applyStep(one, start(2, 'participant'), desiredShape(3));
    const second = start(3, 'participant');
    assert.ok(second.type === 'StartMember');
    const restart: Step = {
      type: 'RestartMember',
      id: 3,
      reason: '',
      config: second.options.config,
      quorumTls: 'plaintext',
      quorumSasl: 'off',
    };
    assert.match(
      joinersSafe(executed(desiredShape(3), joining, restart)) ?? '',
      /joiners 2,3 run as participants/,
    );
  });

  it('removedBeforeStopped flags stopping a committed member and deleting storage against the policy', () => {
    const stop: Step = { type: 'StopMember', id: 3, reason: '' };
    assert.match(
      removedBeforeStopped(executed(desiredShape(2), three, stop)) ?? '',
      /stopped while in the committed/,
    );
    const removed = settle(
      applyStep(
        three,
        {
          type: 'Reconfigure',
          kind: 'remove',
          id: 3,
          role: undefined,
          fromVersion: config.version,
          reason: '',
        },
        desiredShape(2),
      ),
    );
    const stopped = applyStep(removed, stop, desiredShape(2));
    const del: Step = { type: 'DeleteStorage', id: 3, reason: '' };
    const retain = desiredShape(2, 0, { removedStorage: 'retain' });
    assert.match(removedBeforeStopped(executed(retain, stopped, del)) ?? '', /against the policy/);
    assert.match(removedBeforeStopped(executed(desiredShape(2), removed, del)) ?? '', /running member 3/);
    assert.equal(removedBeforeStopped(executed(desiredShape(2), stopped, del)), undefined);
  });

  it('leaderLast flags rolling the leader while a follower is still stale', () => {
    const desired = desiredShape(3, 0, { restartToken: 't2' });
    const restartLeader: Step = {
      type: 'RestartMember',
      id: 1,
      reason: '',
      config,
      quorumTls: 'plaintext',
      quorumSasl: 'off',
    };
    assert.match(
      leaderLast(executed(desired, three, restartLeader)) ?? '',
      /leader 1 rolled before member 2/,
    );
    const followersDone = updateMember(updateMember(three, 2, { restartToken: 't2' }), 3, {
      restartToken: 't2',
    });
    assert.equal(leaderLast(executed(desired, followersDone, restartLeader)), undefined);
  });

  it('quorumTlsStaged flags a member restarted past a stage, and running members two stages apart', () => {
    const secured = desiredShape(3, 0, { quorumTls: 'tls' });
    const skip: Step = {
      type: 'RestartMember',
      id: 3,
      reason: '',
      config,
      quorumTls: 'dial-tls',
      quorumSasl: 'off',
    };
    assert.match(
      quorumTlsStaged(executed(secured, three, skip)) ?? '',
      /restarted from quorum TLS stage plaintext straight to dial-tls/,
    );
    const jump: Step = {
      type: 'RestartMember',
      id: 3,
      reason: '',
      config,
      quorumTls: 'accept-tls',
      quorumSasl: 'off',
    };
    const oneAhead = updateMember(three, 1, { quorumTls: 'dial-tls' });
    assert.match(
      quorumTlsStaged(executed(secured, updateMember(oneAhead, 3, { quorumTls: 'accept-tls' }), jump)) ?? '',
      /run two quorum TLS stages apart/,
    );
    assert.equal(quorumTlsStaged(executed(secured, three, jump)), undefined);
  });
});
