/**
 * A real headless Chromium (Debian's package, installed by scripts/test-tools.sh when missing) with
 * one page, driven over the DevTools protocol with Node's own WebSocket: evaluate in the page, press
 * keys, take screenshots. Closed by close(), or killed when the test process exits.
 *
 *   const page = await openPage('http://127.0.0.1:8080/');
 *   after(() => page.close());
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureTestTool } from './test-tools.ts';

export interface BrowserPage {
  /** The value of a JavaScript expression in the page (awaited when it is a promise). */
  evaluate<T>(expression: string): Promise<T>;
  /** Presses a key (`Tab`, `Enter`) on whatever has the focus. */
  press(key: 'Tab' | 'Enter'): Promise<void>;
  /** Writes a PNG of the whole page. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

const KEYS = {
  Tab: { code: 'Tab', keyCode: 9, text: '' },
  Enter: { code: 'Enter', keyCode: 13, text: '\r' },
};
const START_TIMEOUT_MS = 30_000;

/** The DevTools WebSocket address Chromium prints on stderr once it listens. */
async function devToolsAddress(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stderr as NodeJS.ReadableStream });
  const seen: string[] = [];
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (match?.[1]) return match[1];
      seen.push(line);
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`chromium exited before it listened for DevTools:\n${seen.slice(-20).join('\n')}`);
}

/** One WebSocket to a page target, with requests matched to their answers by id. */
function devToolsSession(socket: WebSocket) {
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    const pending = message.id === undefined ? undefined : waiting.get(message.id);
    if (!pending || message.id === undefined) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(message.error.message));
    else pending.resolve(message.result);
  });
  return <T>(method: string, params: object = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
}

export async function openPage(url: string, size = { width: 1280, height: 900 }): Promise<BrowserPage> {
  const chromium = await ensureTestTool('chromium');
  const profile = mkdtempSync(join(tmpdir(), 'zkop-chromium-'));
  const child = spawn(
    chromium,
    [
      '--headless',
      '--disable-gpu',
      '--no-sandbox',
      '--no-first-run',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      `--window-size=${size.width},${size.height}`,
      url,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', kill);
  const closed = once(child, 'exit');
  let socket: WebSocket | undefined;
  const close = async () => {
    socket?.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 5_000);
      await closed;
      clearTimeout(timer);
    }
    kill();
    process.off('exit', kill);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const browser = new URL(await devToolsAddress(child));
    const targets = (await (await fetch(`http://${browser.host}/json/list`)).json()) as {
      type: string;
      webSocketDebuggerUrl: string;
    }[];
    const target = targets.find((t) => t.type === 'page');
    if (!target) throw new Error(`chromium has no page target: ${JSON.stringify(targets)}`);
    socket = new WebSocket(target.webSocketDebuggerUrl);
    await once(socket, 'open');
  } catch (error) {
    await close();
    throw error;
  }
  const send = devToolsSession(socket);
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const answer = await send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
      );
      if (answer.exceptionDetails) throw new Error(`in the page: ${answer.exceptionDetails.text}`);
      return answer.result.value;
    },
    async press(key) {
      const { code, keyCode, text } = KEYS[key];
      const common = { key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode };
      await send('Input.dispatchKeyEvent', { type: 'keyDown', ...common, ...(text ? { text } : {}) });
      await send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
    },
    async screenshot(file) {
      const shot = await send<{ data: string }>('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
      });
      writeFileSync(file, Buffer.from(shot.data, 'base64'));
    },
    close,
  };
}
