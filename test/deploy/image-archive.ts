/**
 * Reading OCI image archives (an image layout in a tar, as `npm run image` and `buildah push
 * oci-archive:` write them) and running deploy/image/build.sh, for the image tests.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEPLOY_DIR, ROOT } from './manifests.ts';

export const BUILD = join(DEPLOY_DIR, 'image/build.sh');

export interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly annotations?: Record<string, string>;
}
export interface ImageConfig {
  readonly config: {
    readonly User?: string;
    readonly WorkingDir?: string;
    readonly Entrypoint?: string[];
    readonly Cmd?: string[];
    readonly Env?: string[];
    readonly Labels?: Record<string, string>;
  };
  readonly rootfs: { readonly diff_ids: string[] };
  readonly [key: string]: unknown;
}

/** One image archive: its index, manifest and config, and its blobs read on demand. */
export class Archive {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  file(name: string): Buffer {
    return execFileSync('tar', ['-xOf', this.path, name], { maxBuffer: 1 << 30 });
  }
  json<T>(name: string): T {
    return JSON.parse(this.file(name).toString('utf8')) as T;
  }
  blobPath(digest: string): string {
    return `blobs/sha256/${digest.replace('sha256:', '')}`;
  }
  get index() {
    return this.json<{ manifests: Descriptor[] }>('index.json').manifests;
  }
  get manifest() {
    return this.json<{ config: Descriptor; layers: Descriptor[] }>(
      this.blobPath(this.index[0]?.digest ?? ''),
    );
  }
  get config() {
    return this.json<ImageConfig>(this.blobPath(this.manifest.config.digest));
  }
  /** The only layer, as a tar (uncompressed when it is stored gzipped, as `buildah push` does). */
  get layer(): Buffer {
    const layer = this.manifest.layers[0];
    const blob = this.file(this.blobPath(layer?.digest ?? ''));
    return layer?.mediaType?.endsWith('+gzip') ? gunzipSync(blob) : blob;
  }
}

/** Runs build.sh with `args`; the last line of its output and how long it took. */
export function runBuild(
  args: readonly string[],
  env: Record<string, string> = {},
): { line: string; seconds: number } {
  const started = Date.now();
  const stdout = execFileSync('nice', ['-n', '19', 'bash', BUILD, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { line: stdout.trim().split('\n').at(-1) ?? '', seconds: (Date.now() - started) / 1000 };
}

/** `npm run image` with its cache in `cache`. */
export function build(
  cache: string,
  env: Record<string, string> = {},
): { archive: Archive; seconds: number } {
  const { line, seconds } = runBuild([], { ZKOP_IMAGE_CACHE: cache, ...env });
  return { archive: new Archive(line), seconds };
}
