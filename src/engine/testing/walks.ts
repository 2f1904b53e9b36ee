/**
 * Drives the engine against the simulated ensemble for the tests: builders for starting ensembles,
 * fair runs (the world makes progress, no faults) and seeded random walks with faults and crashes.
 */

import { nextStep } from '../plan.ts';
import { isStale, joinerConfig, wantedRoles } from '../situation.ts';
import type { ConfigMember, Desired, EnsembleConfig, Role, Step } from '../types.ts';
import { type Executed, type Violation, violations } from './invariant-checks.ts';
import {
  applyEvent,
  applyStep,
  FIRST_CONFIG_VERSION,
  faultEvents,
  observe,
  progressEvents,
  recordConfig,
  type SimEnsemble,
  type SimMember,
  settle,
} from './simulated-ensemble.ts';

export const OLD_VERSION = '3.8.4';
export const NEW_VERSION = '3.9.4';

export function desiredShape(replicas: number, observers = 0, changes: Partial<Desired> = {}): Desired {
  return {
    replicas,
    observers,
    version: OLD_VERSION,
    configHash: 'h1',
    restartToken: 't1',
    paused: false,
    leaderHandoff: true,
    removedStorage: 'delete',
    quorumTls: 'plaintext',
    quorumSasl: 'off',
    ...changes,
  };
}

export function configOf(roles: ReadonlyMap<number, Role>, version = FIRST_CONFIG_VERSION): EnsembleConfig {
  const members: ConfigMember[] = [...roles].map(([id, role]) => ({ id, role })).sort((a, b) => a.id - b.id);
  return { version, members };
}

/** A healthy ensemble of the given shape, every member running `desired`'s version and settings. */
export function steadyEnsemble(shape: Desired, leader = 1): SimEnsemble {
  const config = configOf(wantedRoles(shape));
  const members: SimMember[] = config.members.map((c) => ({
    id: c.id,
    running: true,
    serving: true,
    synced: true,
    version: shape.version,
    configHash: shape.configHash,
    restartToken: shape.restartToken,
    quorumTls: shape.quorumTls,
    quorumSasl: shape.quorumSasl,
    config,
    storage: 'data',
    dataLost: false,
  }));
  return { members, committed: config, recorded: config, leader };
}

/** `e` with member `id` running outside the committed config as a synced joiner, changed by `change`. */
export function withJoiner(
  e: SimEnsemble,
  id: number,
  shape: Desired,
  change: Partial<SimMember> = {},
): SimEnsemble {
  const committed = e.committed ?? configOf(new Map());
  const joiner: SimMember = {
    id,
    running: true,
    serving: true,
    synced: true,
    version: shape.version,
    configHash: shape.configHash,
    restartToken: shape.restartToken,
    quorumTls: shape.quorumTls,
    quorumSasl: shape.quorumSasl,
    config: joinerConfig(committed, id),
    storage: 'data',
    dataLost: false,
    ...change,
  };
  return { ...e, members: [...e.members.filter((m) => m.id !== id), joiner] };
}

export function updateMember(e: SimEnsemble, id: number, change: Partial<SimMember>): SimEnsemble {
  return { ...e, members: e.members.map((m) => (m.id === id ? { ...m, ...change } : m)) };
}

export interface RunResult {
  readonly done: boolean;
  /** Steps executed twice or interrupted halfway, as a crash of the platform would. */
  readonly crashes: number;
  readonly steps: readonly Step[];
  readonly violations: readonly Violation[];
  readonly leaderChanges: number;
  readonly end: SimEnsemble;
}

/** One engine step: plan on the observation, check the invariants, execute. */
export function execute(
  desired: Desired,
  e: SimEnsemble,
  opts: { interrupted?: boolean; twice?: boolean } = {},
): { step: Step; next: SimEnsemble; violations: Violation[] } {
  const before = recordConfig(e);
  const observation = observe(before);
  const step = nextStep(desired, observation);
  let after = applyStep(before, step, desired, opts.interrupted);
  const found = violations({ desired, before, observation, step, after } satisfies Executed);
  if (opts.twice && !opts.interrupted) {
    const again = applyStep(after, step, desired);
    const repeated = violations({ desired, before: after, observation, step, after: again });
    found.push(...repeated.map((v) => ({ ...v, message: `repeated: ${v.message}` })));
    after = again;
  }
  return { step, next: after, violations: found };
}

