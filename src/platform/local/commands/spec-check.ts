/** A spec changed by a command (not read from a manifest) is checked by the same schema and rules. */
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { API_VERSION, KIND } from '../../../api/spec.ts';
import { validateZooKeeper } from '../../../api/validate.ts';
import { invalidInput } from '../../shared/errors.ts';

export function checkedSpec(name: string, spec: ZooKeeperSpec): ZooKeeperSpec {
  const errors = validateZooKeeper({ apiVersion: API_VERSION, kind: KIND, metadata: { name }, spec });
  if (errors.length === 0) return spec;
  const lines = errors.map((e) => `  ${e.path || '(spec)'}: ${e.message}`).join('\n');
  throw invalidInput(`${name}: the requested change makes an invalid spec; nothing was changed:`, lines);
}
