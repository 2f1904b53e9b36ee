/**
 * The super user Secret. The controller creates it with a random password (randomness is not pure, so
 * the password is an argument here); the pods read only the digest, the operator only the password.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { superDigest } from '../../../config/super-digest.ts';
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';

export const SUPER_SECRET_PASSWORD_KEY = 'password';
export const SUPER_SECRET_DIGEST_KEY = 'digest';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

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
