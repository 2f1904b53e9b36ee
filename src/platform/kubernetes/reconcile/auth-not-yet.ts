/**
 * Authentication zkop up carries out on one machine but the operator not yet: refused like an
 * invalid spec (validate.ts), so that members never run open while the spec says they are closed.
 */
import type { FieldError } from '../../../api/field-error.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';

const MESSAGE =
  'is carried out by zkop up on one machine but not yet by the operator: members would still accept every client (or peer) without credentials; leave it false on Kubernetes';

export function authNotYetOnKubernetes(spec: ZooKeeperSpec): FieldError[] {
  const auth = spec.auth;
  return [
    ['spec.auth.client.sasl', auth?.client?.sasl],
    ['spec.auth.client.x509', auth?.client?.x509],
    ['spec.auth.quorum.sasl', auth?.quorum?.sasl],
  ]
    .filter(([, on]) => on === true)
    .map(([path]) => ({ path: String(path), message: MESSAGE }));
}
