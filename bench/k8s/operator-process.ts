/**
 * The in-cluster operator replica holding the Lease, its pod IP and its process on this machine
 * (the nodes' containers run in the host's pid namespace view: /proc shows them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { kubectlOk } from '../../test/cluster/cluster.ts';
import { OPERATOR_NAMESPACE } from '../../test/e2e/operator-install.ts';

const LEASE = 'zkop-leader';
const CMDLINE = '/app/dist/cli/main.js operator';

export interface LeaderReplica {
  readonly pod: string;
  readonly podIp: string;
  readonly pid: number;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The holder's identity is `<pod name>-<6 hex>` (platform/kubernetes/operator/run-operator.ts). */
export function leaderReplica(): LeaderReplica {
  const holder = kubectlOk([
    '-n',
    OPERATOR_NAMESPACE,
    'get',
    'lease',
    LEASE,
    '-o',
    'jsonpath={.spec.holderIdentity}',
  ]).trim();
  const pod = holder.replace(/-[0-9a-f]{6}$/, '');
  const podIp = kubectlOk([
    '-n',
    OPERATOR_NAMESPACE,
    'get',
    'pod',
    pod,
    '-o',
    'jsonpath={.status.podIP}',
  ]).trim();
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    const cmdline = read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ?? '';
    if (!cmdline.includes(CMDLINE)) continue;
    const env = read(`/proc/${pid}/environ`)?.split('\0') ?? [];
    if (env.includes(`HOSTNAME=${pod}`)) return { pod, podIp, pid: Number(pid) };
  }
  throw new Error(`no process of the leading operator pod ${pod} (${CMDLINE}) in /proc`);
}

/** Resident set size of a process, in MiB. */
export function rssMiB(pid: number): number {
  const status = read(`/proc/${pid}/status`) ?? '';
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}
