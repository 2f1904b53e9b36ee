/** The ConfigMap: config templates the init container copies to the data volume, and the pod scripts. */
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';
import type { PodConfig } from './pod-config.ts';
import { DYNAMIC_CONFIG_FILE_NAME, DYNAMIC_CONFIG_VERSION_KEY, joinerConfigKey } from './pod-layout.ts';
import { SCRIPTS } from './scripts.ts';

export function renderConfigMap(ctx: RenderContext, config: PodConfig): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(ctx, ctx.names.configMap, 'config'),
    data: {
      'zoo.cfg': config.zooCfg,
      // The committed ensemble; only new members read it (see init.sh). Not part of the config hash.
      [DYNAMIC_CONFIG_FILE_NAME]: config.dynamicConfig,
      [DYNAMIC_CONFIG_VERSION_KEY]: ctx.configVersion.toString(16),
      ...Object.fromEntries(
        config.participantJoiners.flatMap((j) => [
          [joinerConfigKey(j.id), j.dynamicConfig],
          [`${joinerConfigKey(j.id)}.version`, j.version],
        ]),
      ),
      [config.logging.fileName]: config.logging.content,
      ...SCRIPTS,
    },
  };
}
