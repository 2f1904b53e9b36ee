/**
 * What a member needs for authentication at an auth stage (auth-stage.ts): zoo.cfg keys (the SASL and
 * x509 providers, zkop's super identities, `quorum.auth.*`), JVM flags (the JAAS file, enforcement,
 * fips-mode) and the JAAS file itself. Enforcement is a JVM flag rather than a zoo.cfg key: ZooKeeper
 * sets system properties from zoo.cfg after the command line's, and the restore fence
 * (restore-fence.ts) must be able to override it from the command line.
 */
import type { ResolvedSpec } from '../api/defaults.ts';
import type { VersionInfo } from '../api/versions.ts';
import { type AuthStage, quorumSaslSettings } from './auth-stage.ts';
import {
  QUORUM_LEARNER_SECTION,
  QUORUM_SERVER_SECTION,
  quorumSections,
  type SaslUser,
  serverSection,
} from './jaas.ts';
import { ENFORCE_QUOTA_FLAG } from './quota.ts';
import { SUPER_USER } from './super-digest.ts';

export const SASL_PROVIDER = 'org.apache.zookeeper.server.auth.SASLAuthenticationProvider';
export const X509_PROVIDER = 'org.apache.zookeeper.server.auth.X509AuthenticationProvider';

/** The credentials a member's authentication is rendered with. */
export interface AuthCredentials {
  /** zkop's super user password: also a SASL user (`super`) when clients authenticate with SASL. */
  readonly superPassword: string;
  /** Client users (tenants'). */
  readonly users: readonly SaslUser[];
  /** Needed once the quorum authenticates. */
  readonly quorumPassword?: string;
  /** The subject of zkop's client certificate as ZooKeeper names x509 identities; needed with x509. */
  readonly zkopSubject?: string;
}

export interface MemberAuth {
  readonly zooCfg: readonly [string, string | boolean][];
  readonly jvmFlags: readonly string[];
  /** The JAAS file's content, when the member needs one. */
  readonly jaas?: string;
}

/** The client schemes in use at `stage`, in ZooKeeper's names. */
export function clientSchemes(spec: ResolvedSpec, stage: AuthStage): string[] {
  if (stage.client === 'open') return [];
  return [...(spec.auth.client.sasl ? ['sasl'] : []), ...(spec.auth.client.x509 ? ['x509'] : [])];
}

/** Whether a member at `stage` uses SASL DIGEST-MD5 anywhere (and so needs FIPS mode off on 3.9). */
export const usesDigestSasl = (spec: ResolvedSpec, stage: AuthStage): boolean =>
  clientSchemes(spec, stage).includes('sasl') || quorumSaslSettings(stage.quorum).enableSasl;

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`authentication needs ${what}, and none was given`);
  return value;
}

export function memberAuth(
  spec: ResolvedSpec,
  features: VersionInfo,
  stage: AuthStage,
  credentials: AuthCredentials | undefined,
  jaasFile: string | undefined,
): MemberAuth {
  const schemes = clientSchemes(spec, stage);
  const quorum = quorumSaslSettings(stage.quorum);
  if (schemes.length === 0 && !quorum.enableSasl) return { zooCfg: [], jvmFlags: [] };
  const given = required(credentials, 'credentials');
  const zooCfg: [string, string | boolean][] = [];
  let jaas = '';
  if (schemes.includes('sasl')) {
    zooCfg.push(['authProvider.sasl', SASL_PROVIDER], ['superUser', SUPER_USER]);
    jaas += serverSection([{ name: SUPER_USER, password: given.superPassword }, ...given.users]);
  }
  if (schemes.includes('x509')) {
    zooCfg.push(
      ['authProvider.x509', X509_PROVIDER],
      ['X509AuthenticationProvider.superUser', required(given.zkopSubject, "zkop's certificate subject")],
    );
  }
  if (quorum.enableSasl) {
    zooCfg.push(['quorum.auth.enableSasl', true]);
    if (quorum.learnerRequireSasl) zooCfg.push(['quorum.auth.learnerRequireSasl', true]);
    if (quorum.serverRequireSasl) zooCfg.push(['quorum.auth.serverRequireSasl', true]);
    zooCfg.push(
      ['quorum.auth.learner.saslLoginContext', QUORUM_LEARNER_SECTION],
      ['quorum.auth.server.saslLoginContext', QUORUM_SERVER_SECTION],
    );
    jaas += quorumSections(required(given.quorumPassword, 'a quorum password'));
  }
  const jvmFlags: string[] = [];
  if (jaas !== '')
    jvmFlags.push(`-Djava.security.auth.login.config=${required(jaasFile, 'a JAAS file path')}`);
  if (features.fipsModeByDefault && usesDigestSasl(spec, stage)) jvmFlags.push('-Dzookeeper.fips-mode=false');
  // Tenants' hard quotas (quota.ts) hold only while ZooKeeper enforces them.
  if (schemes.includes('sasl') && given.users.length > 0) jvmFlags.push(ENFORCE_QUOTA_FLAG);
  if (stage.client === 'enforce') {
    jvmFlags.push(
      '-Dzookeeper.enforce.auth.enabled=true',
      `-Dzookeeper.enforce.auth.schemes=${schemes.join(',')}`,
    );
  }
  return { zooCfg, jvmFlags, ...(jaas === '' ? {} : { jaas }) };
}
