/** What the official `zookeeper` image of a version can do. */
import { releaseFeatures, type VersionInfo } from '../../../api/versions.ts';

/**
 * The image holds the release's binary distribution: every 3.7, 3.8 and 3.9 image ships the
 * Prometheus metrics provider in its lib directory (the local catalog's `prometheusMetrics` is about
 * what Maven and Debian publish, not about the image) and logs through the release's backend
 * (reload4j for 3.7, logback since 3.8); the AdminServer snapshot commands come with 3.9.
 */
export function imageFeatures(version: string): VersionInfo {
  return releaseFeatures(version);
}
