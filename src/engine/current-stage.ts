/** The stages of this moment of the changes made one stage per roll. Pure. */
import { quorumSaslTarget } from './quorum-sasl.ts';
import { quorumTlsTarget } from './quorum-tls.ts';
import type { Desired, Observation } from './types.ts';

/** `desired` with the stages of this moment in place of the final ones: what rolls and starts aim at. */
export function atCurrentStage(desired: Desired, observation: Observation): Desired {
  return {
    ...desired,
    quorumTls: quorumTlsTarget(desired, observation.members),
    quorumSasl: quorumSaslTarget(desired, observation.members),
  };
}
