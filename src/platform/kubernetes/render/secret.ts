/**
 * The super user Secret and the quorum Secret. The controller creates each with a random password
 * (randomness is not pure, so the password is an argument here). Of the super user's, the pods read
 * only the digest, the operator only the password; the quorum password reaches the pods only through
 * the JAAS file (jaas.ts).
 */
import type { V1Secret } from '@kubernetes/client-node';
import { superDigest } from '../../../config/super-digest.ts';
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';

export const SUPER_SECRET_PASSWORD_KEY = 'password';
export const SUPER_SECRET_DIGEST_KEY = 'digest';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export const QUORUM_SECRET_PASSWORD_KEY = 'password';

export function renderQuorumSecret(ctx: RenderContext, password: string): V1Secret {
  if (password.length === 0) throw new Error('the quorum password must not be empty');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(ctx, ctx.names.quorumSecret, 'auth'),
    type: 'Opaque',
    data: { [QUORUM_SECRET_PASSWORD_KEY]: base64(password) },
  };
}

export function renderSuperUserSecret(ctx: RenderContext, password: string): V1Secret {
  if (password.length === 0) throw new Error('the super user password must not be empty');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(ctx, ctx.superPasswordSecretName, 'auth'),
    type: 'Opaque',
    data: {
      [SUPER_SECRET_DIGEST_KEY]: base64(superDigest(password)),
      [SUPER_SECRET_PASSWORD_KEY]: base64(password),
    },
  };
}
