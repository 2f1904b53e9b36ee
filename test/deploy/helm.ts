/** Runs Helm through deploy/helm/helm.sh, which builds it on first use. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHART_DIR, DEPLOY_DIR, type Manifest, parseManifests } from './manifests.ts';

const run = promisify(execFile);
const HELM = join(DEPLOY_DIR, 'helm/helm.sh');

export interface HelmResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Building Helm from source takes minutes on a small machine; later runs take a second. */
const TIMEOUT_MS = 20 * 60_000;

export async function helm(args: readonly string[]): Promise<HelmResult> {
  try {
    const { stdout, stderr } = await run(HELM, [...args], { timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

/** `helm template` of the chart as release `zkop` in `zkop-system`, with `--set` values. */
export async function renderChart(set: readonly string[] = []): Promise<Manifest[]> {
  const args = [
    'template',
    'zkop',
    CHART_DIR,
    '--namespace',
    'zkop-system',
    ...set.flatMap((s) => ['--set', s]),
  ];
  const result = await helm(args);
  if (!result.ok) throw new Error(`helm ${args.join(' ')} failed: ${result.stderr}`);
  return parseManifests(result.stdout, 'helm template');
}
