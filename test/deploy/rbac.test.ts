import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controllerAccess } from './controller-access.ts';
import { accessOfRules, asRecord, readManifests, rulesOf, splitAccess } from './manifests.ts';

describe('RBAC of deploy/operator', () => {
  const needed = splitAccess(controllerAccess());

  it('derives the access of the controller from its code', () => {
    const access = asRecord(controllerAccess());
    assert.deepEqual(access['zookeeper.zkop.dev/zookeepers/status'], ['patch']);
    assert.deepEqual(access['coordination.k8s.io/leases'], ['create', 'get', 'update']);
    assert.deepEqual(access['/pods'], ['delete', 'list', 'patch', 'watch']);
    assert.deepEqual(access['storage.k8s.io/storageclasses'], ['get']);
  });

  it('a ClusterRole both variants share grants the cluster-scoped reads, and nothing else', () => {
    const rules = rulesOf(
      readManifests('operator/common/cluster-reader-role.yaml'),
      'ClusterRole',
      'zkop-operator-cluster-reader',
    );
    assert.deepEqual(asRecord(accessOfRules(rules)), asRecord(needed.cluster));
    const [binding] = readManifests('operator/common/cluster-reader-role-binding.yaml');
    assert.deepEqual(binding?.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'zkop-operator-cluster-reader',
    });
  });

  it('the cluster-wide ClusterRole grants exactly what the controller needs outside leader election', () => {
    const rules = rulesOf(
      readManifests('operator/cluster-wide/cluster-role.yaml'),
      'ClusterRole',
      'zkop-operator',
    );
    assert.deepEqual(asRecord(accessOfRules(rules)), asRecord(needed.rest));
  });

  it('the namespaced Role grants the same in the watched namespace', () => {
    const rules = rulesOf(
      readManifests('operator/namespaced/role.yaml'),
      'Role',
      'zkop-operator',
      'zookeeper',
    );
    assert.deepEqual(asRecord(accessOfRules(rules)), asRecord(needed.rest));
  });

  it("the leader election Role grants exactly the Lease access, in the operator's namespace", () => {
    const rules = rulesOf(
      readManifests('operator/common/leader-election-role.yaml'),
      'Role',
      'zkop-operator-leader-election',
      'zkop-system',
    );
    assert.deepEqual(asRecord(accessOfRules(rules)), asRecord(needed.leases));
  });

  it("the bindings give the roles to the operator's service account", () => {
    for (const file of [
      'operator/cluster-wide/cluster-role-binding.yaml',
      'operator/namespaced/role-binding.yaml',
      'operator/common/leader-election-role-binding.yaml',
      'operator/common/cluster-reader-role-binding.yaml',
    ]) {
      const [binding] = readManifests(file);
      assert.deepEqual(binding?.subjects, [
        { kind: 'ServiceAccount', name: 'zkop-operator', namespace: 'zkop-system' },
      ]);
    }
  });
});
