/**
 * Real ZooKeeper ensembles for integration tests: members on 127.0.0.1 with free ports, state in a
 * temporary directory, configuration from zkop's renderer, ZooKeeper from zkop's distribution cache.
 *
 *   const zk = await startEnsemble({ members: 3 });
 *   after(() => zk.stop());
 *
 * Every JVM started here is also killed when the test process exits, so a failing test leaves
 * nothing running. Set ZKOP_KEEP_TEST_STATE=1 to keep the directory (configs, data, logs) after stop().
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyDefaults } from '../../src/api/defaults.ts';
import type { ZooKeeperSpec } from '../../src/api/spec.ts';
import { DEFAULT_VERSION } from '../../src/api/versions.ts';
import type { QuorumTlsStage } from '../../src/config/quorum-tls-stage.ts';
import { ensureDistribution, javaCommand } from '../../src/platform/local/distribution/index.ts';
import { readLogTail } from '../../src/platform/local/process/log-tail.ts';
import { freePorts } from '../../src/platform/local/process/ports.ts';
import {
  type ProcessHandle,
  processState,
  startDetached,
  stopProcess,
} from '../../src/platform/local/process/process.ts';
import { type PlannedMember, pathsOf, writeMemberFiles } from './member-files.ts';
import { memberMode, waitForQuorum } from './wait-for-ensemble.ts';

export interface EnsembleOptions {
  /** Voting members. */
  readonly members: number;
  readonly observers?: number;
  /** Default: the catalog's default version. */
  readonly version?: string;
  /** Default: a random password. */
  readonly superPassword?: string;
  /** Default 256Mi: tests run many JVMs side by side. */
  readonly heap?: string;
  /** Distribution cache; default: zkop's (`$ZKOP_CACHE_DIR`, ...). */
  readonly cacheDir?: string;
  /** How long to wait for a serving ensemble (default 60 s). */
  readonly timeoutMs?: number;
  /** Extra zoo.cfg settings (`spec.config.extra`), e.g. `{ extendedTypesEnabled: 'true' }`. */
  readonly extraConfig?: Readonly<Record<string, string>>;
  /** Extra JVM flags (`spec.jvm.flags`), e.g. `-Dreadonlymode.enabled=true` for settings zoo.cfg cannot carry. */
  readonly jvmFlags?: readonly string[];
  /**
   * zoo.cfg settings for TLS on the secure client port (`ssl.*`, `serverCnxnFactory`, `admin.*`),
   * appended after zkop's rendering (they are operator-owned, so `extraConfig` refuses them). With
   * it each member also gets `secureClientPort=<its secureClientPort>`; the plain port stays open.
   */
  readonly secureClientConfig?: Readonly<Record<string, string>>;
  /** TLS rendered by zkop's renderer (`spec.tls`), every member with the same key and trust store. */
  readonly tls?: EnsembleTls;
}

export interface EnsembleTls {
  readonly spec: NonNullable<ZooKeeperSpec['tls']>;
  /** Default: the stage `spec` asks for. */
  readonly quorumTls?: QuorumTlsStage;
  readonly keyStore: string;
  readonly trustStore: string;
}

export interface TestMember {
  readonly id: number;
  readonly role: 'participant' | 'observer';
  readonly clientPort: number;
  /** Listening only with `secureClientConfig`, or `tls` with client TLS. */
  readonly secureClientPort: number;
  readonly adminPort: number;
  readonly quorumPort: number;
  readonly electionPort: number;
  readonly metricsPort: number;
  /** undefined while the member is stopped. */
  readonly pid: number | undefined;
  /** The server log (ZooKeeper's own log file). */
  readonly logFile: string;
}

export interface TestEnsemble {
  readonly dir: string;
  readonly version: string;
  readonly members: readonly TestMember[];
  /** `127.0.0.1:<port>,...` over every member. */
  readonly connectString: string;
  readonly superPassword: string;
  /** Stops every member and deletes the directory. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGTERM, waiting until the process is gone. */
  stopMember(id: number): Promise<void>;
  /** SIGKILL, waiting until the process is gone. */
  killMember(id: number): Promise<void>;
  /** Starts a stopped member with the files it had (ZooKeeper may have rewritten them) and waits until it serves. */
  startMember(id: number): Promise<void>;
  /** Waits until every running member serves and exactly one leads. */
  waitForQuorum(timeoutMs?: number): Promise<void>;
  /** Last lines of a member's server log and console output. */
  logTail(id: number, lines?: number): string;
}

const PORTS_PER_MEMBER = 6;
const DEFAULT_TIMEOUT_MS = 60_000;

/** Every JVM started by any ensemble in this test process; killed when the process ends, however it ends. */
const live = new Map<number, ProcessHandle>();
let exitHooksInstalled = false;

function killAllLive(): void {
  for (const h of live.values()) {
    if (processState(h.pid, h.startTime) !== 'running') continue;
    try {
      process.kill(h.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function track(handle: ProcessHandle): void {
  live.set(handle.pid, handle);
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllLive);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      killAllLive();
      process.exit(code);
    });
  }
}

interface MutableMember extends TestMember {
  pid: number | undefined;
  handle: ProcessHandle | undefined;
  args: string[];
  consoleLog: string;
}

