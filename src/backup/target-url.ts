/** Where backups go, as the user writes it: `s3://bucket/prefix` or a directory. */

export type TargetUrl =
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'directory'; readonly path: string };

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Throws with a message for the user when `text` is not a target. */
export function parseTargetUrl(text: string): TargetUrl {
  if (text.startsWith('s3://')) {
    const rest = text.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
    if (!BUCKET.test(bucket)) {
      throw new Error(
        `'${text}': '${bucket}' is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-')`,
      );
    }
    return { kind: 's3', bucket, prefix };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new Error(`'${text}': zkop keeps backups in s3://bucket/prefix or in a directory`);
  }
  if (text.trim() === '') throw new Error('the backup target is empty');
  return { kind: 'directory', path: text };
}

export function formatTargetUrl(target: TargetUrl): string {
  if (target.kind === 'directory') return target.path;
  return `s3://${target.bucket}${target.prefix === '' ? '' : `/${target.prefix}`}`;
}
