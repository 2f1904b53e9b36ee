/**
 * A real S3-compatible server on 127.0.0.1 (or another address of the machine) for the backup tests: SeaweedFS's `weed server` (master,
 * volume, filer and S3 gateway in one process), built from its Go module by scripts/seaweedfs.sh on
 * first use, with one identity allowed everything and one that may only read, state in a temporary
 * directory, telemetry off.
 *
 *   const s3 = await startS3Server();
 *   after(() => s3.stop());
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { readLogTail } from '../../src/platform/local/process/log-tail.ts';
import { freePorts } from '../../src/platform/local/process/ports.ts';
import { processState, startDetached, stopProcess } from '../../src/platform/local/process/process.ts';
import { goToolPath } from './go-tool.ts';

export interface S3Server {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The variables zkop reads: endpoint, region and these credentials. */
  readonly env: Readonly<Record<string, string>>;
  /** The same with an identity that may only read and list. */
  readonly readOnlyEnv: Readonly<Record<string, string>>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

async function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * `address`: where the S3 gateway listens and is reached (default 127.0.0.1); the test cluster's pods
 * reach the machine at its address on the node network.
 */
export async function startS3Server(address = '127.0.0.1'): Promise<S3Server> {
  const weed = await goToolPath('seaweedfs.sh');
  const dir = mkdtempSync(join(tmpdir(), 'zkop-s3-'));
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = (await freePorts(
    8,
    address,
  )) as [number, number, number, number, number, number, number, number];
  const accessKeyId = 'zkoptest';
  const secretAccessKey = 'zkoptest-secret';
  const config = join(dir, 's3.json');
  writeFileSync(
    config,
    JSON.stringify({
      identities: [
        {
          name: 'zkop',
          credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }],
          actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'],
        },
        {
          name: 'reader',
          credentials: [{ accessKey: 'zkopreader', secretKey: 'zkopreader-secret' }],
          actions: ['Read', 'List'],
        },
      ],
    }),
  );
  const log = join(dir, 'weed.log');
  const handle = await startDetached(weed, {
    args: [
      'server',
      `-dir=${dir}`,
      `-ip=${address}`,
      `-ip.bind=${address}`,
      '-master.telemetry=false',
      `-master.port=${master}`,
      `-master.port.grpc=${masterGrpc}`,
      `-volume.port=${volume}`,
      `-volume.port.grpc=${volumeGrpc}`,
      '-volume.max=0',
      '-filer',
      `-filer.port=${filer}`,
      `-filer.port.grpc=${filerGrpc}`,
      '-s3',
      `-s3.port=${s3}`,
      `-s3.port.grpc=${s3Grpc}`,
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
      `-s3.config=${config}`,
    ],
    logFile: log,
    cwd: dir,
  });
  const stop = async () => {
    await stopProcess(handle.pid, { startTime: handle.startTime, graceMs: 5_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  const endpoint = `http://${address}:${s3}`;
  const env = {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
  };
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  });
  const createBucket = async (name: string) => {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (processState(handle.pid, handle.startTime) !== 'running') {
      await stop();
      throw new Error(`weed server exited while starting:\n${readLogTail(log, 30)}`);
    }
    if (await listening(address, s3)) {
      // The gateway listens before the filer and volume server take writes: a bucket made is the proof.
      try {
        await createBucket('zkop-probe');
        break;
      } catch {
        // not yet
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`weed server did not serve S3 within 120 s:\n${readLogTail(log, 30)}`);
    }
    await sleep(500);
  }
  const readOnlyEnv = { ...env, AWS_ACCESS_KEY_ID: 'zkopreader', AWS_SECRET_ACCESS_KEY: 'zkopreader-secret' };
  return { endpoint, accessKeyId, secretAccessKey, env, readOnlyEnv, createBucket, stop };
}
