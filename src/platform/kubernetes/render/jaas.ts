/**
 * SASL in a member's pod: the JAAS file (a `Server` section with zkop's super user and the tenants'
 * users for client SASL, `QuorumServer` and `QuorumLearner` for quorum SASL, rendered by
 * config/auth-entries.ts) lives in zkop's Secret `<name>-jaas`, never in the ConfigMap, and is mounted
 * read-only for the pod's group (the official image runs as gid 1000, the pod's fsGroup). ZooKeeper
 * reads it at start only: its content is part of the config hash, so a tenant's user added or removed
 * is a rolling restart. It holds what pods starting at the current quorum SASL stage need.
 */
import type { V1PodTemplateSpec, V1Secret, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { quorumSaslSettings } from '../../../config/auth-stage.ts';
import type { RenderContext } from './context.ts';
import { CLIENT_SASL_ANNOTATION, objectMeta, QUORUM_SASL_ANNOTATION } from './metadata.ts';

export const JAAS_DIR = '/etc/zookeeper/jaas';
export const JAAS_KEY = 'jaas.conf';
export const JAAS_FILE = `${JAAS_DIR}/${JAAS_KEY}`;

const VOLUME = 'jaas';

/** Pods starting now authenticate clients or peers with SASL. */
export const podsUseJaas = (ctx: RenderContext): boolean =>
  ctx.spec.auth.client.sasl || quorumSaslSettings(ctx.quorumSasl).enableSasl;

export function renderJaasSecret(ctx: RenderContext, jaas: string): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(ctx, ctx.names.jaasSecret, 'auth'),
    type: 'Opaque',
    data: { [JAAS_KEY]: Buffer.from(jaas, 'utf8').toString('base64') },
  };
}

export const jaasVolumes = (ctx: RenderContext): V1Volume[] =>
  podsUseJaas(ctx)
    ? [{ name: VOLUME, secret: { secretName: ctx.names.jaasSecret, defaultMode: 0o440 } }]
    : [];

/**
 * Whether pods of this template authenticate clients with SASL. Templates of zkop before quorum SASL
 * on Kubernetes carry no annotation: the JAAS file alone meant client SASL then.
 */
export function templateHasClientSasl(template: V1PodTemplateSpec | undefined): boolean {
  const annotations = template?.metadata?.annotations ?? {};
  if (annotations[CLIENT_SASL_ANNOTATION] !== undefined)
    return annotations[CLIENT_SASL_ANNOTATION] === 'true';
  const jaas = (template?.spec?.volumes ?? []).some((v) => v.name === VOLUME);
  return jaas && annotations[QUORUM_SASL_ANNOTATION] === undefined;
}

export const jaasMounts = (ctx: RenderContext): V1VolumeMount[] =>
  podsUseJaas(ctx) ? [{ name: VOLUME, mountPath: JAAS_DIR, readOnly: true }] : [];
