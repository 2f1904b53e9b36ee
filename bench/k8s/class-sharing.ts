/**
 * Turns a member's class-data sharing off for its next start, or back on, for benchmarks that time a
 * start both ways. Off: the class list and archives are moved aside and the directory made
 * read-only, so the next start neither maps an archive nor records classes. On: all of it is put
 * back, so the next start maps the archive (built by its init from the list when there is none yet).
 */
import { inZooKeeperPod } from '../../test/cluster/cluster.ts';

export type ClassSharing = 'off' | 'on';

const DIR = '/data/jvm';
const ASIDE = '/data/jvm.off';

const COMMANDS: Record<ClassSharing, string> = {
  off: `mkdir -p ${ASIDE} && find ${DIR} -mindepth 1 -maxdepth 1 -exec mv -f {} ${ASIDE}/ \\; && chmod a-w ${DIR}`,
  on: `chmod u+w ${DIR} && find ${ASIDE} -mindepth 1 -maxdepth 1 -exec mv -f {} ${DIR}/ \\; 2>/dev/null; true`,
};

export function setClassSharing(namespace: string, pod: string, sharing: ClassSharing): void {
  inZooKeeperPod(namespace, pod, COMMANDS[sharing]);
}
