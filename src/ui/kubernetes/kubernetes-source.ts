/**
 * `zkop ui`'s source for the ZooKeeper objects of one namespace, read with the user's kubeconfig:
 * the objects, their pods and Events from the API, and each running member's role and zxid (its
 * AdminServer's `srvr`) and metrics through the API server's pod proxy. Nothing runs in the cluster
 * for it, and it sees what the user may read: a refusal is shown per member, not hidden.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { EVENTS, PODS, ZOOKEEPERS } from '../../platform/kubernetes/client/resources.ts';
import { CLIENT_TLS_ANNOTATION, QUORUM_TLS_ANNOTATION } from '../../platform/kubernetes/render/index.ts';
import { type CliConnectOptions, connectCli } from '../../platform/kubernetes/user-client/connect.ts';
import { metricsAnswer, SCRAPE_TIMEOUT_MS, scrapeEach, unanswered } from '../member-metrics.ts';
import type { UiSource } from '../source.ts';
import {
  containerPort,
  type EventRead,
  ensembleView,
  type KubernetesEnsembleView,
  type MemberAnswer,
  podProxyPath,
  podsOf,
  type ZooKeeperRead,
} from './ensemble-view.ts';
import { proxyRefusal, srvrAnswer } from './proxy-answers.ts';

const ok = (status: number) => status >= 200 && status < 300;

/** Its AdminServer serves HTTPS only once the member uses TLS at all. */
const adminHttps = (pod: V1Pod) => {
  const annotations = pod.metadata?.annotations ?? {};
  const quorumTls = annotations[QUORUM_TLS_ANNOTATION];
  return (
    annotations[CLIENT_TLS_ANNOTATION] === 'true' || (quorumTls !== undefined && quorumTls !== 'plaintext')
  );
};

export async function kubernetesSource(target: CliConnectOptions): Promise<UiSource<KubernetesEnsembleView>> {
  const { api, connection, namespace } = await connectCli(target);

  const get = async (path: string) => {
    const response = await connection.send({
      method: 'GET',
      path,
      headers: {},
      signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS),
    });
    return { status: response.status, text: await response.text() };
  };

  const answerOf = async (pod: V1Pod): Promise<MemberAnswer> => {
    const port = containerPort(pod, 'admin');
    if (port === undefined) return { problem: 'its pod has no admin port' };
    const path = podProxyPath(namespace, pod.metadata?.name ?? '', port, 'commands/srvr', adminHttps(pod));
    try {
      const answer = await get(path);
      if (!ok(answer.status)) return { problem: `AdminServer ${proxyRefusal(answer.status, answer.text)}` };
      return srvrAnswer(answer.text);
    } catch (error) {
      return { problem: `AdminServer: ${unanswered(error)}` };
    }
  };

  const scrape = async (path: string) => {
    try {
      const answer = await get(path);
      return metricsAnswer(answer.status, answer.text, proxyRefusal(answer.status, answer.text));
    } catch (error) {
      return { up: false as const, problem: unanswered(error) };
    }
  };

  return {
    title: `ZooKeeper objects in namespace ${namespace}${target.context ? ` (context ${target.context})` : ''}`,
    async ensembles() {
      const [zks, pods, events] = await Promise.all([
        api.list<ZooKeeperRead & { kind: string }>(ZOOKEEPERS, { namespace }),
        api.list<V1Pod>(PODS, { namespace, labelSelector: 'app.kubernetes.io/name=zookeeper' }),
        api
          .list<EventRead & { kind: string }>(EVENTS, { namespace })
          .then((list) => list.items)
          .catch((error: Error) => ({ problem: `Events not read: ${error.message}` })),
      ]);
      const running = pods.items.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
      return Promise.all(
        zks.items.map(async (zk) => {
          const byId = podsOf(zk.metadata.name ?? '', running);
          const answers = new Map(
            await Promise.all([...byId].map(async ([id, pod]) => [id, await answerOf(pod)] as const)),
          );
          return ensembleView(zk, pods.items, answers, events);
        }),
      );
    },
    metrics: (ensembles) => scrapeEach(ensembles, scrape),
  };
}
