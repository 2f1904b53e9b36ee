/**
 * The Prometheus stack on the test cluster, as users run it: the Prometheus Operator (built from its
 * module by scripts/prometheus-operator.sh) as a Deployment with the RBAC its release ships, and a
 * Prometheus (the CR) of Debian's prometheus server, both from images test/cluster/image-prometheus.sh
 * builds and loads into the nodes; its HTTP API read at its pod's address, which this machine routes
 * to (docs/adr/0124-prometheus-on-the-test-cluster.md).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { kubectl, kubectlOk, root, run, script, waitFor } from '../cluster/cluster.ts';
import { podAddress } from './operator-install.ts';

/** What image-prometheus.sh built and where: the CRDs' directory and the three image references. */
export interface PrometheusImages {
  readonly crdDir: string;
  readonly operator: string;
  readonly reloader: string;
  readonly prometheus: string;
  readonly prometheusVersion: string;
}

export const PROMETHEUS = 'zkop-e2e';
const OPERATOR = 'prometheus-operator';
const SERVER_ACCOUNT = 'prometheus';

/** Builds (first use only) and loads the stack's images; the CRDs lie beside the operator's binary. */
export function loadPrometheusImages(): PrometheusImages {
  const archives = script('image-prometheus.sh').trim().split('\n');
  script('load-image.sh', ...archives);
  const names = archives.map(imageName);
  const ref = (name: string) => {
    const found = names.find((n) => n.startsWith(`zkop.test/${name}:`));
    assert.ok(found, `image-prometheus.sh built no ${name} image: ${names.join(', ')}`);
    return found;
  };
  const operatorDir = run('bash', [join(root, 'scripts', 'prometheus-operator.sh')]).stdout.trim();
  const prometheus = ref('prometheus');
  return {
    crdDir: join(operatorDir, 'crds'),
    operator: ref('prometheus-operator'),
    reloader: ref('prometheus-config-reloader'),
    prometheus,
    prometheusVersion: prometheus.split(':').at(-1) ?? '',
  };
}

/** The image name an archive of oci-image.sh carries (the containerd name in its index). */
function imageName(archive: string): string {
  const index = run('tar', ['-xOf', archive, 'index.json']).stdout;
  const name = /"io\.containerd\.image\.name":"([^"]+)"/.exec(index)?.[1];
  assert.ok(name, `${archive} names no image`);
  return name.replace(/^docker\.io\/library\//, '');
}

/** Installs the CRDs the cluster does not serve yet; the names of those it installed. */
export function installCrds(crdDir: string): string[] {
  const installed: string[] = [];
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml'))) {
    const crd = file.replace(/\.yaml$/, '').replace(/^([^_]+)_(.+)$/, '$2.$1');
    if (kubectl(['get', 'crd', crd]).code === 0) continue;
    kubectlOk(['apply', '--server-side', '-f', join(crdDir, file)]);
    installed.push(crd);
  }
  if (installed.length > 0) {
    kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', ...installed.map((c) => `crd/${c}`)]);
  }
  return installed;
}

const apply = (objects: unknown[]) =>
  kubectlOk(
    ['apply', '--server-side', '--field-manager=e2e', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );

const clusterRole = (name: string, rules: unknown[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name },
  rules,
});

const boundTo = (name: string, namespace: string, account: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
  subjects: [{ kind: 'ServiceAccount', name: account, namespace }],
});

const serviceAccount = (name: string, namespace: string) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace },
});

/** Cluster-wide names of the RBAC objects, per monitoring namespace so runs do not share them. */
export const clusterRoleNames = (namespace: string) =>
  [`${namespace}-${OPERATOR}`, `${namespace}-prometheus`] as const;

