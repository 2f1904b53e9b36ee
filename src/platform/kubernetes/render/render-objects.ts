/**
 * Every Kubernetes object of an ensemble, rendered from the ZooKeeper object alone: the same input
 * gives the same objects, in the same order. The super user Secret is not among them: its password is
 * random, so the controller creates it once (secret.ts). The JAAS Secret is, rendered from the
 * credentials the controller read (jaas.ts).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { renderConfigMap } from './configmap.ts';
import { type RenderOptions, renderContext, type ZooKeeperObject } from './context.ts';
import { renderJaasSecret } from './jaas.ts';
import { renderNetworkPolicy } from './network-policy.ts';
import { renderPodConfig } from './pod-config.ts';
import { renderPodDisruptionBudget } from './pod-disruption-budget.ts';
import { renderPrometheusRule } from './prometheus-rule.ts';
import { renderServiceAccount } from './service-account.ts';
import { renderServiceMonitor } from './service-monitor.ts';
import {
  renderAdminService,
  renderClientService,
  renderHeadlessService,
  renderMemberServices,
  renderPodNameEndpoints,
} from './services.ts';
import { renderStatefulSet } from './statefulset.ts';

export interface RenderedObjects {
  readonly objects: KubernetesObject[];
  /** The pod template's config hash: pods started with another one need a restart. */
  readonly configHash: string;
}

export function renderEnsemble(zk: ZooKeeperObject, options: RenderOptions = {}): RenderedObjects {
  const ctx = renderContext(zk, options);
  const config = renderPodConfig(ctx);
  const objects: (KubernetesObject | undefined)[] = [
    renderServiceAccount(ctx),
    renderConfigMap(ctx, config),
    config.jaas === undefined ? undefined : renderJaasSecret(ctx, config.jaas),
    renderHeadlessService(ctx),
    ...renderMemberServices(ctx),
    renderPodNameEndpoints(ctx),
    renderClientService(ctx),
    renderAdminService(ctx),
    renderPodDisruptionBudget(ctx),
    renderNetworkPolicy(ctx),
    renderStatefulSet(ctx, config),
    renderServiceMonitor(ctx),
    renderPrometheusRule(ctx),
  ];
  return { objects: objects.filter((o) => o !== undefined), configHash: config.configHash };
}

/** The pod template's config hash alone, without rendering the objects (renderEnsemble gives it too). */
export function startConfigHash(zk: ZooKeeperObject, options: RenderOptions = {}): string {
  return renderPodConfig(renderContext(zk, options)).configHash;
}

export function renderObjects(zk: ZooKeeperObject, options: RenderOptions = {}): KubernetesObject[] {
  return renderEnsemble(zk, options).objects;
}