/** Engine and world alternate; the world settles fully after each step. */
export function runFair(desired: Desired, start: SimEnsemble, maxSteps = 100): RunResult {
  const steps: Step[] = [];
  const found: Violation[] = [];
  let e = settle(start);
  let leaderChanges = 0;
  for (let i = 0; i < maxSteps; i++) {
    const { step, next, violations: v } = execute(desired, e);
    steps.push(step);
    found.push(...v);
    if (step.type === 'Done' || step.type === 'Refuse')
      return { done: step.type === 'Done', crashes: 0, steps, violations: found, leaderChanges, end: e };
    const settled = settle(next);
    if (e.leader !== undefined && settled.leader !== e.leader) leaderChanges++;
    e = settled;
  }
  return { done: false, crashes: 0, steps, violations: found, leaderChanges, end: e };
}

function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

export interface WalkOptions {
  readonly ticks: number;
  /** Members failing or losing their data; one at a time loses data (two can lose writes for good). */
  readonly faults: number;
}

/**
 * Random interleaving of engine steps (some interrupted halfway or executed twice, as a crash of the
 * platform would) with world progress and up to `faults` faults; then a fair run must reach Done.
 */
export function randomWalk(
  desired: Desired,
  start: SimEnsemble,
  random: () => number,
  opts: WalkOptions,
): RunResult {
  const found: Violation[] = [];
  let e = start;
  let faults = opts.faults;
  let crashes = 0;
  const steps: Step[] = [];
  for (let t = 0; t < opts.ticks; t++) {
    const r = random();
    const wiped = e.members.some((m) => m.dataLost);
    const possible = faultEvents(e).filter((f) => f.kind !== 'wipe' || !wiped);
    const fault = faults > 0 && r < 0.08 ? pick(possible, random) : undefined;
    if (fault) {
      faults--;
      e = applyEvent(e, fault);
      continue;
    }
    const progress = r < 0.5 ? pick(progressEvents(e), random) : undefined;
    if (progress) {
      e = applyEvent(e, progress);
      continue;
    }
    const crash = random();
    const interrupted = crash < 0.05;
    const twice = crash > 0.95;
    if (interrupted || twice) crashes++;
    const { step, next, violations: v } = execute(desired, e, { interrupted, twice });
    steps.push(step);
    found.push(...v);
    e = next;
  }
  const fair = runFair(desired, e);
  return { ...fair, crashes, steps: [...steps, ...fair.steps], violations: [...found, ...fair.violations] };
}

/** Whether the end state has the wanted shape: roles, members healthy and up to date, nothing left over. */
export function shapeProblem(desired: Desired, e: SimEnsemble): string | undefined {
  const wanted = wantedRoles(desired);
  const committed = new Map((e.committed?.members ?? []).map((m) => [m.id, m.role]));
  const key = (m: ReadonlyMap<number, Role>): string => [...m].sort((a, b) => a[0] - b[0]).join(';');
  if (key(committed) !== key(wanted)) return `committed ${key(committed)}, wanted ${key(wanted)}`;
  for (const m of e.members) {
    const observed = observe(e).members.find((o) => o.id === m.id);
    if (!wanted.has(m.id)) {
      if (m.running) return `member ${m.id} still runs`;
      if (desired.removedStorage === 'delete') return `member ${m.id} still has storage`;
      continue;
    }
    if (!m.running || !m.serving || !m.synced) return `member ${m.id} is not healthy`;
    if (observed && isStale(observed, desired)) return `member ${m.id} is stale`;
  }
  return undefined;
}

/** Steps in a few words each, for tests that assert a sequence. */
export function summary(steps: readonly Step[]): string[] {
  return steps.map((s) => {
    if (s.type === 'Reconfigure') return `${s.kind} ${s.id} ${s.role ?? ''}`.trim();
    if (s.type === 'StartMember') return `start ${s.id}${s.options.asObserver ? ' observer' : ''}`;
    return 'id' in s ? `${s.type} ${s.id}` : s.type;
  });
}
