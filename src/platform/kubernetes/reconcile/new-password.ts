/** A password zkop makes for a Secret of its own: random, unless the context gives one (tests). */
import { randomBytes } from 'node:crypto';
import type { ReconcileContext } from './context.ts';

export const newPassword = (ctx: Pick<ReconcileContext, 'newPassword'>): string =>
  ctx.newPassword?.() ?? randomBytes(24).toString('base64url');
