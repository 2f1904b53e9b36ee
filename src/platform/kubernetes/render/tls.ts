/**
 * TLS in a member's pod. Certificates come in zkop's Secret `<name>-tls` (tls.crt with its chain,
 * tls.key in PKCS#8, ca.crt), whoever issued them: zkop's CA, cert-manager or the user (whose
 * certificates zkop copies there once they check out, reconcile/certificates.ts). ZooKeeper reads PEM stores that
 * hold the key and its chain in one file, and reloads one only when a file event names it; a Secret
 * volume changes by swapping a symlink, which names no store. So a sidecar (tls-files.sh) writes the
 * stores as real files into an emptyDir and rewrites them, by rename, whenever the Secret changes.
 */
import type { V1Container, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { MemberTlsFiles } from '../../../config/layout.ts';
import { finalQuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import { usesTls } from '../../../config/tls-entries.ts';
import type { RenderContext } from './context.ts';
import { SOURCE_DIR, VOLUMES } from './pod-layout.ts';
import { TLS_FILES_SCRIPT, TLS_READY_SCRIPT } from './scripts.ts';
import { containerSecurityContext } from './security-context.ts';

/** The key and trust stores ZooKeeper reads (an emptyDir). */
export const TLS_DIR = '/etc/zookeeper/tls';
/** The certificate Secret, as mounted. */
export const TLS_SOURCE_DIR = '/etc/zookeeper/tls-source';
export const TLS_FILES_CONTAINER = 'tls-files';

const VOLUME = 'tls';
const SOURCE_VOLUME = 'tls-source';

/** Pods need certificates: TLS is on at the stage they start at now, or in what the spec asks for. */
export const podsUseTls = (ctx: RenderContext): boolean =>
  usesTls(ctx.spec, ctx.quorumTls) || usesTls(ctx.spec, finalQuorumTlsStage(ctx.spec.tls.quorum.enabled));

export function memberTlsFiles(ctx: RenderContext): MemberTlsFiles {
  return {
    keyStore: `${TLS_DIR}/keystore.pem`,
    trustStore: `${TLS_DIR}/truststore.pem`,
    secureClientPort: ctx.spec.ports.secureClient,
  };
}

export function tlsVolumes(ctx: RenderContext): V1Volume[] {
  if (!podsUseTls(ctx)) return [];
  return [
    { name: VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
    // zkop's own Secret, whatever the source: it holds a certificate only once zkop checked it.
    { name: SOURCE_VOLUME, secret: { secretName: ctx.names.tlsSecret, defaultMode: 0o440 } },
  ];
}

/** What the ZooKeeper container mounts: the stores, read-only. */
export const tlsMounts = (ctx: RenderContext): V1VolumeMount[] =>
  podsUseTls(ctx) ? [{ name: VOLUME, mountPath: TLS_DIR, readOnly: true }] : [];

/**
 * The sidecar keeping the stores (a native sidecar: an init container that keeps running, started
 * before the others, which wait until the stores exist).
 */
export function tlsFilesContainer(ctx: RenderContext): V1Container[] {
  if (!podsUseTls(ctx)) return [];
  return [
    {
      name: TLS_FILES_CONTAINER,
      image: ctx.spec.image,
      command: ['bash', `${SOURCE_DIR}/${TLS_FILES_SCRIPT}`, TLS_SOURCE_DIR, TLS_DIR],
      restartPolicy: 'Always',
      startupProbe: {
        exec: { command: ['bash', `${SOURCE_DIR}/${TLS_READY_SCRIPT}`, TLS_DIR] },
        periodSeconds: 1,
        failureThreshold: 600,
      },
      resources: { requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '32Mi' } },
      securityContext: containerSecurityContext(),
      volumeMounts: [
        { name: VOLUME, mountPath: TLS_DIR },
        { name: SOURCE_VOLUME, mountPath: TLS_SOURCE_DIR, readOnly: true },
        { name: VOLUMES.source, mountPath: SOURCE_DIR, readOnly: true },
      ],
    },
  ];
}
