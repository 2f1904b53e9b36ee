/** `zkop operator`: connects to Kubernetes and runs the controller until SIGTERM or SIGINT. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { pino } from 'pino';
import { connect, podNamespace } from '../client/connect.ts';
import { DnsEnsembleAccess } from '../reconcile/dns-ensemble-access.ts';
import { systemClock } from '../runtime/clock.ts';
import { OperatorConfigError } from './config-error.ts';
import { startOperator } from './operator.ts';

export interface OperatorOptions {
  kubeconfig?: string;
  context?: string;
  inCluster: boolean;
  namespace?: string[];
  leaderElect: boolean;
  leaseNamespace?: string;
  leaseName: string;
  metricsAddress: string;
  workers: number;
  clusterDomain: string;
  logLevel: string;
  /** The image this operator runs (the chart passes its own), which places a backup in new members. */
  operatorImage?: string;
}

export async function runOperator(options: OperatorOptions): Promise<void> {
  const log = pino({ level: options.logLevel, base: { component: 'zkop-operator' } });
  const api = await connectOrExplain(options);
  const ownNamespace = podNamespace();
  const leaseNamespace = options.leaseNamespace ?? ownNamespace;
  if (options.leaderElect && !leaseNamespace) {
    throw new OperatorConfigError(
      'leader election needs a namespace for its Lease: pass --lease-namespace <ns>, or --no-leader-elect',
    );
  }
  const stop = new AbortController();
  const onSignal = (name: string) => {
    log.info({ signal: name }, 'shutting down');
    stop.abort();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  const running = await startOperator(
    {
      api,
      ensemble: new DnsEnsembleAccess(api, options.clusterDomain),
      clock: systemClock,
      random: Math.random,
      log,
    },
    {
      namespaces: options.namespace ?? [],
      leaderElection: options.leaderElect,
      leaseNamespace: leaseNamespace ?? '',
      leaseName: options.leaseName,
      identity: `${hostname()}-${randomBytes(3).toString('hex')}`,
      metricsAddress: options.metricsAddress,
      workers: options.workers,
      clusterDomain: options.clusterDomain,
      ...(ownNamespace ? { operatorNamespace: ownNamespace } : {}),
      ...(options.operatorImage ? { operatorImage: options.operatorImage } : {}),
    },
    stop.signal,
  );
  await running.done;
}

async function connectOrExplain(options: OperatorOptions): ReturnType<typeof connect> {
  try {
    return await connect(options);
  } catch (error) {
    throw new OperatorConfigError((error as Error).message);
  }
}
