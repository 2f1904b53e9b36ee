/**
 * Starting points for the engine's exploration tests: every small ensemble shape as it is, with one
 * member down, unsynced or wiped, a leftover joiner or removed member, a half-done leader handoff,
 * lost quorum, or a creation interrupted by a crash.
 */

import { initialConfig } from '../create.ts';
import type { Desired, EnsembleConfig } from '../types.ts';
import { type SimEnsemble, settleLeadership } from './simulated-ensemble.ts';
import { desiredShape, steadyEnsemble, updateMember, withJoiner } from './walks.ts';

export interface Start {
  readonly name: string;
  readonly ensemble: SimEnsemble;
}

const DOWN = { running: false, serving: false, synced: false };

function holding(e: SimEnsemble, config: EnsembleConfig): SimEnsemble {
  return { ...e, members: e.members.map((m) => (m.running ? { ...m, config } : m)) };
}

function perturbations(shape: Desired, leader: number): Start[] {
  const base = steadyEnsemble(shape, leader);
  const committed = base.committed ?? initialConfig(shape);
  const size = shape.replicas + shape.observers;
  const starts: Start[] = [{ name: 'steady', ensemble: base }];
  for (let id = 1; id <= size; id++) {
    starts.push({ name: `member ${id} down`, ensemble: updateMember(base, id, DOWN) });
    if (id !== leader) {
      starts.push({ name: `member ${id} unsynced`, ensemble: updateMember(base, id, { synced: false }) });
    }
    const wiped = { ...DOWN, storage: 'empty', dataLost: true } as const;
    starts.push({ name: `member ${id} wiped`, ensemble: updateMember(base, id, wiped) });
  }
  const extra = size + 1;
  starts.push({ name: 'joiner running', ensemble: withJoiner(base, extra, shape) });
  starts.push({
    name: 'joiner starting',
    ensemble: withJoiner(base, extra, shape, { serving: false, synced: false }),
  });
  starts.push({
    name: 'removed member running',
    ensemble: withJoiner(base, extra, shape, { config: committed }),
  });
  starts.push({ name: 'removed member stopped', ensemble: withJoiner(base, extra, shape, DOWN) });
  if (shape.replicas >= 2) {
    const demoted: EnsembleConfig = {
      version: committed.version + 1n,
      members: committed.members.map((m) => (m.id === leader ? { ...m, role: 'observer' } : m)),
    };
    const successor = committed.members.find((m) => m.id !== leader && m.role === 'participant')?.id;
    const handoff = holding({ ...base, committed: demoted, recorded: demoted, leader: successor }, demoted);
    starts.push({ name: 'leader demoted, not restarted', ensemble: handoff });
    starts.push({
      name: 'leader demoted and restarted',
      ensemble: updateMember(handoff, leader, { restartToken: 'restarted' }),
    });
  }
  // Quorum TLS being turned on, the first stage half done; and an ensemble with TLS on, to turn off.
  let halfStaged = base;
  for (let id = 1; id <= Math.ceil(size / 2); id++)
    halfStaged = updateMember(halfStaged, id, { quorumTls: 'accept-tls' });
  starts.push({ name: 'quorum TLS stage 1 half done', ensemble: halfStaged });
  const allTls = base.members.reduce((e, m) => updateMember(e, m.id, { quorumTls: 'tls' }), base);
  starts.push({ name: 'quorum TLS on', ensemble: allTls });
  let noQuorum = base;
  for (let id = 1; id <= Math.floor(shape.replicas / 2) + 1; id++)
    noQuorum = updateMember(noQuorum, id, DOWN);
  starts.push({ name: 'quorum lost', ensemble: noQuorum });
  return starts;
}

/** Every shape of 1..7 members (up to 2 observers), perturbed as above, led by its first or last voter. */
export function explorationStarts(maxMembers = 7): Start[] {
  const starts: Start[] = [
    {
      name: 'nothing yet',
      ensemble: { members: [], committed: undefined, recorded: undefined, leader: undefined },
    },
  ];
  for (let replicas = 1; replicas <= maxMembers; replicas++) {
    for (let observers = 0; observers <= 2 && replicas + observers <= maxMembers; observers++) {
      const shape = desiredShape(replicas, observers);
      const created = initialConfig(shape);
      const first = steadyEnsemble(shape).members[0];
      if (first) {
        starts.push({
          name: `creation of ${replicas}+${observers} interrupted`,
          ensemble: {
            members: [{ ...first, serving: false, synced: false, storage: 'empty', config: created }],
            committed: undefined,
            recorded: created,
            leader: undefined,
          },
        });
      }
      for (const leader of new Set([1, replicas])) {
        for (const s of perturbations(shape, leader)) {
          const ensemble = settleLeadership(s.ensemble);
          starts.push({ name: `${replicas}+${observers} led by ${leader}: ${s.name}`, ensemble });
        }
      }
    }
  }
  return starts;
}

/**
 * Every desired shape of 1..7 members, as is, with a restart requested, upgraded one minor, with
 * quorum TLS on (from a plain start: three staged rolls; from TLS: none; back: three rolls off), or
 * with quorum SASL on (three staged rolls, or the rest of them after a crash in a random walk).
 */
export function explorationTargets(maxMembers = 7, newVersion = '3.9.4'): Desired[] {
  const targets: Desired[] = [];
  for (let replicas = 1; replicas <= maxMembers; replicas++) {
    for (let observers = 0; observers <= 2 && replicas + observers <= maxMembers; observers++) {
      targets.push(desiredShape(replicas, observers));
      targets.push(desiredShape(replicas, observers, { restartToken: 't2' }));
      targets.push(desiredShape(replicas, observers, { version: newVersion, removedStorage: 'retain' }));
      targets.push(desiredShape(replicas, observers, { quorumTls: 'tls' }));
      targets.push(desiredShape(replicas, observers, { quorumSasl: 'servers-require' }));
    }
  }
  return targets;
}