/** The operator's RBAC as its release ships it (example/rbac/prometheus-operator), minus Alertmanager and Thanos. */
const OPERATOR_RULES = [
  {
    apiGroups: ['monitoring.coreos.com'],
    resources: [
      'prometheuses',
      'prometheuses/finalizers',
      'prometheuses/status',
      'servicemonitors',
      'servicemonitors/status',
      'podmonitors',
      'probes',
      'prometheusrules',
    ],
    verbs: ['*'],
  },
  { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['*'] },
  { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['*'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
  {
    apiGroups: [''],
    resources: ['services', 'services/finalizers'],
    verbs: ['get', 'create', 'update', 'delete'],
  },
  { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['events'], verbs: ['patch', 'create'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get'] },
  { apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'create', 'update', 'delete'] },
];

/** Prometheus's own (example/rbac/prometheus). */
const PROMETHEUS_RULES = [
  {
    apiGroups: [''],
    resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'],
    verbs: ['get', 'list', 'watch'],
  },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { nonResourceURLs: ['/metrics'], verbs: ['get'] },
];

const RESTRICTED = {
  pod: {
    runAsNonRoot: true,
    runAsUser: 65534,
    runAsGroup: 65534,
    fsGroup: 65534,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  container: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
  },
};

/** The Prometheus Operator in `namespace`, watching every namespace; returns once it is available. */
export function installPrometheusOperator(namespace: string, images: PrometheusImages): void {
  const [operatorRole, prometheusRole] = clusterRoleNames(namespace);
  const labels = { 'app.kubernetes.io/name': OPERATOR };
  apply([
    serviceAccount(OPERATOR, namespace),
    clusterRole(operatorRole, OPERATOR_RULES),
    boundTo(operatorRole, namespace, OPERATOR),
    serviceAccount(SERVER_ACCOUNT, namespace),
    clusterRole(prometheusRole, PROMETHEUS_RULES),
    boundTo(prometheusRole, namespace, SERVER_ACCOUNT),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: OPERATOR, namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: OPERATOR,
            securityContext: RESTRICTED.pod,
            containers: [
              {
                name: OPERATOR,
                image: images.operator,
                imagePullPolicy: 'IfNotPresent',
                args: [`--prometheus-config-reloader=${images.reloader}`, '--log-level=info'],
                env: [{ name: 'GOGC', value: '30' }],
                ports: [{ name: 'http', containerPort: 8080 }],
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '200Mi' } },
                securityContext: RESTRICTED.container,
              },
            ],
          },
        },
      },
    },
  ]);
  kubectlOk(
    ['-n', namespace, 'rollout', 'status', `deployment/${OPERATOR}`, '--timeout=180s'],
    undefined,
    200_000,
  );
}

/**
 * A Prometheus (the CR) reading ServiceMonitors, PodMonitors and PrometheusRules of `watched`
 * namespaces, evaluating rules every 5 s so alerts follow the test's short `for:`; returns once its
 * pod is ready.
 */
export async function installPrometheus(
  namespace: string,
  images: PrometheusImages,
  watched: readonly string[],
): Promise<void> {
  const namespaces = {
    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...watched] }],
  };
  apply([
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: PROMETHEUS, namespace },
      spec: {
        image: images.prometheus,
        version: images.prometheusVersion,
        imagePullPolicy: 'IfNotPresent',
        replicas: 1,
        serviceAccountName: SERVER_ACCOUNT,
        serviceMonitorSelector: {},
        serviceMonitorNamespaceSelector: namespaces,
        podMonitorSelector: {},
        podMonitorNamespaceSelector: namespaces,
        ruleSelector: {},
        ruleNamespaceSelector: namespaces,
        evaluationInterval: '5s',
        securityContext: RESTRICTED.pod,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      },
    },
  ]);
  try {
    await waitFor(
      `prometheus-${PROMETHEUS}-0 to be ready`,
      240_000,
      () => {
        const ready = kubectl([
          '-n',
          namespace,
          'get',
          'pod',
          prometheusPod(),
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ]);
        return ready.stdout.trim() === 'True' ? true : undefined;
      },
      2000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${stackState(namespace)}`);
  }
}

/** What the Prometheus Operator's namespace shows: pods, the Prometheus pod's events and logs, the operator's log. */
function stackState(namespace: string): string {
  const show = (args: string[]) => {
    const r = kubectl(['-n', namespace, ...args]);
    return `$ kubectl ${args.join(' ')}\n${r.stdout}${r.stderr}`;
  };
  return [
    show(['get', 'pods,statefulsets', '-o', 'wide']),
    show(['describe', 'pod', prometheusPod()]),
    show(['logs', prometheusPod(), '--all-containers', '--tail=30']),
    show(['logs', `deployment/${OPERATOR}`, '--tail=30']),
  ].join('\n');
}

export const prometheusPod = () => `prometheus-${PROMETHEUS}-0`;

/** The base URL of Prometheus's HTTP API: its pod's address, which this machine routes to. */
export const prometheusUrl = (namespace: string) => `http://${podAddress(namespace, prometheusPod())}:9090`;
