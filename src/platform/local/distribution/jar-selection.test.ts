import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mavenFailureSummary, selectJars } from './jar-selection.ts';

test('keeps plain jars and linux-x86_64 natives, drops other platforms, sorts', () => {
  const names = [
    'zookeeper-3.9.4.jar',
    'netty-tcnative-boringssl-static-2.0.70.Final-linux-aarch_64.jar',
    'netty-tcnative-boringssl-static-2.0.70.Final-linux-x86_64.jar',
    'netty-tcnative-boringssl-static-2.0.70.Final-osx-x86_64.jar',
    'netty-tcnative-boringssl-static-2.0.70.Final-windows-x86_64.jar',
    'netty-tcnative-boringssl-static-2.0.70.Final.jar',
    'audience-annotations-0.12.0.jar',
    'README.txt',
  ];
  assert.deepEqual(selectJars(names), [
    'audience-annotations-0.12.0.jar',
    'netty-tcnative-boringssl-static-2.0.70.Final-linux-x86_64.jar',
    'netty-tcnative-boringssl-static-2.0.70.Final.jar',
    'zookeeper-3.9.4.jar',
  ]);
});

test("Maven's failure is reduced to what went wrong, without repository addresses", () => {
  const output = [
    '[ERROR] Failed to execute goal on project zookeeper-runtime: Could not resolve dependencies: ' +
      'Could not find artifact org.apache.zookeeper:zookeeper-prometheus-metrics:jar:3.8.6 in central (https://repo.example/maven2) -> [Help 1]',
    '[ERROR] ',
    '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.',
    '[ERROR] [Help 1] http://help.example/DependencyResolutionException',
  ].join('\n');
  const summary = mavenFailureSummary(output);
  assert.equal(
    summary,
    'Failed to execute goal on project zookeeper-runtime: Could not resolve dependencies: ' +
      'Could not find artifact org.apache.zookeeper:zookeeper-prometheus-metrics:jar:3.8.6 in central',
  );
  assert.doesNotMatch(summary, /:\/\//);
});

test('without [ERROR] lines the last lines are kept', () => {
  assert.equal(mavenFailureSummary('a\nb\nfailed\n'), 'a\nb\nfailed');
});
