/**
 * The test cluster itself, end to end: brought up with up.sh (three nodes), checked the way
 * zkop's e2e tests will use it, torn down with down.sh. Needs root; the first run builds
 * Kubernetes (minutes), later runs start in seconds.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { clusterDown, clusterUp, kubectl, kubectlOk, root, script, waitFor } from './cluster.ts';

const ns = 'cluster-smoke';

/** Runs a shell command in a pod of the smoke namespace. */
function inPod(pod: string, command: string): string {
  return kubectlOk(['-n', ns, 'exec', pod, '--', 'sh', '-c', command]);
}

const httpCommand = (host: string, port: number) =>
  `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${host} ${port} | tail -n 1`;

function httpGet(pod: string, host: string, port: number): string {
  return inPod(pod, httpCommand(host, port)).trim();
}

const restrictedPodSpec = `
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: zkop.test/tools:1
          imagePullPolicy: Never
          command: [sh, -c, 'echo "hello from $(hostname)" > /tmp/index.html && exec httpd -f -p 8080 -h /tmp']
          ports: [{containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}`;

before(() => {
  process.env.ZKOP_CLUSTER_NODES = '3';
  clusterUp();
  script('image-tools.sh');
  script('load-image.sh', join(root, '.cache', 'cluster', 'images', 'tools.tar'));
  kubectlOk(['create', 'namespace', ns]);
  kubectlOk(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
});

after(() => {
  if (process.env.ZKOP_CLUSTER_KEEP === '1') kubectlOk(['delete', 'namespace', ns, '--wait=false']);
  clusterDown();
});

test('the apiserver is ready and reports the pinned version to kubectl', () => {
  assert.equal(kubectlOk(['get', '--raw', '/readyz']), 'ok');
  const version = JSON.parse(kubectlOk(['version', '-o', 'json']));
  assert.equal(version.clientVersion.gitVersion, 'v1.34.4');
  assert.equal(version.serverVersion.gitVersion, 'v1.34.4');
});

test('three nodes are Ready', () => {
  const nodes = JSON.parse(kubectlOk(['get', 'nodes', '-o', 'json'])).items as {
    metadata: { name: string };
    status: { conditions: { type: string; status: string }[] };
  }[];
  assert.deepEqual(nodes.map((n) => n.metadata.name).sort(), ['node-1', 'node-2', 'node-3']);
  for (const node of nodes) {
    const ready = node.status.conditions.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'True', `${node.metadata.name} is not Ready`);
  }
});

test('PodSecurity restricted rejects a privileged pod', () => {
  const result = kubectl(
    ['apply', '-f', '-'],
    `apiVersion: v1
kind: Pod
metadata: {name: privileged, namespace: ${ns}}
spec:
  containers:
    - {name: c, image: zkop.test/tools:1, securityContext: {privileged: true}}
`,
  );
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /violates PodSecurity "restricted:latest": privileged/);
});

test('a StatefulSet spreads one pod per node; pods reach each other by DNS name across nodes', async () => {
  kubectlOk(
    ['apply', '-f', '-'],
    `apiVersion: v1
kind: Service
metadata: {name: web-hs, namespace: ${ns}}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: ${ns}}
spec:
  serviceName: web-hs
  replicas: 3
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: web}}
              topologyKey: kubernetes.io/hostname${restrictedPodSpec}
`,
  );
  kubectlOk(['-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=120s']);
  const pods = JSON.parse(kubectlOk(['-n', ns, 'get', 'pods', '-l', 'app=web', '-o', 'json'])).items as {
    metadata: { name: string };
    spec: { nodeName: string };
  }[];
  assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), ['node-1', 'node-2', 'node-3']);

  // A pod's name is published once its endpoint is, and its server listens a moment after it runs.
  for (const target of ['web-1', 'web-2']) {
    const fqdn = `${target}.web-hs.${ns}.svc.cluster.local`;
    await waitFor(`${fqdn} to resolve from web-0`, 30_000, () => {
      const answer = kubectl(['-n', ns, 'exec', 'web-0', '--', 'sh', '-c', `nslookup ${fqdn}`]);
      return /Address: 10\.244\.\d+\.\d+/.test(answer.stdout) ? answer.stdout : undefined;
    });
    await waitFor(`${target} to answer web-0 by its name`, 30_000, () => {
      const answer = kubectl(['-n', ns, 'exec', 'web-0', '--', 'sh', '-c', httpCommand(fqdn, 8080)]);
      return answer.stdout.trim() === `hello from ${target}` ? answer.stdout : undefined;
    });
  }
});

test('a ClusterIP Service balances over the pods through kube-proxy', () => {
  const answers = new Set<string>();
  for (let i = 0; i < 15; i++) answers.add(httpGet('web-0', `web.${ns}.svc.cluster.local`, 80));
  assert.ok(answers.size >= 2, `one pod answered every request: ${[...answers].join(', ')}`);
  for (const answer of answers) assert.match(answer, /^hello from web-[0-2]$/);
});

test('the default StorageClass provisions a volume that keeps its data, grows and is deleted', () => {
  const pod = (command: string) => `apiVersion: v1
kind: Pod
metadata: {name: writer, namespace: ${ns}}
spec:
  terminationGracePeriodSeconds: 1
  securityContext: {runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: c
      image: zkop.test/tools:1
      imagePullPolicy: Never
      command: [sh, -c, '${command}']
      volumeMounts: [{name: data, mountPath: /data}]
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
`;
  kubectlOk(
    ['apply', '-f', '-'],
    `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: ${ns}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`,
  );
  kubectlOk(['apply', '-f', '-'], pod('echo kept > /data/file && sleep 3600'));
  kubectlOk(['-n', ns, 'wait', '--for=condition=Ready', 'pod/writer', '--timeout=60s']);
  kubectlOk(['-n', ns, 'delete', 'pod', 'writer']);
  kubectlOk(['apply', '-f', '-'], pod('sleep 3600'));
  kubectlOk(['-n', ns, 'wait', '--for=condition=Ready', 'pod/writer', '--timeout=60s']);
  assert.equal(inPod('writer', 'cat /data/file').trim(), 'kept');

  kubectlOk([
    '-n',
    ns,
    'patch',
    'pvc',
    'data',
    '-p',
    '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}',
  ]);
  kubectlOk(['-n', ns, 'wait', '--for=jsonpath={.status.capacity.storage}=2Gi', 'pvc/data', '--timeout=30s']);

  const volume = kubectlOk(['-n', ns, 'get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}']);
  kubectlOk(['-n', ns, 'delete', 'pod', 'writer']);
  kubectlOk(['-n', ns, 'delete', 'pvc', 'data']);
  kubectlOk(['wait', '--for=delete', `pv/${volume}`, '--timeout=30s']);
});

test('a stopped node turns NotReady, and Ready again once started', () => {
  const readyOf = (node: string) =>
    kubectlOk(['get', 'node', node, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
  script('node.sh', 'stop', 'node-2');
  kubectlOk(['wait', '--for=condition=Ready=Unknown', 'node/node-2', '--timeout=120s']);
  assert.equal(readyOf('node-1'), 'True');
  script('node.sh', 'start', 'node-2');
  assert.equal(readyOf('node-2'), 'True');
});
