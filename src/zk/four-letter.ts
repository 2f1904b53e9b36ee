/**
 * ZooKeeper four-letter-word commands over TCP, or TLS on the secure client port: write the command,
 * read the answer until the server closes.
 */

import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describeTlsError } from './tls-errors.ts';
import { type TlsOptions, tlsConnectionOptions } from './tls-options.ts';

export type FourLetterCommand =
  | 'srvr'
  | 'mntr'
  | 'conf'
  | 'ruok'
  | 'isro'
  | 'stat'
  | 'envi'
  | 'cons'
  | 'wchs'
  | 'dirs';

export type FourLetterFailure = 'connect' | 'timeout' | 'too-large' | 'not-allowed' | 'reset' | 'tls';

export class FourLetterError extends Error {
  override readonly name = 'FourLetterError';
  readonly kind: FourLetterFailure;
  readonly command: string;
  readonly address: string;

  constructor(kind: FourLetterFailure, command: string, address: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.command = command;
    this.address = address;
  }
}

export interface FourLetterOptions {
  /** Whole exchange, connect included. */
  timeoutMs: number;
  /** Answers longer than this are refused (mntr on a busy 3.9 leader is ~20 KiB). */
  maxBytes?: number;
  /** Ask over TLS (the secure client port answers 4lw too); connect covers the handshake. */
  tls?: TlsOptions;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const NOT_ALLOWED = / is not executed because it is not in the whitelist\.?\s*$/;

export function fourLetter(
  host: string,
  port: number,
  cmd: FourLetterCommand,
  opts: FourLetterOptions,
): Promise<string> {
  const address = `${host}:${port}`;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let connected = false;
    let settled = false;
    const tls = opts.tls;
    const socket = tls ? tlsConnect(tlsConnectionOptions(tls, { host, port })) : connect({ host, port });
    const finish = (err: FourLetterError | undefined, text?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(text ?? '');
    };
    const timer = setTimeout(() => {
      const phase = connected ? 'waiting for the answer' : 'connecting';
      finish(
        new FourLetterError(
          'timeout',
          cmd,
          address,
          `4lw ${cmd} to ${address}: no answer within ${opts.timeoutMs} ms (${phase}); is ZooKeeper running and is its client port reachable?`,
        ),
      );
    }, opts.timeoutMs);
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      connected = true;
      socket.write(cmd);
    });
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(
          new FourLetterError(
            'too-large',
            cmd,
            address,
            `4lw ${cmd} to ${address}: answer exceeds ${maxBytes} bytes`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => {
      if (tls && !connected) {
        const why =
          'the server closed the connection during the TLS handshake; is this the secure client port?';
        finish(new FourLetterError('tls', cmd, address, `4lw ${cmd} to ${address}: ${why}`));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (NOT_ALLOWED.test(text)) {
        finish(
          new FourLetterError(
            'not-allowed',
            cmd,
            address,
            `4lw ${cmd} to ${address}: refused by the server; add '${cmd}' to 4lw.commands.whitelist`,
          ),
        );
        return;
      }
      finish(undefined, text);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const tlsError = tls ? describeTlsError(err, address, tls.cert !== undefined) : undefined;
      if (tlsError) {
        finish(new FourLetterError('tls', cmd, address, `4lw ${cmd}: ${tlsError.message}`, tlsError));
        return;
      }
      const kind: FourLetterFailure = connected ? 'reset' : 'connect';
      const what = connected ? 'connection failed during the exchange' : 'cannot connect';
      finish(
        new FourLetterError(
          kind,
          cmd,
          address,
          `4lw ${cmd} to ${address}: ${what} (${err.code ?? err.message})`,
          err,
        ),
      );
    });
  });
}
