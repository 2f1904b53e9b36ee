/** The JVM command line of a member: heap, logging, super user, the user's flags, the server class. */
import type { ResolvedSpec } from '../api/defaults.ts';
import { quantityToInteger } from '../api/quantity.ts';
import type { MemberSelf } from './layout.ts';
import { LOG_FILE_NAME, type LoggingConfig } from './logging.ts';
import { SUPER_USER } from './super-digest.ts';

export const SERVER_MAIN_CLASS = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';

const KI = 1024;
const MI = 1024 * KI;

/** A memory quantity in the JVM's notation: `512Mi` -> `512m`, `1.5Gi` -> `1536m`, `1000` -> `1000`. */
export function jvmMemory(quantity: string | number): string {
  const bytes = quantityToInteger(quantity);
  if (bytes <= 0) throw new Error(`jvm.heap must be positive, got '${quantity}'`);
  if (bytes % MI === 0) return `${bytes / MI}m`;
  if (bytes % KI === 0) return `${bytes / KI}k`;
  return String(bytes);
}

export interface JvmFlagsInput {
  readonly spec: ResolvedSpec;
  readonly self: MemberSelf;
  readonly logging: LoggingConfig;
  /** From `superDigest(password)`. */
  readonly superDigest: string;
  /** Authentication flags (auth-entries.ts): the JAAS file, enforcement, fips-mode. */
  readonly auth?: readonly string[];
}

/**
 * Flags before the class path. The heap is fixed (-Xms = -Xmx) so a member never grows into its
 * memory limit; the JVM exits on OutOfMemoryError so the platform restarts it instead of leaving
 * a half-working server. The user's flags come last and so win.
 */
export function renderJvmFlags({ spec, self, logging, superDigest, auth = [] }: JvmFlagsInput): string[] {
  const heap = jvmMemory(spec.jvm.heap);
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+ExitOnOutOfMemoryError',
    `-Dzookeeper.log.dir=${self.paths.logDir}`,
    `-Dzookeeper.log.file=${LOG_FILE_NAME}`,
    logging.jvmFlag(self.paths.confDir),
    `-Dzookeeper.DigestAuthenticationProvider.superDigest=${SUPER_USER}:${superDigest}`,
    ...auth,
    ...spec.jvm.flags,
  ];
}

/** `java` arguments: flags, class path, server class, zoo.cfg. */
export function javaArguments(
  flags: readonly string[],
  classpath: readonly string[],
  zooCfgPath: string,
): string[] {
  return [...flags, '-cp', classpath.join(':'), SERVER_MAIN_CLASS, zooCfgPath];
}
