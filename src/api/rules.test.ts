import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCel } from './cel.ts';
import { OWNED_CONFIG_KEYS, OWNED_CONFIG_PREFIXES } from './owned-keys.ts';
import { ZooKeeperSchema } from './spec.ts';
import { ruleCases as cases, transitionCases as transitions } from './testing/rule-cases.ts';
import { zookeeper } from './testing/test-manifests.ts';
import { checkRule, ruleSites, validateTransition, validateZooKeeper } from './validate.ts';

const allRuleIds = ruleSites(ZooKeeperSchema).flatMap((site) => site.rules.map((r) => r.id));

describe('CEL rules', () => {
  it('every rule has cases here', () => {
    const covered = new Set([...Object.keys(cases), ...Object.keys(transitions)]);
    assert.deepEqual(
      [...new Set(allRuleIds)].filter((id) => !covered.has(id)),
      [],
    );
  });

  for (const [id, c] of Object.entries(cases)) {
    it(`${id}: holds and is broken`, () => {
      const passing = c.name ? [zookeeper({}, c.name.pass)] : c.pass.map((spec) => zookeeper(spec));
      const failing = c.name ? [zookeeper({}, c.name.fail)] : c.fail.map((spec) => zookeeper(spec));
      for (const object of passing)
        assert.deepEqual(validateZooKeeper(object), [], JSON.stringify(object.spec));
      for (const object of failing) {
        const errors = validateZooKeeper(object);
        assert.equal(errors.length, 1, JSON.stringify({ spec: object.spec, errors }));
        assert.equal(errors[0]?.path, c.path);
      }
    });
  }

  for (const [id, c] of Object.entries(transitions)) {
    it(`${id}: allows and refuses updates`, () => {
      for (const [before, after] of c.pass) {
        assert.deepEqual(validateTransition(zookeeper(before), zookeeper(after)), [], JSON.stringify(after));
      }
      for (const [before, after] of c.fail) {
        const errors = validateTransition(zookeeper(before), zookeeper(after));
        assert.deepEqual(
          errors.map((e) => e.path),
          [c.path],
          JSON.stringify({ before, after, errors }),
        );
      }
    });
  }

  it('transition rules are not applied to a single manifest', () => {
    assert.deepEqual(validateZooKeeper(zookeeper({ version: '3.8.4', storage: { size: '1Gi' } })), []);
  });

  it('accepts client and quorum SASL', () => {
    assert.deepEqual(
      validateZooKeeper(zookeeper({ auth: { client: { sasl: true }, quorum: { sasl: true } } })),
      [],
    );
  });

  it('refuses a clientAuth that is not need, want or none, naming the field', () => {
    const errors = validateZooKeeper(zookeeper({ tls: { client: { enabled: true, clientAuth: 'always' } } }));
    assert.deepEqual(
      errors.map((e) => e.path),
      ['spec.tls.client.clientAuth'],
    );
    assert.match(errors[0]?.message ?? '', /need, want, none/);
  });

  it('names the refused zoo.cfg keys in the message', () => {
    const errors = validateZooKeeper(
      zookeeper({ config: { extra: { dataDir: '/x', 'server.1': 'h', snapCount: '1' } } }),
    );
    assert.match(errors[0]?.message ?? '', /\(dataDir, server\.1\)/);
  });

  it('refuses every listed zoo.cfg key and prefix', () => {
    const keys = [...OWNED_CONFIG_KEYS, ...OWNED_CONFIG_PREFIXES.map((p) => `${p}x`)];
    for (const key of keys) {
      const errors = validateZooKeeper(zookeeper({ config: { extra: { [key]: 'v' } } }));
      assert.deepEqual(
        errors.map((e) => e.path),
        ['spec.config.extra'],
        key,
      );
    }
  });

  it('says in words why a rule could not be evaluated, at its field, never quoting CEL', () => {
    const site = { path: ['spec', 'config'], rules: [] };
    const rule = { id: 'product', rule: 'self.a * self.b > 0', message: 'must be small', fieldPath: '.a' };
    const error = checkRule(site, rule, { a: 9007199254740991, b: 9007199254740991 });
    assert.deepEqual(error, {
      path: 'spec.config.a',
      message: 'could not be checked (a number is too large): must be small',
    });
    const odd = checkRule(site, { ...rule, rule: 'self.a.startsWith("x")' }, { a: 1, b: 1 });
    assert.deepEqual(odd, {
      path: 'spec.config.a',
      message: 'could not be checked (a value has an unexpected form): must be small',
    });
  });

  it('offers the Kubernetes quantity functions', () => {
    assert.equal(evaluateCel("quantity('1Gi').isGreaterThan(quantity('1G'))", {}), true);
    assert.equal(evaluateCel("quantity('500m').isLessThan(quantity('1'))", {}), true);
    assert.equal(evaluateCel("quantity(string(self)).compareTo(quantity('2k'))", 2000), 0n);
    assert.equal(evaluateCel("isQuantity('12XB')", {}), false);
  });
});
