/**
 * The version-jump rule is written twice: as the CEL transition rule the API server enforces
 * (rules.ts `version-step`) and as the engine's check before a rolling upgrade
 * (engine/upgrade-rules.ts). Both must give the same verdict for every (from, to) pair.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsupportedVersionChange } from '../engine/upgrade-rules.ts';
import { zookeeper } from './testing/test-manifests.ts';
import { validateTransition, validateZooKeeper } from './validate.ts';

type Verdict = 'allowed' | 'refused';

/** (from, to, verdict) for versions the schema admits (3.7.x, 3.8.x and 3.9.x). */
const ADMITTED: readonly [string, string, Verdict][] = [
  ['3.7.2', '3.8.3', 'allowed'], // the way off 3.7: one minor up
  ['3.7.0', '3.8.0', 'allowed'],
  ['3.7.2', '3.7.0', 'allowed'], // patch down
  ['3.7.2', '3.9.4', 'refused'], // skips 3.8
  ['3.8.3', '3.7.2', 'refused'], // minor down
  ['3.9.4', '3.7.2', 'refused'],
  ['3.9.4', '3.9.4', 'allowed'],
  ['3.9.2', '3.9.4', 'allowed'], // patch up
  ['3.9.4', '3.9.2', 'allowed'], // patch down
  ['3.8.4', '3.8.0', 'allowed'],
  ['3.8.4', '3.9.4', 'allowed'], // minor up by one
  ['3.8.0', '3.9.10', 'allowed'],
  ['3.8.4', '3.9.0', 'allowed'],
  ['3.9.4', '3.8.4', 'refused'], // minor down
  ['3.9.0', '3.8.6', 'refused'],
];

/** Pairs where one side is outside the schema's versions: a major change, a skipped minor, 3.6. */
const BEYOND_SCHEMA: readonly [string, string, Verdict][] = [
  ['3.9.4', '4.0.0', 'refused'], // major up
  ['3.9.4', '4.9.4', 'refused'], // major up, same minor
  ['3.8.4', '4.9.0', 'refused'], // major up, minor + 1
  ['4.0.0', '3.9.4', 'refused'], // major down
  ['4.9.4', '3.9.4', 'refused'],
  ['3.8.4', '3.10.0', 'refused'], // skips 3.9
  ['3.6.4', '3.8.3', 'refused'], // skips 3.7
  ['3.7.2', '3.6.4', 'refused'],
  ['3.6.4', '3.7.2', 'allowed'], // minor up by one, from a version the schema does not admit
];

const engine = (from: string, to: string): Verdict =>
  unsupportedVersionChange(from, to) === undefined ? 'allowed' : 'refused';

/** The CEL transition rule alone, as the API server evaluates it on an update. */
const transitionRule = (from: string, to: string): Verdict =>
  validateTransition(zookeeper({ version: from }), zookeeper({ version: to })).some(
    (e) => e.path === 'spec.version',
  )
    ? 'refused'
    : 'allowed';

/** What the API server does with an update to `to`: the schema checks the new object, then the rule. */
const apiServer = (from: string, to: string): Verdict =>
  validateZooKeeper(zookeeper({ version: to })).some((e) => e.path === 'spec.version')
    ? 'refused'
    : transitionRule(from, to);

describe('version-jump rule: CEL transition rule and engine agree', () => {
  for (const [from, to, verdict] of ADMITTED) {
    it(`${from} -> ${to}: ${verdict}`, () => {
      assert.equal(engine(from, to), verdict, 'engine');
      assert.equal(transitionRule(from, to), verdict, 'CEL transition rule');
    });
  }

  for (const [from, to, verdict] of BEYOND_SCHEMA) {
    it(`${from} -> ${to}: engine ${verdict}; API server too where it can see the change`, () => {
      assert.equal(engine(from, to), verdict, 'engine');
      // An object with a version outside the schema cannot exist, so an update from one is never
      // evaluated; an update to one is refused by the schema whatever the rule says.
      if (validateZooKeeper(zookeeper({ version: from })).length === 0) {
        assert.equal(apiServer(from, to), verdict, 'API server (schema, then CEL transition rule)');
      }
    });
  }
});
