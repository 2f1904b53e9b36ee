import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proxyRefusal, srvrAnswer } from './proxy-answers.ts';

test("a refusal is said in the API server's words", () => {
  const forbidden = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message:
      'pods "zk-0" is forbidden: User "viewer" cannot get resource "pods/proxy" in the namespace "demo"',
    reason: 'Forbidden',
    code: 403,
  });
  assert.equal(
    proxyRefusal(403, forbidden),
    'refused by the API server (HTTP 403): pods "zk-0" is forbidden: User "viewer" cannot get resource "pods/proxy" in the namespace "demo"',
  );
  assert.equal(
    proxyRefusal(503, 'error trying to reach service: dial tcp 10.0.0.1:7000: connect: connection refused\n'),
    'the API server answered (HTTP 503): error trying to reach service: dial tcp 10.0.0.1:7000: connect: connection refused',
  );
  assert.equal(proxyRefusal(502, ''), 'the API server answered (HTTP 502)');
});

test("a member's srvr answer gives its role and zxid, every digit kept", () => {
  const text = `{
  "version" : "3.9.4-7246445ec281f3dbf53dc54e970c914f39713903, built on 2025-08-19 19:53 UTC",
  "read_only" : false,
  "server_stats" : { "server_state" : "leader", "last_processed_zxid" : 9007199254740993 },
  "node_count" : 5, "command" : "server_stats", "error" : null }`;
  assert.deepEqual(srvrAnswer(text), { role: 'leader', zxid: '0x20000000000001' });
});

test('a member that is not serving says so; an answer that is not JSON is named', () => {
  assert.deepEqual(
    srvrAnswer(
      '{"command":"server_stats","error":"This ZooKeeper instance is not currently serving requests"}',
    ),
    { problem: 'AdminServer: This ZooKeeper instance is not currently serving requests' },
  );
  assert.deepEqual(srvrAnswer('<html>'), { problem: 'the AdminServer answer is not JSON' });
});
