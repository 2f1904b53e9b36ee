/** What the official `zookeeper` image of a version can do. */
import { minorOf, type VersionInfo } from '../../../api/versions.ts';

/**
 * Every 3.8 and 3.9 image ships the Prometheus metrics provider in its lib directory (the local
 * catalog's `prometheusMetrics` is about what Maven and Debian publish, not about the image), and the
 * AdminServer snapshot commands come with 3.9.
 */
export function imageFeatures(version: string): VersionInfo {
  return { version, prometheusMetrics: true, adminSnapshot: minorOf(version) === '3.9' };
}
