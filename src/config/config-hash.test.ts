import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMember } from './render-member.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';

const base = GOLDEN_CASES['defaults-3.9.4'] ?? assert.fail('missing golden case');

test('the config hash changes with what needs a restart', () => {
  const hash = renderMember(base).configHash;
  const heap = { ...base, spec: { ...base.spec, jvm: { ...base.spec.jvm, heap: '1Gi' } } };
  assert.notEqual(renderMember(heap).configHash, hash);
  assert.notEqual(renderMember({ ...base, superDigest: 'other' }).configHash, hash);
  assert.notEqual(renderMember({ ...base, logging: 'log4j' }).configHash, hash);
  const debug = { ...base, spec: { ...base.spec, logging: { level: 'DEBUG' as const } } };
  assert.notEqual(renderMember(debug).configHash, hash);
});

test('the config hash ignores membership, which changes through reconfig', () => {
  const hash = renderMember(base).configHash;
  const grown = {
    ...base,
    servers: [...base.servers, { ...base.servers[0], id: 9, role: 'observer' as const }],
  };
  assert.equal(renderMember(grown as typeof base).configHash, hash);
});

test('a member must be in its own dynamic config', () => {
  assert.throws(
    () => renderMember({ ...base, servers: base.servers.slice(1) }),
    /not in its own dynamic config/,
  );
});
