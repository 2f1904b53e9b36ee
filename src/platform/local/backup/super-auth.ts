/** The AdminServer credentials of a local ensemble: its super user, whose password is in state.json. */
import { SUPER_USER } from '../../../config/super-digest.ts';
import type { AdminAuth } from '../../../zk/admin-data.ts';
import type { LocalState } from '../state/state.ts';

export const superAuth = (state: LocalState): AdminAuth => ({
  scheme: 'digest',
  user: SUPER_USER,
  password: state.superPassword,
});
