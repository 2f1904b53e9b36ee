/** The peer benchmark's report: figures per subject side by side, zkop's ratios to each peer. Pure. */
import type { PhaseResult } from './phase.ts';

export interface SubjectResult {
  readonly subject: string;
  readonly description: string;
  readonly phases: readonly PhaseResult[];
  readonly error?: string;
}

export interface PeersRun {
  readonly date: string;
  readonly command: string;
  readonly machine: string;
  readonly writeRate: number;
  readonly subjects: readonly SubjectResult[];
}

/** A figure of one subject: a number (ratios are taken of it), text, or nothing measured. */
type Figure = number | string | undefined;

interface Row {
  readonly label: string;
  readonly of: (r: SubjectResult) => Figure;
  /** Whether zkop / peer means something for this row (times and gaps). */
  readonly ratio: boolean;
}

const phaseOf = (r: SubjectResult, phase: string) => r.phases.find((p) => p.phase === phase);

const seconds = (phase: string): Row => ({
  label: `${phase} (s)`,
  of: (r) => {
    const p = phaseOf(r, phase);
    if (!p) return undefined;
    return p.finished
      ? round(p.seconds)
      : `did not finish (${round(p.seconds)} s)${p.error ? `: ${p.error}` : ''}`;
  },
  ratio: true,
});

const writerRows = (phase: string): Row[] => [
  {
    label: `${phase}: leader changes`,
    of: (r) => {
      const p = phaseOf(r, phase);
      return p?.writer ? Math.max(0, p.leaders.length - 1) : undefined;
    },
    ratio: false,
  },
  {
    label: `${phase}: longest write gap (s)`,
    of: (r) => {
      const w = phaseOf(r, phase)?.writer;
      return w ? round(w.longestGapMs / 1000, 2) : undefined;
    },
    ratio: true,
  },
  {
    label: `${phase}: failed operations / session expiries`,
    of: (r) => {
      const w = phaseOf(r, phase)?.writer;
      return w ? `${w.failed} / ${w.expired}` : undefined;
    },
    ratio: false,
  },
  {
    label: `${phase}: acknowledged writes lost`,
    of: (r) => {
      const w = phaseOf(r, phase)?.writer;
      return w ? `${Number.isFinite(w.lost) ? w.lost : 'unread'} of ${w.acknowledged}` : undefined;
    },
    ratio: false,
  },
];

export const PHASES = {
  apply: 'apply -> Ready, 3 members',
  restart: 'rolling restart, 3 members',
  up: 'scale 3 -> 5',
  down: 'scale 5 -> 3',
} as const;

const ROWS: readonly Row[] = [
  seconds(PHASES.apply),
  seconds(PHASES.restart),
  ...writerRows(PHASES.restart),
  seconds(PHASES.up),
  ...writerRows(PHASES.up),
  seconds(PHASES.down),
  ...writerRows(PHASES.down),
];

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

const show = (f: Figure) => (f === undefined ? '-' : String(f));

function ratio(zkop: Figure, peer: Figure): string {
  if (typeof zkop !== 'number' || typeof peer !== 'number' || peer === 0) return '-';
  return `${Number((zkop / peer).toPrecision(2))}`;
}

/** The Markdown table: a row per figure, a column per subject, then zkop / each peer. */
export function peersTable(subjects: readonly SubjectResult[]): string {
  const zkop = subjects.find((s) => s.subject === 'zkop');
  const peers = subjects.filter((s) => s !== zkop);
  const header = [
    'figure',
    ...subjects.map((s) => s.subject),
    ...(zkop ? peers.map((p) => `zkop / ${p.subject}`) : []),
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const row of ROWS) {
    const cells = subjects.map((s) => show(row.of(s)));
    const ratios = zkop ? peers.map((p) => (row.ratio ? ratio(row.of(zkop), row.of(p)) : '')) : [];
    lines.push(`| ${[row.label, ...cells, ...ratios].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The report file: what ran where, the table, the leaders each phase saw, errors. */
export function peersReport(run: PeersRun, jsonPath: string): string {
  const subjects = run.subjects.map(
    (s) => `- **${s.subject}**: ${s.description}${s.error ? ` (stopped: ${s.error})` : ''}`,
  );
  const leaders = run.subjects.flatMap((s) =>
    s.phases
      .filter((p) => p.leaders.length > 0)
      .map((p) => `- ${s.subject}, ${p.phase}: ${p.leaders.join(' -> ')}`),
  );
  return `# zkop and its peers on the test cluster

Produced by \`${run.command}\` on ${run.date} (${run.machine}); raw figures: \`${jsonPath}\`.

Each subject in turn on the same 3-node test cluster in the same run, each ensemble in a namespace of its
own, each member with a CPU request of 100m, 256 MiB of memory requested, a 512 MiB limit and a 256 MB
heap, ZooKeeper 3.9.4 from the same image build. The writer is zkop's (test/support/zookeeper-load.ts)
as a client inside the cluster (a node's network namespace, cluster DNS) through the subject's client
Service, ${run.writeRate} writes a second; a gap is measured to ${round(1000 / run.writeRate)} ms. A phase
is done when the subject says so (zkop's Ready, the StatefulSet rolled out, pravega's readyReplicas and
its StatefulSet rolled out) and every member pod is ready, serves, and one leads (a rolling restart: every
pod a new one). Ratios are zkop / peer: below 1 zkop is faster or its gap shorter.

${subjects.join('\n')}

${peersTable(run.subjects)}

Leaders seen (sampled twice a second):

${leaders.join('\n')}
`;
}
