/** Labels, owner reference and metadata every object of an ensemble carries. */
import type { V1ObjectMeta, V1OwnerReference } from '@kubernetes/client-node';
import { API_VERSION, KIND } from '../../../api/spec.ts';
import type { RenderContext } from './context.ts';

export const MANAGED_BY = 'zkop';
/** Selects every object zkop made for any ensemble. */
export const OWNED_SELECTOR = `app.kubernetes.io/managed-by=${MANAGED_BY}`;
export const CONFIG_HASH_ANNOTATION = 'zookeeper.zkop.dev/config-hash';
/** The quorum TLS stage a pod started at (config/quorum-tls-stage.ts). */
export const QUORUM_TLS_ANNOTATION = 'zookeeper.zkop.dev/quorum-tls';
/** The quorum SASL stage a pod started at (config/auth-stage.ts); none means `off`. */
export const QUORUM_SASL_ANNOTATION = 'zookeeper.zkop.dev/quorum-sasl';
/** On pods that authenticate clients with SASL, which is set at creation (reconcile/auth-not-yet.ts). */
export const CLIENT_SASL_ANNOTATION = 'zookeeper.zkop.dev/client-sasl';
/** Whether a pod serves clients with TLS (its plain client port then listens on loopback only). */
export const CLIENT_TLS_ANNOTATION = 'zookeeper.zkop.dev/client-tls';
/** Changed by `zkop restart`: every member whose pod carries another token is restarted. */
export const RESTART_TOKEN_ANNOTATION = 'zookeeper.zkop.dev/restart-token';

/**
 * On a member pod: its member Service sends connections to it. zkop takes it off a pod being deleted
 * (reconcile/member-routes.ts), so that new connections are refused at once rather than sent to an
 * address that goes away with the pod.
 */
export const ROUTED_LABEL = 'zookeeper.zkop.dev/routed';

/** The label that says what an object is for. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** What an object is for; the value of COMPONENT_LABEL. */
export type Component =
  | 'server'
  | 'peers'
  | 'member'
  | 'client'
  | 'admin'
  | 'config'
  | 'disruption-budget'
  | 'identity'
  | 'auth'
  | 'tls'
  | 'network'
  | 'monitoring'
  | 'tenant';

/** Labels that select the ensemble's pods. Fixed at creation: a StatefulSet selector cannot change. */
export function selectorLabels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'zookeeper',
    'app.kubernetes.io/instance': name,
    [COMPONENT_LABEL]: 'server',
  };
}

export function objectLabels(name: string, component: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'zookeeper',
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [COMPONENT_LABEL]: component,
  };
}

export function ownerReference(ctx: RenderContext): V1OwnerReference {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    name: ctx.name,
    uid: ctx.zk.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function objectMeta(
  ctx: RenderContext,
  name: string,
  component: Component,
  annotations?: Record<string, string>,
): V1ObjectMeta {
  return {
    name,
    namespace: ctx.namespace,
    labels: objectLabels(ctx.name, component),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
    ownerReferences: [ownerReference(ctx)],
  };
}
