/**
 * Where things live inside a member's pod. The root filesystem is read-only; ZooKeeper writes only to
 * the data volume (config, snapshots, myid), the optional transaction log volume, /logs and /tmp.
 */
import type { MemberPaths } from '../../../config/layout.ts';

/** The ConfigMap (config templates and scripts), read-only; the init container copies from it. */
export const SOURCE_DIR = '/zkop';
export const DATA_MOUNT = '/data';
export const DATA_LOG_MOUNT = '/datalog';
export const LOG_DIR = '/logs';
export const TMP_DIR = '/tmp';

export const CONF_DIR = `${DATA_MOUNT}/conf`;
/** The JVM's class-data sharing archive of this member (see the init script). */
export const CLASS_ARCHIVE_DIR = `${DATA_MOUNT}/jvm`;
export const DYNAMIC_CONFIG_FILE_NAME = 'zoo.cfg.dynamic';
/** ConfigMap key: the version of its dynamic config, in hex as ZooKeeper names its files. */
export const DYNAMIC_CONFIG_VERSION_KEY = `${DYNAMIC_CONFIG_FILE_NAME}.version`;
/** ConfigMap key: the dynamic config member `id` starts from as a joiner listing itself as participant. */
export const joinerConfigKey = (id: number | string): string => `joiner-${id}.cfg.dynamic`;

export const VOLUMES = {
  data: 'data',
  dataLog: 'datalog',
  source: 'zkop',
  logs: 'logs',
  tmp: 'tmp',
} as const;

/** Every member has the same paths, so one zoo.cfg serves the whole ensemble. */
export function podPaths(separateDataLog: boolean): MemberPaths {
  const dataDir = `${DATA_MOUNT}/data`;
  return {
    confDir: CONF_DIR,
    dataDir,
    dataLogDir: separateDataLog ? `${DATA_LOG_MOUNT}/data` : dataDir,
    dynamicConfigFile: `${CONF_DIR}/${DYNAMIC_CONFIG_FILE_NAME}`,
    logDir: LOG_DIR,
  };
}
