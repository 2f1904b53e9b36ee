/** zkop's credentials for a local ensemble: its super user, whose password is in state.json. */
import { SUPER_USER } from '../../../config/super-digest.ts';
import type { AdminAuth } from '../../../zk/admin-data.ts';
import type { SaslCredentials } from '../../../zk/sasl-digest.ts';
import type { LocalState } from './state.ts';

export const superAuth = (state: LocalState): AdminAuth => ({
  scheme: 'digest',
  user: SUPER_USER,
  password: state.superPassword,
});

/**
 * zkop's SASL identity where the members refuse clients that do not authenticate with SASL (the
 * super user is a SASL user of theirs too, `superUser`), as client options; none while clients need
 * no SASL.
 */
export const superSasl = (state: LocalState): { sasl?: SaslCredentials } =>
  state.spec.auth?.client?.sasl === true
    ? { sasl: { username: SUPER_USER, password: state.superPassword } }
    : {};
