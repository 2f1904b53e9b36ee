/**
 * Authentication the operator does not carry out yet: refused like an invalid spec (validate.ts), so
 * that members never run open while the spec says they are closed.
 */
import type { FieldError } from '../../../api/field-error.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';

const OPEN =
  'members would still accept every client (or peer) without credentials; leave it false on Kubernetes';
/** What zkop up carries out on one machine. */
const LOCAL_ONLY = `is carried out by zkop up on one machine but not yet by the operator: ${OPEN}`;
const NOWHERE = `is not carried out by zkop yet, neither by the operator nor by zkop up: ${OPEN}`;

export function authNotYetOnKubernetes(spec: ZooKeeperSpec): FieldError[] {
  const auth = spec.auth;
  const fields: [string, boolean | undefined, string][] = [
    ['spec.auth.client.sasl', auth?.client?.sasl, LOCAL_ONLY],
    ['spec.auth.client.x509', auth?.client?.x509, NOWHERE],
    ['spec.auth.quorum.sasl', auth?.quorum?.sasl, LOCAL_ONLY],
  ];
  return fields.filter(([, on]) => on === true).map(([path, , message]) => ({ path, message }));
}
