import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import packageJson from '../../package.json' with { type: 'json' };
import { controllerAccess } from './controller-access.ts';
import { helm, renderChart } from './helm.ts';
import {
  accessOfRules,
  asRecord,
  CHART_DIR,
  IMAGE_NAME,
  type Manifest,
  operatorImage,
  readManifests,
  rulesOf,
  splitAccess,
} from './manifests.ts';

const CRD_NAME = 'zookeepers.zookeeper.zkop.dev';
const TENANT_CRD_NAME = 'zookeepertenants.zookeeper.zkop.dev';
const BACKUP_CRD_NAME = 'zookeeperbackups.zookeeper.zkop.dev';
const SCHEDULE_CRD_NAME = 'zookeeperbackupschedules.zookeeper.zkop.dev';
const needed = splitAccess(controllerAccess());

const ofKind = (manifests: readonly Manifest[], kind: string): Manifest[] =>
  manifests.filter((m) => m.kind === kind);

function operatorArgs(manifests: readonly Manifest[]): string[] {
  const [deployment] = ofKind(manifests, 'Deployment');
  const spec = deployment?.spec as { template: { spec: { containers: { args: string[] }[] } } } | undefined;
  return spec?.template.spec.containers[0]?.args ?? [];
}

describe('the Helm chart', () => {
  let defaults: Manifest[] = [];

  before(async () => {
    defaults = await renderChart();
  });

  it('passes helm lint, with default values, with watched namespaces and with monitoring', async () => {
    const monitoring = [
      'metrics.serviceMonitor.enabled=true',
      'metrics.prometheusRule.enabled=true',
      'grafanaDashboard.enabled=true',
    ];
    for (const set of [[], ['watchNamespaces={a,b}'], monitoring]) {
      const result = await helm(['lint', '--strict', CHART_DIR, ...set.flatMap((s) => ['--set', s])]);
      assert.ok(result.ok, `helm lint ${set.join(' ')}: ${result.stdout}${result.stderr}`);
    }
  });

  it('renders the operator, its service account, RBAC, metrics Service and CRD by default', () => {
    const kinds = defaults.map((m) => `${m.kind}/${m.metadata?.name}`).sort();
    assert.deepEqual(kinds, [
      'ClusterRole/zkop',
      'ClusterRole/zkop-cluster-reader',
      'ClusterRoleBinding/zkop',
      'ClusterRoleBinding/zkop-cluster-reader',
      `CustomResourceDefinition/${BACKUP_CRD_NAME}`,
      `CustomResourceDefinition/${SCHEDULE_CRD_NAME}`,
      `CustomResourceDefinition/${CRD_NAME}`,
      `CustomResourceDefinition/${TENANT_CRD_NAME}`,
      'Deployment/zkop',
      'Role/zkop-leader-election',
      'RoleBinding/zkop-leader-election',
      'Service/zkop-metrics',
      'ServiceAccount/zkop',
      'ValidatingAdmissionPolicy/zkop-do-not-terminate',
      'ValidatingAdmissionPolicyBinding/zkop-do-not-terminate',
    ]);
    assert.deepEqual(operatorArgs(defaults).slice(0, 2), ['operator', '--in-cluster']);
  });

  it('runs the operator image `npm run image` builds by default, or the one values name', async () => {
    assert.equal(operatorImage(defaults), `${IMAGE_NAME}:${packageJson.version}`);
    const mirrored = await renderChart([
      'image.repository=registry.example/zkop/operator',
      'image.tag=1.2.3',
    ]);
    assert.equal(operatorImage(mirrored), 'registry.example/zkop/operator:1.2.3');
  });

  it('grants cluster-wide exactly the access the controller needs, and Leases in its own namespace', () => {
    assert.deepEqual(
      asRecord(accessOfRules(rulesOf(defaults, 'ClusterRole', 'zkop'))),
      asRecord(needed.rest),
    );
    const leases = rulesOf(defaults, 'Role', 'zkop-leader-election', 'zkop-system');
    assert.deepEqual(asRecord(accessOfRules(leases)), asRecord(needed.leases));
    const reader = rulesOf(defaults, 'ClusterRole', 'zkop-cluster-reader');
    assert.deepEqual(asRecord(accessOfRules(reader)), asRecord(needed.cluster));
  });

  it('grants the same rules as the plain manifests of deploy/operator', () => {
    const plainCluster = rulesOf(
      readManifests('operator/cluster-wide/cluster-role.yaml'),
      'ClusterRole',
      'zkop-operator',
    );
    assert.deepEqual(rulesOf(defaults, 'ClusterRole', 'zkop'), plainCluster);
    const plainLeases = rulesOf(
      readManifests('operator/common/leader-election-role.yaml'),
      'Role',
      'zkop-operator-leader-election',
    );
    assert.deepEqual(rulesOf(defaults, 'Role', 'zkop-leader-election'), plainLeases);
    const plainReader = rulesOf(
      readManifests('operator/common/cluster-reader-role.yaml'),
      'ClusterRole',
      'zkop-operator-cluster-reader',
    );
    assert.deepEqual(rulesOf(defaults, 'ClusterRole', 'zkop-cluster-reader'), plainReader);
  });

  it('with watchNamespaces, grants Roles in each watched namespace and only the cluster-scoped reads cluster-wide', async () => {
    const rendered = await renderChart(['watchNamespaces={a,b}']);
    const names = (kind: string) => ofKind(rendered, kind).map((m) => m.metadata?.name);
    assert.deepEqual(names('ClusterRole'), ['zkop-cluster-reader']);
    assert.deepEqual(names('ClusterRoleBinding'), ['zkop-cluster-reader']);
    for (const ns of ['a', 'b']) {
      assert.deepEqual(asRecord(accessOfRules(rulesOf(rendered, 'Role', 'zkop', ns))), asRecord(needed.rest));
      const [binding] = ofKind(rendered, 'RoleBinding').filter((b) => b.metadata?.namespace === ns);
      assert.deepEqual(binding?.subjects, [
        { kind: 'ServiceAccount', name: 'zkop', namespace: 'zkop-system' },
      ]);
    }
    const args = operatorArgs(rendered);
    assert.ok(args.includes('--namespace=a') && args.includes('--namespace=b'), args.join(' '));
  });

  it('installs the generated CRDs unchanged but for the annotation that keeps them on uninstall', () => {
    const rendered = ofKind(defaults, 'CustomResourceDefinition');
    const files = [
      'zookeeper.zkop.dev_zookeepers.yaml',
      'zookeeper.zkop.dev_zookeepertenants.yaml',
      'zookeeper.zkop.dev_zookeeperbackups.yaml',
      'zookeeper.zkop.dev_zookeeperbackupschedules.yaml',
    ];
    assert.equal(rendered.length, files.length);
    files.forEach((file, i) => {
      const [generated] = readManifests(`crds/${file}`);
      const { annotations, ...metadata } = (rendered[i]?.metadata ?? {}) as Record<string, unknown>;
      assert.deepEqual(annotations, { 'helm.sh/resource-policy': 'keep' });
      assert.deepEqual({ ...rendered[i], metadata }, generated);
    });
  });

  it('refuses deleting a DoNotTerminate ZooKeeper by the same admission policy as deploy/operator, unless disabled', async () => {
    const plain = readManifests('operator/common/do-not-terminate-policy.yaml');
    for (const kind of ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']) {
      const [chart] = ofKind(defaults, kind);
      const [manifest] = ofKind(plain, kind);
      assert.ok(chart && manifest, kind);
      assert.deepEqual(chart.spec, manifest.spec, kind);
    }
    const [binding] = ofKind(defaults, 'ValidatingAdmissionPolicyBinding');
    assert.deepEqual(binding?.spec, { policyName: 'zkop-do-not-terminate', validationActions: ['Deny'] });
    const disabled = await renderChart(['doNotTerminatePolicy.enabled=false']);
    assert.deepEqual(ofKind(disabled, 'ValidatingAdmissionPolicy'), []);
    assert.deepEqual(ofKind(disabled, 'ValidatingAdmissionPolicyBinding'), []);
  });

  it('leaves the CRD out with crds.install=false', async () => {
    assert.deepEqual(ofKind(await renderChart(['crds.install=false']), 'CustomResourceDefinition'), []);
  });

  it('runs a single replica without leader election, and refuses two', async () => {
    const single = await renderChart(['leaderElection.enabled=false', 'replicaCount=1']);
    assert.ok(operatorArgs(single).includes('--no-leader-elect'));
    assert.deepEqual(ofKind(single, 'Role'), []);
    const refused = await helm(['template', 'zkop', CHART_DIR, '--set', 'leaderElection.enabled=false']);
    assert.equal(refused.ok, false);
    assert.match(refused.stderr, /replicaCount above 1 needs leaderElection.enabled/);
  });

  it('meets PodSecurity restricted and serves probes and metrics on its metrics port', async () => {
    const rendered = await renderChart(['metrics.port=9090', 'metrics.serviceMonitor.enabled=true']);
    const [deployment] = ofKind(rendered, 'Deployment');
    assert.ok(deployment, 'no Deployment rendered');
    const pod = (deployment.spec as { template: { spec: unknown } }).template.spec as {
      securityContext: Record<string, unknown>;
      containers: {
        securityContext: Record<string, unknown>;
        ports: { containerPort: number }[];
        livenessProbe: { httpGet: { path: string } };
        readinessProbe: { httpGet: { path: string } };
      }[];
    };
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    const container = pod.containers[0];
    assert.deepEqual(container?.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    assert.equal(container?.ports[0]?.containerPort, 9090);
    assert.equal(container?.livenessProbe.httpGet.path, '/healthz');
    assert.equal(container?.readinessProbe.httpGet.path, '/readyz');
    assert.ok(operatorArgs(rendered).includes('--metrics-address=0.0.0.0:9090'));
    const [monitor] = ofKind(rendered, 'ServiceMonitor');
    const spec = monitor?.spec as { endpoints: { port: string; honorLabels: boolean }[] } | undefined;
    const endpoints = spec?.endpoints ?? [];
    assert.deepEqual(
      endpoints.map((e) => [e.port, e.honorLabels]),
      [['metrics', true]],
      "the ensembles' namespace label is kept",
    );
  });
});
