import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsupportedVersionChange } from './upgrade-rules.ts';

describe('version changes a roll may make', () => {
  it('allows patch changes either way and one minor up', () => {
    assert.equal(unsupportedVersionChange('3.9.3', '3.9.4'), undefined);
    assert.equal(unsupportedVersionChange('3.9.4', '3.9.3'), undefined);
    assert.equal(unsupportedVersionChange('3.8.4', '3.9.4'), undefined);
    assert.equal(unsupportedVersionChange('3.8.4', '3.8.4'), undefined);
  });

  it('allows anything for a member that never ran', () => {
    assert.equal(unsupportedVersionChange('', '3.9.4'), undefined);
  });

  it('refuses skipping a minor version', () => {
    assert.match(
      unsupportedVersionChange('3.7.2', '3.9.4') ?? '',
      /skips a minor version.*one minor version at a time/,
    );
  });

  it('refuses downgrades across minor versions', () => {
    assert.match(
      unsupportedVersionChange('3.9.4', '3.8.4') ?? '',
      /downgrading ZooKeeper from 3\.9\.4 to 3\.8\.4/,
    );
  });

  it('refuses major version changes and versions it cannot read', () => {
    assert.match(unsupportedVersionChange('3.9.4', '4.0.0') ?? '', /major version/);
    assert.match(unsupportedVersionChange('3.9.4', 'latest') ?? '', /expected MAJOR\.MINOR\.PATCH/);
  });
});
