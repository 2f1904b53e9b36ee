/** Unit tests of tlsConnectionOptions: always verified, SNI for names only, the name to check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeerCertificate } from 'node:tls';
import { hostHeader, tlsConnectionOptions } from './tls-options.ts';

const cert = (san: string) => ({ subject: { CN: 'x' }, subjectaltname: san }) as unknown as PeerCertificate;

describe('tlsConnectionOptions', () => {
  it('verifies the host dialled by default, with SNI for a name and none for an IP', () => {
    const byName = tlsConnectionOptions({ ca: 'CA' }, { host: 'zk-0.zk', port: 2182 });
    assert.equal(byName.rejectUnauthorized, true);
    assert.equal(byName.servername, 'zk-0.zk');
    assert.equal(byName.checkServerIdentity?.('ignored', cert('DNS:zk-0.zk')), undefined);
    assert.ok(byName.checkServerIdentity?.('ignored', cert('DNS:other')) instanceof Error);
    const byIp = tlsConnectionOptions({ ca: 'CA' }, { host: '127.0.0.1', port: 2182 });
    assert.equal(byIp.servername, undefined);
    assert.equal(byIp.checkServerIdentity?.('ignored', cert('IP Address:127.0.0.1')), undefined);
  });

  it('checks the server name given instead of the host dialled', () => {
    const o = tlsConnectionOptions({ ca: 'CA', serverName: 'zk.svc' }, { host: '10.0.0.7', port: 2182 });
    assert.equal(o.servername, 'zk.svc');
    assert.equal(o.checkServerIdentity?.('10.0.0.7', cert('DNS:zk.svc')), undefined);
    assert.ok(o.checkServerIdentity?.('10.0.0.7', cert('IP Address:10.0.0.7')) instanceof Error);
  });

  it('passes a client certificate and key together, and refuses one without the other', () => {
    const o = tlsConnectionOptions({ ca: 'CA', cert: 'C', key: 'K' }, { host: 'h', port: 1 });
    assert.deepEqual([o.ca, o.cert, o.key], ['CA', 'C', 'K']);
    assert.throws(() => tlsConnectionOptions({ ca: 'CA', cert: 'C' }, { host: 'h', port: 1 }), /go together/);
  });
});

describe('hostHeader', () => {
  it('names the server name given, so that an HTTPS server checking Host against its certificate accepts it', () => {
    assert.deepEqual(
      hostHeader({ ca: 'CA', serverName: 'zk-0.demo.svc' }, { host: '10.0.0.7', port: 8080 }),
      {
        Host: 'zk-0.demo.svc:8080',
      },
    );
    assert.deepEqual(hostHeader({ ca: 'CA' }, { host: 'zk-0.demo.svc', port: 8080 }), {});
  });
});
