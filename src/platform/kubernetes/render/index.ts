/** Pure rendering of an ensemble's Kubernetes objects; what the controller and the engine adapter use. */
export {
  type ClientPorts,
  type CommittedMember,
  initialMembers,
  type MemberBootstrap,
  type RenderContext,
  type RenderOptions,
  renderContext,
  superUserSecretName,
  type VolumeSizes,
  type ZooKeeperObject,
} from './context.ts';
export { memberServerEntry } from './members.ts';
export {
  CLIENT_SASL_ANNOTATION,
  CLIENT_TLS_ANNOTATION,
  CONFIG_HASH_ANNOTATION,
  MANAGED_BY,
  OWNED_SELECTOR,
  objectLabels,
  QUORUM_SASL_ANNOTATION,
  QUORUM_TLS_ANNOTATION,
  RESTART_TOKEN_ANNOTATION,
  selectorLabels,
} from './metadata.ts';
export { memberAddress, memberIdOfOrdinal, memberPodName, objectNames, ordinalOfMemberId } from './names.ts';
export { type RenderedObjects, renderEnsemble, renderObjects, startConfigHash } from './render-objects.ts';
export {
  QUORUM_SECRET_PASSWORD_KEY,
  renderQuorumSecret,
  renderSuperUserSecret,
  SUPER_SECRET_DIGEST_KEY,
  SUPER_SECRET_PASSWORD_KEY,
} from './secret.ts';
