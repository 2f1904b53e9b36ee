import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { test } from 'node:test';
import { memberCertificateProblem } from './check.ts';
import {
  issueClientCertificate,
  issueMemberCertificate,
  type KeyAndCertificate,
  newCertificateAuthority,
} from './ensemble-pki.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const NAMES = {
  dnsNames: ['zk-0.demo.svc.cluster.local', 'zk-1.demo.svc.cluster.local'],
  ipAddresses: ['127.0.0.1'],
};
const ca = newCertificateAuthority('zk', NOW);
const member = issueMemberCertificate({ ensemble: 'zk', ca }, 'zk', NAMES, NOW);
const files = (pair: KeyAndCertificate, authority = ca) => ({
  certificate: pair.certificate,
  privateKey: pair.privateKey,
  ca: authority.certificate,
});

test('a member certificate of the CA, with its key, naming every member, in its validity: no problem', () => {
  assert.equal(memberCertificateProblem(files(member), NAMES, NOW), undefined);
  const wildcard = issueMemberCertificate(
    { ensemble: 'zk', ca },
    'zk',
    { dnsNames: ['*.demo.svc.cluster.local'], ipAddresses: ['127.0.0.1'] },
    NOW,
  );
  assert.equal(memberCertificateProblem(files(wildcard), NAMES, NOW), undefined);
});

test('each way a certificate cannot serve members is named', () => {
  const other = newCertificateAuthority('other', NOW);
  const sec1 = createPrivateKey(member.privateKey).export({ type: 'sec1', format: 'pem' }).toString();
  const cases: [string, Parameters<typeof memberCertificateProblem>, RegExp][] = [
    ['no certificate', [{ ...files(member), certificate: 'junk' }, NAMES, NOW], /tls\.crt holds no PEM/],
    ['no CA', [{ ...files(member), ca: '' }, NAMES, NOW], /ca\.crt holds no PEM/],
    [
      'another key',
      [{ ...files(member), privateKey: ca.privateKey }, NAMES, NOW],
      /not the key of the certificate/,
    ],
    ['an EC key ZooKeeper cannot read', [{ ...files(member), privateKey: sec1 }, NAMES, NOW], /PKCS#8/],
    ['another CA', [files(member, other), NAMES, NOW], /not signed by the CA in ca\.crt/],
    ['expired', [files(member), NAMES, new Date('2027-01-01T00:00:00Z')], /expired at/],
    ['not valid yet', [files(member), NAMES, new Date('2026-01-01T00:00:00Z')], /not valid before/],
    [
      'a name missing',
      [files(member), { ...NAMES, dnsNames: [...NAMES.dnsNames, 'zk-2.demo.svc.cluster.local'] }, NOW],
      /does not name zk-2\.demo\.svc\.cluster\.local/,
    ],
    [
      'client use only',
      [
        files(issueClientCertificate({ ensemble: 'zk', ca }, 'app', NOW)),
        { dnsNames: [], ipAddresses: [] },
        NOW,
      ],
      /both server and client authentication/,
    ],
  ];
  for (const [what, args, problem] of cases)
    assert.match(memberCertificateProblem(...args) ?? '', problem, what);
});
