/**
 * zkop next to the setups its users would pick instead, on the shared test cluster in one run: the
 * plain StatefulSet of the Kubernetes tutorial and pravega/zookeeper-operator (bench/peers/). Builds
 * what is missing (images, pravega's operator from its Go module), then for each subject in turn, in
 * a namespace of its own: apply -> Ready with 3 members, a rolling restart its own way, scale 3 -> 5
 * and 5 -> 3, the last three under zkop's writer inside the cluster; then removes what it installed
 * (pravega's CRD too). Writes the raw JSON and a Markdown report with the table (zkop / peer ratios).
 *
 *   scripts/node bench/peers.ts [--subjects zkop,statefulset,pravega] [--rate 20] [--out FILE] [--report FILE]
 *
 * Run it under the cluster lock (test/cluster/README.md); --build-only builds the images and exits,
 * so that the locked run finds them built. --from FILE writes the report of an earlier run's JSON.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { root, script } from '../test/cluster/cluster.ts';
import { buildOperatorImage } from '../test/e2e/operator-install.ts';
import { measurePhase, type PhaseResult } from './peers/phase.ts';
import { pravega, pravegaImages } from './peers/pravega.ts';
import { type PeersRun, PHASES, peersReport, peersTable, type SubjectResult } from './peers/report.ts';
import { statefulSet } from './peers/statefulset.ts';
import type { Subject } from './peers/subject.ts';
import { zkop } from './peers/zkop.ts';

const SUBJECTS: Record<string, Subject> = { zkop, statefulset: statefulSet, pravega };
const day = new Date().toISOString().slice(0, 10);
const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: 'zkop,statefulset,pravega' },
    rate: { type: 'string', default: '20' },
    out: { type: 'string', default: join(root, 'bench', 'results', `peers-${day}.json`) },
    report: { type: 'string', default: join(root, 'bench', 'RESULTS-peers.md') },
    'build-only': { type: 'boolean', default: false },
    from: { type: 'string' },
  },
});
const subjects = (values.subjects ?? '').split(',').map((name) => {
  const subject = SUBJECTS[name];
  if (!subject) throw new Error(`--subjects: some of ${Object.keys(SUBJECTS).join(', ')}, not ${name}`);
  return subject;
});
const rate = Number(values.rate);
if (!Number.isInteger(rate) || rate <= 0) throw new Error(`--rate: writes per second, not ${values.rate}`);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Builds every image the subjects need (cached); returns the archives to load into the nodes. */
function build(): string[] {
  log('building images (cached when unchanged)');
  const archives = [script('image-zookeeper.sh', '3.9.4').trim().split('\n').at(-1) ?? ''];
  if (subjects.includes(zkop)) buildOperatorImage();
  if (subjects.includes(pravega)) {
    const { operator, zookeeper } = pravegaImages();
    archives.push(operator, zookeeper);
  }
  return archives;
}

async function measure(subject: Subject): Promise<SubjectResult> {
  const ns = `peers-${subject.name.toLowerCase()}-${randomBytes(3).toString('hex')}`;
  const phases: PhaseResult[] = [];
  const result = (error?: string): SubjectResult => ({
    subject: subject.name,
    description: subject.description,
    phases,
    error,
  });
  log(`${subject.name} in ${ns}`);
  try {
    await subject.install(ns);
    const minutes = (n: number) => n * 60_000;
    const steps = [
      { phase: PHASES.apply, members: 3, timeoutMs: minutes(4), action: () => subject.apply(ns, 3) },
      {
        phase: PHASES.restart,
        members: 3,
        timeoutMs: minutes(7),
        writeRate: rate,
        replacesPods: true,
        action: () => subject.restart(ns),
      },
      {
        phase: PHASES.up,
        members: 5,
        timeoutMs: minutes(5),
        writeRate: rate,
        action: () => subject.scale(ns, 5),
      },
      {
        phase: PHASES.down,
        members: 3,
        timeoutMs: minutes(5),
        writeRate: rate,
        action: () => subject.scale(ns, 3),
      },
    ];
    for (const { action, ...options } of steps) {
      const phase = await measurePhase(subject, ns, options, action);
      phases.push(phase);
      if (!phase.finished) return result(`${phase.phase} did not finish; later phases skipped`);
    }
    return result();
  } catch (e) {
    return result((e as Error).message.split('\n').slice(0, 3).join(' '));
  } finally {
    log(`  removing ${subject.name}`);
    await subject.uninstall(ns).catch((e: Error) => log(`  could not remove ${ns}: ${e.message}`));
  }
}

const report = values.report ?? '';
if (values.from) {
  const earlier = JSON.parse(readFileSync(values.from, 'utf8')) as PeersRun;
  writeFileSync(report, peersReport(earlier, relative(dirname(report), values.from)));
  process.exit(0);
}
const archives = build();
if (values['build-only']) process.exit(0);
script('up.sh');
script('load-image.sh', ...archives);
const results: SubjectResult[] = [];
for (const subject of subjects) results.push(await measure(subject));

const cpu = cpus();
const run: PeersRun = {
  date: new Date().toISOString(),
  command: `scripts/node bench/peers.ts ${process.argv.slice(2).join(' ')}`.trim(),
  machine: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}; the test cluster's 3 nodes share it`,
  writeRate: rate,
  subjects: results,
};
const out = values.out ?? '';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(run, null, 2)}\n`);
writeFileSync(report, peersReport(run, relative(dirname(report), out)));
process.stdout.write(`${peersTable(results)}\n`);
log(`JSON: ${out}\nreport: ${report}`);
