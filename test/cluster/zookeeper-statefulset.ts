/**
 * A plain ZooKeeper ensemble the way the Kubernetes ZooKeeper tutorial runs one (no operator): a
 * StatefulSet of the zookeeper image (image-zookeeper.sh) with a headless Service, a client Service
 * and a PodDisruptionBudget, RollingUpdate, under PodSecurity `restricted`, one pod per node while
 * there are nodes enough. The member list is static (ZOO_SERVERS): a change of replicas changes it
 * too, which rolls every member. Shared by the ZooKeeper smoke test and the peer benchmark.
 */

export interface StatefulSetOptions {
  readonly namespace: string;
  readonly replicas: number;
  readonly version: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly memoryLimit?: string;
  readonly heapMb?: number;
  /** Whether each member needs a node of its own (required) or only prefers one. */
  readonly spread?: 'required' | 'preferred';
}

/** The pods' DNS name through the headless Service. */
export const statefulSetDnsName = (namespace: string, pod: string) =>
  `${pod}.zk-hs.${namespace}.svc.cluster.local`;

export function zookeeperStatefulSet(o: StatefulSetOptions): string {
  const { namespace: ns } = o;
  const servers = Array.from(
    { length: o.replicas },
    (_, i) => `server.${i + 1}=${statefulSetDnsName(ns, `zk-${i}`)}:2888:3888;2181`,
  ).join(' ');
  const antiAffinity =
    (o.spread ?? 'required') === 'required'
      ? `requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: zk}}
              topologyKey: kubernetes.io/hostname`
      : `preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector: {matchLabels: {app: zk}}
                topologyKey: kubernetes.io/hostname`;
  return `apiVersion: v1
kind: Service
metadata: {name: zk-hs, namespace: ${ns}, labels: {app: zk}}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: {app: zk}
  ports: [{name: server, port: 2888}, {name: leader-election, port: 3888}]
---
apiVersion: v1
kind: Service
metadata: {name: zk-cs, namespace: ${ns}, labels: {app: zk}}
spec:
  selector: {app: zk}
  ports: [{name: client, port: 2181}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: zk-pdb, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: zk}}
  maxUnavailable: 1
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: zk, namespace: ${ns}}
spec:
  serviceName: zk-hs
  replicas: ${o.replicas}
  podManagementPolicy: Parallel
  updateStrategy: {type: RollingUpdate}
  selector: {matchLabels: {app: zk}}
  template:
    metadata: {labels: {app: zk}}
    spec:
      terminationGracePeriodSeconds: 10
      affinity:
        podAntiAffinity:
          ${antiAffinity}
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        runAsGroup: 1000
        fsGroup: 1000
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: zookeeper
          image: zookeeper:${o.version}
          imagePullPolicy: Never
          # The member id is the pod's ordinal + 1 ($$ keeps Kubernetes from expanding $( itself).
          command: [bash, -c, 'export ZOO_MY_ID=$$((\${HOSTNAME##*-} + 1)) && exec /docker-entrypoint.sh zkServer.sh start-foreground']
          env:
            - {name: ZOO_SERVERS, value: '${servers}'}
            - {name: ZOO_DATA_LOG_DIR, value: /data/log}
            - {name: ZOO_4LW_COMMANDS_WHITELIST, value: 'srvr,ruok'}
            - {name: ZOO_CFG_EXTRA, value: quorumListenOnAllIPs=true}
            - {name: ZK_SERVER_HEAP, value: '${o.heapMb ?? 128}'}
          ports:
            - {name: client, containerPort: 2181}
            - {name: server, containerPort: 2888}
            - {name: leader-election, containerPort: 3888}
          readinessProbe:
            exec:
              command: [bash, -c, 'exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && grep -q "^Mode: " <&3']
            periodSeconds: 2
            timeoutSeconds: 5
          resources:
            requests: {cpu: ${o.cpu ?? '50m'}, memory: ${o.memory ?? '192Mi'}}${o.memoryLimit ? `\n            limits: {memory: ${o.memoryLimit}}` : ''}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
          volumeMounts: [{name: datadir, mountPath: /data}]
  volumeClaimTemplates:
    - metadata: {name: datadir}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
`;
}