export async function startEnsemble(opts: EnsembleOptions): Promise<TestEnsemble> {
  const version = opts.version ?? DEFAULT_VERSION;
  const observers = opts.observers ?? 0;
  const total = opts.members + observers;
  const superPassword = opts.superPassword ?? randomBytes(12).toString('hex');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const distribution = await ensureDistribution(
    version,
    opts.cacheDir === undefined ? {} : { cacheDir: opts.cacheDir },
  );
  const spec = applyDefaults({
    version,
    replicas: opts.members,
    observers,
    jvm: { heap: opts.heap ?? '256Mi', flags: [...(opts.jvmFlags ?? [])] },
    ...(opts.extraConfig === undefined ? {} : { config: { extra: { ...opts.extraConfig } } }),
    ...(opts.tls === undefined ? {} : { tls: opts.tls.spec }),
  });
  const ports = await freePorts(total * PORTS_PER_MEMBER);
  const planned: PlannedMember[] = Array.from({ length: total }, (_, i) => {
    const at = (k: number) => ports[i * PORTS_PER_MEMBER + k] as number;
    return {
      id: i + 1,
      role: i < opts.members ? 'participant' : 'observer',
      clientPort: at(0),
      quorumPort: at(1),
      electionPort: at(2),
      adminPort: at(3),
      metricsPort: at(4),
    };
  });
  const dir = mkdtempSync(join(tmpdir(), 'zkop-test-'));
  let members: MutableMember[];
  try {
    members = planned.map((m, i) => {
      const paths = pathsOf(dir, m.id);
      const secureClientPort = ports[i * PORTS_PER_MEMBER + 5] as number;
      const tls = opts.tls && {
        files: { keyStore: opts.tls.keyStore, trustStore: opts.tls.trustStore, secureClientPort },
        ...(opts.tls.quorumTls ? { quorumTls: opts.tls.quorumTls } : {}),
      };
      const args = writeMemberFiles(dir, spec, distribution, planned, m, superPassword, tls);
      if (opts.secureClientConfig !== undefined) {
        const lines = Object.entries({
          secureClientPort: String(secureClientPort),
          ...opts.secureClientConfig,
        });
        appendFileSync(paths.zooCfg, `\n${lines.map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
      }
      return {
        ...m,
        secureClientPort,
        pid: undefined,
        handle: undefined,
        args,
        consoleLog: paths.consoleLog,
        logFile: join(paths.logs, 'zookeeper.log'),
      };
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const member = (id: number): MutableMember => {
    const m = members.find((x) => x.id === id);
    if (m === undefined) throw new Error(`no member ${id} (members are 1..${members.length})`);
    return m;
  };
  const logTail = (id: number, lines = 30): string => {
    const m = member(id);
    return `--- ${m.logFile}\n${readLogTail(m.logFile, lines)}\n--- ${m.consoleLog}\n${readLogTail(m.consoleLog, lines)}`;
  };
  const launch = async (m: MutableMember): Promise<ProcessHandle> => {
    const handle = await startDetached(javaCommand(), {
      args: m.args,
      logFile: m.consoleLog,
      cwd: pathsOf(dir, m.id).root,
    });
    track(handle);
    m.handle = handle;
    m.pid = handle.pid;
    return handle;
  };
  const halt = async (m: MutableMember, graceMs: number): Promise<void> => {
    const handle = m.handle;
    if (handle === undefined) return;
    await stopProcess(handle.pid, { startTime: handle.startTime, graceMs });
    live.delete(handle.pid);
    m.handle = undefined;
    m.pid = undefined;
  };
  const running = () => members.filter((m) => m.handle !== undefined);
  const waitServing = async (ms = timeoutMs): Promise<void> => {
    try {
      await waitForQuorum(running(), ms);
    } catch (error) {
      const tails = running()
        .map((m) => logTail(m.id, 15))
        .join('\n');
      throw new Error(`${(error as Error).message}\n${tails}`);
    }
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(members.map((m) => halt(m, 5_000)));
    if (!process.env.ZKOP_KEEP_TEST_STATE) rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (const m of members) await launch(m);
    await waitServing();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    dir,
    version,
    members,
    connectString: members.map((m) => `127.0.0.1:${m.clientPort}`).join(','),
    superPassword,
    stop,
    stopMember: (id) => halt(member(id), 10_000),
    killMember: (id) => halt(member(id), 0),
    startMember: async (id) => {
      const m = member(id);
      if (m.handle !== undefined) throw new Error(`member ${id} is already running (pid ${m.pid})`);
      const handle = await launch(m);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mode = await memberMode(m.clientPort);
        if (mode === 'leader' || mode === 'follower' || mode === 'observer') return;
        if (processState(handle.pid, handle.startTime) !== 'running') {
          throw new Error(`member ${id} exited while starting\n${logTail(id)}`);
        }
        if (Date.now() >= deadline)
          throw new Error(`member ${id} did not serve within ${timeoutMs} ms (${mode})\n${logTail(id)}`);
        await sleep(100);
      }
    },
    waitForQuorum: waitServing,
    logTail,
  };
}
