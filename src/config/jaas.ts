/**
 * JAAS login configuration for ZooKeeper's DIGEST-MD5 SASL: the `Server` section with a
 * `user_<name>` option per client user, `QuorumServer` with the members' user and `QuorumLearner`
 * with the credentials a member presents to the leader; and a client's `Client` section. The file
 * holds passwords: it is written readable by its owner only and never into a ConfigMap.
 */

export const DIGEST_LOGIN_MODULE = 'org.apache.zookeeper.server.auth.DigestLoginModule';

/** The sections members authenticate each other with (`quorum.auth.{server,learner}.saslLoginContext`). */
export const QUORUM_SERVER_SECTION = 'QuorumServer';
export const QUORUM_LEARNER_SECTION = 'QuorumLearner';

/** The user members authenticate to each other as. */
export const QUORUM_USER = 'zkop-quorum';

export interface SaslUser {
  readonly name: string;
  readonly password: string;
}

/** Java's JAAS parser reads a quoted value with escapes; zkop refuses what would need one. */
const UNQUOTABLE = /["\\\r\n]/;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function quoted(what: string, value: string): string {
  if (UNQUOTABLE.test(value)) {
    throw new Error(`${what} must not contain a double quote, a backslash or a line break (JAAS file)`);
  }
  return `"${value}"`;
}

function section(name: string, options: readonly [string, string][]): string {
  const lines = options.map(([key, value]) => `  ${key}=${value}`);
  return `${name} {\n  ${DIGEST_LOGIN_MODULE} required\n${lines.join('\n')};\n};\n`;
}

/** `Server`: who may authenticate as a client. */
export function serverSection(users: readonly SaslUser[]): string {
  if (users.length === 0) throw new Error('the JAAS Server section needs at least one user');
  const options = users.map((u): [string, string] => {
    if (!USER_NAME.test(u.name)) throw new Error(`SASL user '${u.name}' cannot be written into a JAAS file`);
    return [`user_${u.name}`, quoted(`the password of SASL user ${u.name}`, u.password)];
  });
  return section('Server', options);
}

/** `QuorumServer` and `QuorumLearner`: every member knows the quorum user and presents it. */
export function quorumSections(password: string): string {
  const value = quoted('the quorum password', password);
  return (
    section(QUORUM_SERVER_SECTION, [[`user_${QUORUM_USER}`, value]]) +
    section(QUORUM_LEARNER_SECTION, [
      ['username', `"${QUORUM_USER}"`],
      ['password', value],
    ])
  );
}

/** `Client`: what a Java client (zkCli, Curator, ...) authenticates with. */
export function clientSection(user: SaslUser): string {
  return section('Client', [
    ['username', quoted(`SASL user ${user.name}`, user.name)],
    ['password', quoted(`the password of SASL user ${user.name}`, user.password)],
  ]);
}
