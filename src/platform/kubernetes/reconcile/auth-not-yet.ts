/**
 * Authentication the operator does not carry out, refused like an invalid spec (validate.ts) so that
 * members never run open while the spec says they are closed; and client SASL, which is set at
 * creation (ADR 0144): turning it on or off for an ensemble whose StatefulSet exists is refused.
 * Quorum SASL is carried out, staged like quorum TLS (ADR 0146); the schema refuses it on releases
 * that cannot run it.
 */
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { FieldError } from '../../../api/field-error.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { templateHasClientSasl } from '../render/jaas.ts';

export function authNotYetOnKubernetes(spec: ZooKeeperSpec): FieldError[] {
  if (spec.auth?.client?.x509 !== true) return [];
  return [
    {
      path: 'spec.auth.client.x509',
      message:
        'is not carried out by zkop yet, neither by the operator nor by zkop up: members would still accept every client without credentials; leave it false',
    },
  ];
}

/** Client SASL is set at creation: `statefulSet` is the ensemble's live one, if it has one. */
export function clientSaslChange(spec: ZooKeeperSpec, statefulSet: V1StatefulSet | undefined): FieldError[] {
  if (!statefulSet) return [];
  const wanted = spec.auth?.client?.sasl === true;
  const running = templateHasClientSasl(statefulSet.spec?.template);
  if (wanted === running) return [];
  return [
    {
      path: 'spec.auth.client.sasl',
      message: `cannot be turned ${wanted ? 'on' : 'off'} for an existing ensemble (it is set at creation): set it back to ${running}, or create a new ensemble and move the data (zkop export/import)`,
    },
  ];
}
