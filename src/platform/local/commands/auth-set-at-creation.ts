/**
 * Authentication `zkop up` sets only when it creates an ensemble: turning it on or off for a running
 * one is a staged roll (auth-stage.ts) it does not carry out yet. Quorum SASL it does (the engine's
 * quorum-sasl.ts). Pure.
 */
import type { ZooKeeperSpec } from '../../../api/spec.ts';

const FIELDS: readonly [string, (spec: ZooKeeperSpec) => boolean, string, string][] = [
  [
    'spec.auth.client.sasl',
    (spec) => spec.auth?.client?.sasl ?? false,
    'SASL client authentication',
    'clients would be refused mid-roll',
  ],
];

/** Why `desired` cannot be applied to an ensemble created with `applied`, naming the field; undefined when it can. */
export function authSetAtCreation(applied: ZooKeeperSpec, desired: ZooKeeperSpec): string | undefined {
  const changed = FIELDS.find(([, on]) => on(applied) !== on(desired));
  if (!changed) return undefined;
  const [field, , what, why] = changed;
  return `${field}: turning ${what} on or off for an existing ensemble is not carried out by zkop up yet (${why}); it is set when the ensemble is created`;
}
