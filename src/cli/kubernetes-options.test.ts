import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { kubernetesOptions, kubernetesTargetOf } from './kubernetes-options.ts';

function parse(args: string[]): Record<string, unknown> {
  const command = new Command('status').argument('[name]').exitOverride();
  for (const option of kubernetesOptions()) command.addOption(option);
  command.parse(args, { from: 'user' });
  return command.opts();
}

test('without any Kubernetes flag the command stays local', () => {
  assert.equal(kubernetesTargetOf(parse(['zk'])), undefined);
});

test('each Kubernetes flag alone selects Kubernetes', () => {
  assert.deepEqual(kubernetesTargetOf(parse(['zk', '-n', 'prod'])), { namespace: 'prod' });
  assert.deepEqual(kubernetesTargetOf(parse(['zk', '--namespace=prod'])), { namespace: 'prod' });
  assert.deepEqual(kubernetesTargetOf(parse(['--kubeconfig', '/k', 'zk'])), { kubeconfig: '/k' });
  assert.deepEqual(kubernetesTargetOf(parse(['zk', '--context', 'c1'])), { context: 'c1' });
  assert.deepEqual(kubernetesTargetOf(parse(['zk', '--kubernetes'])), {});
});

test('all flags together name namespace, kubeconfig and context', () => {
  assert.deepEqual(kubernetesTargetOf(parse(['zk', '-n', 'a', '--kubeconfig', '/k', '--context', 'c'])), {
    namespace: 'a',
    kubeconfig: '/k',
    context: 'c',
  });
});
