/**
 * Prometheus's own rule tester on zkop's alerting rules: `promtool test rules` evaluates the rules
 * over synthetic series and compares the alerts that fire with those a scenario expects.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { goToolPath } from './go-tool.ts';

const run = promisify(execFile);

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly { readonly alert: string }[];
}

export interface ExpectedAlert {
  /** Every label of the alert: the rule's and those its expression keeps. */
  readonly labels: Readonly<Record<string, string>>;
  readonly summary: string;
}

export interface AlertCheck {
  readonly alert: string;
  /** When to evaluate, from the first sample (e.g. `11m`). */
  readonly at: string;
  /** Empty: the alert must not fire then. */
  readonly fires: readonly ExpectedAlert[];
}

export interface Scenario {
  readonly name: string;
  /** Series selector -> promtool's expanding notation of its values, one every `SCRAPE_INTERVAL`. */
  readonly series: Readonly<Record<string, string>>;
  readonly checks: readonly AlertCheck[];
}

export const SCRAPE_INTERVAL = '30s';

/** Runs every scenario against `groups`; resolves with promtool's report, rejects with it on a failure. */
export async function testRules(
  groups: readonly RuleGroup[],
  scenarios: readonly Scenario[],
): Promise<string> {
  const promtool = await goToolPath('prometheus.sh', 'promtool');
  const dir = mkdtempSync(join(tmpdir(), 'zkop-promtool-'));
  try {
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    const tests = scenarios.map((s) => ({
      name: s.name,
      interval: SCRAPE_INTERVAL,
      input_series: Object.entries(s.series).map(([series, values]) => ({ series, values })),
      alert_rule_test: s.checks.map((c) => ({
        eval_time: c.at,
        alertname: c.alert,
        exp_alerts: c.fires.map((f) => ({
          exp_labels: f.labels,
          exp_annotations: { summary: f.summary },
        })),
      })),
    }));
    const file = join(dir, 'tests.yaml');
    writeFileSync(
      file,
      stringify({ rule_files: ['rules.yaml'], evaluation_interval: SCRAPE_INTERVAL, tests }),
    );
    try {
      const { stdout, stderr } = await run(promtool, ['test', 'rules', file], { cwd: dir, timeout: 120_000 });
      return `${stdout}${stderr}`;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`promtool test rules failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
