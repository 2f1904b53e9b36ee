/**
 * Authentication the operator does not carry out: refused like an invalid spec (validate.ts), so that
 * members never run open while the spec says they are closed. Client SASL is carried out, set at
 * creation (ADR 0144): turning it on or off for an ensemble whose StatefulSet exists is refused.
 */
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { FieldError } from '../../../api/field-error.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { templateHasJaas } from '../render/jaas.ts';

const OPEN =
  'members would still accept every client (or peer) without credentials; leave it false on Kubernetes';
/** What zkop up carries out on one machine. */
const LOCAL_ONLY = `is carried out by zkop up on one machine but not yet by the operator: ${OPEN}`;
const NOWHERE = `is not carried out by zkop yet, neither by the operator nor by zkop up: ${OPEN}`;

export function authNotYetOnKubernetes(spec: ZooKeeperSpec): FieldError[] {
  const auth = spec.auth;
  const fields: [string, boolean | undefined, string][] = [
    ['spec.auth.client.x509', auth?.client?.x509, NOWHERE],
    ['spec.auth.quorum.sasl', auth?.quorum?.sasl, LOCAL_ONLY],
  ];
  return fields.filter(([, on]) => on === true).map(([path, , message]) => ({ path, message }));
}

/** Client SASL is set at creation: `statefulSet` is the ensemble's live one, if it has one. */
export function clientSaslChange(spec: ZooKeeperSpec, statefulSet: V1StatefulSet | undefined): FieldError[] {
  if (!statefulSet) return [];
  const wanted = spec.auth?.client?.sasl === true;
  const running = templateHasJaas(statefulSet.spec?.template);
  if (wanted === running) return [];
  return [
    {
      path: 'spec.auth.client.sasl',
      message: `cannot be turned ${wanted ? 'on' : 'off'} for an existing ensemble (it is set at creation): set it back to ${running}, or create a new ensemble and move the data (zkop export/import)`,
    },
  ];
}
