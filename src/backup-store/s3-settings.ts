/** How to reach S3-compatible storage, apart from the SDK that talks to it (s3-store.ts). */

export interface S3Settings {
  /** `http(s)://host:port` of an S3-compatible server; AWS itself when absent. */
  readonly endpoint?: string;
  readonly region: string;
  /** Address the bucket in the path, not the host name. Default: true with an endpoint, false without. */
  readonly forcePathStyle?: boolean;
  /** Absent: the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, ...). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Endpoint and region from the standard AWS variables: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_REGION. */
export function s3SettingsFromEnvironment(env: NodeJS.ProcessEnv): S3Settings {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return endpoint ? { endpoint, region } : { region };
}
