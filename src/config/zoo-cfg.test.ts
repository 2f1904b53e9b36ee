import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyDefaults } from '../api/defaults.ts';
import type { ZooKeeperSpec } from '../api/spec.ts';
import { findVersion, type VersionInfo } from '../api/versions.ts';
import type { QuorumTlsStage } from './quorum-tls-stage.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';
import { renderZooCfg, zooCfgEntries } from './zoo-cfg.ts';

const base = GOLDEN_CASES['defaults-3.9.4'];
const v394 = findVersion('3.9.4') as VersionInfo;
const v380 = findVersion('3.8.0') as VersionInfo;

const v383 = findVersion('3.8.3') as VersionInfo;

const entries = (spec: Partial<ZooKeeperSpec>, features = v394, quorumTls?: QuorumTlsStage) =>
  new Map(
    zooCfgEntries({
      spec: applyDefaults({ version: features.version, ...spec }),
      features,
      self: base?.self ?? assert.fail(),
      ...(quorumTls ? { quorumTls } : {}),
    }),
  );

const QUORUM_ON = { tls: { quorum: { enabled: true } } };

describe('zoo.cfg', () => {
  test('reconfiguration on, standalone off, 4lw limited, never skipACL', () => {
    const cfg = entries({});
    assert.equal(cfg.get('reconfigEnabled'), 'true');
    assert.equal(cfg.get('standaloneEnabled'), 'false');
    assert.equal(cfg.get('4lw.commands.whitelist'), 'conf,isro,mntr,ruok,srvr');
    assert.equal(cfg.has('skipACL'), false);
  });
  test('membership is only in the dynamic config', () => {
    const cfg = entries({});
    assert.equal([...cfg.keys()].filter((k) => k.startsWith('server.') || k === 'clientPort').length, 0);
  });
  test('Prometheus provider only when the version has it and monitoring.metrics is on', () => {
    assert.equal(entries({}).has('metricsProvider.className'), true);
    assert.equal(
      entries({ monitoring: { metrics: false, serviceMonitor: false, prometheusRule: false } }).has(
        'metricsProvider.className',
      ),
      false,
    );
    assert.equal(entries({}, v380).has('metricsProvider.className'), false);
  });
  test('extra keys pass through, sorted, after zkop keys', () => {
    const keys = [...entries({ config: { extra: { snapCount: '1000', fsync: 'x' } } }).keys()];
    assert.deepEqual(keys.slice(-2), ['fsync', 'snapCount']);
  });
  test('owned keys and multi-line values in extra are refused', () => {
    assert.throws(() => entries({ config: { extra: { skipACL: 'yes' } } }), /'skipACL' is set by zkop/);
    assert.throws(() => entries({ config: { extra: { 'admin.serverPort': '1' } } }), /set by zkop/);
    assert.throws(() => entries({ config: { extra: { snapCount: '1\nskipACL=yes' } } }), /single line/);
  });
  test('one key=value per line under a header', () => {
    const text = renderZooCfg({
      spec: applyDefaults({ version: '3.9.4' }),
      features: v394,
      self: base?.self ?? assert.fail(),
    });
    const lines = text.trim().split('\n');
    assert.match(lines[0] ?? '', /^# /);
    for (const line of lines.slice(1)) assert.match(line, /^[^=\s]+=.*$/);
  });
});

describe('zoo.cfg with TLS', () => {
  test('without TLS: no Netty factory, no stores, no secure port', () => {
    const keys = [...entries({}).keys()];
    assert.deepEqual(
      keys.filter((k) => /ssl|secure|Netty|forceHttps|portUnification|serverCnxnFactory/i.test(k)),
      [],
    );
  });
  test('client TLS: Netty, the secure port on the bind address, PEM stores, clientAuth, reload where it exists', () => {
    const cfg = entries({ tls: { client: { enabled: true, clientAuth: 'want' } } });
    assert.equal(cfg.get('serverCnxnFactory'), 'org.apache.zookeeper.server.NettyServerCnxnFactory');
    assert.equal(cfg.get('secureClientPort'), String(base?.self.tls?.secureClientPort));
    assert.equal(cfg.get('secureClientPortAddress'), '127.0.0.1');
    assert.equal(cfg.get('ssl.keyStore.type'), 'PEM');
    assert.equal(cfg.get('ssl.trustStore.type'), 'PEM');
    assert.equal(cfg.get('ssl.clientAuth'), 'want');
    assert.equal(cfg.get('client.certReload'), 'true');
    assert.equal(
      entries({ version: '3.8.3', tls: { client: { enabled: true } } }, v383).has('client.certReload'),
      false,
    );
  });
  test('client TLS alone still gives the AdminServer HTTPS from the quorum stores, with the quorum plain', () => {
    const cfg = entries({ tls: { client: { enabled: true } } });
    assert.equal(cfg.get('admin.forceHttps'), 'true');
    assert.equal(cfg.get('ssl.quorum.keyStore.location'), base?.self.tls?.keyStore);
    assert.equal(cfg.has('sslQuorum'), false);
    assert.equal(cfg.has('portUnification'), false);
  });
  test('each quorum stage: portUnification with the stores, then sslQuorum, then TLS only', () => {
    const stage = (s: QuorumTlsStage) => {
      const cfg = entries(QUORUM_ON, v394, s);
      return [cfg.has('ssl.quorum.keyStore.location'), cfg.get('portUnification'), cfg.get('sslQuorum')];
    };
    assert.deepEqual(stage('plaintext'), [false, undefined, undefined]);
    assert.deepEqual(stage('accept-tls'), [true, 'true', undefined]);
    assert.deepEqual(stage('dial-tls'), [true, 'true', 'true']);
    assert.deepEqual(stage('tls'), [true, undefined, 'true']);
  });
  test('quorum TLS: hostnames verified, certificates reloaded, no secure client port without client TLS', () => {
    const cfg = entries(QUORUM_ON);
    assert.equal(cfg.get('ssl.quorum.hostnameVerification'), 'true');
    assert.equal(cfg.get('sslQuorumReloadCertFiles'), 'true');
    assert.equal(cfg.has('secureClientPort'), false);
    assert.equal(cfg.get('sslQuorum'), 'true');
  });
  test('where peers connect from addresses without their names (Kubernetes pods), only the names of peers dialled are checked, or none on 3.8', () => {
    const self = { ...(base?.self ?? assert.fail()), peerAddressesNamed: false };
    const verification = (version: string, features: VersionInfo) => {
      const spec = applyDefaults({ version, ...QUORUM_ON });
      const cfg = new Map(zooCfgEntries({ spec, features, self }));
      return [cfg.get('ssl.quorum.hostnameVerification'), cfg.get('ssl.quorum.clientHostnameVerification')];
    };
    assert.deepEqual(verification('3.9.4', v394), ['true', 'false']);
    assert.deepEqual(verification('3.8.3', v383), ['false', undefined]);
    assert.equal(entries(QUORUM_ON).has('ssl.quorum.clientHostnameVerification'), false);
  });
  test('a member using TLS without certificate files is an error', () => {
    const self = { ...(base?.self ?? assert.fail()), tls: undefined };
    assert.throws(
      () => zooCfgEntries({ spec: applyDefaults({ version: '3.9.4', ...QUORUM_ON }), features: v394, self }),
      /uses TLS but was given no certificate files/,
    );
  });
  test('portUnification and the TLS keys are refused in extra', () => {
    assert.throws(() => entries({ config: { extra: { portUnification: 'true' } } }), /set by zkop/);
  });
});
