/**
 * The marker file a finished distribution carries. It is written last, so its presence means the
 * fetch completed; the jar list lets a cached distribution be verified without any network.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { LoggingBackend } from '../../../config/logging.ts';
import type { DistributionSource } from './distribution.ts';

export const MARKER_FILE = 'distribution.json';
const MARKER_FORMAT = 1;

export interface Marker {
  readonly format: number;
  readonly version: string;
  readonly source: DistributionSource;
  readonly logging: LoggingBackend;
  /** Relative to the distribution's home, or absolute for jars installed by the system (Debian). */
  readonly jars: readonly string[];
}

export function newMarker(
  version: string,
  source: DistributionSource,
  logging: LoggingBackend,
  jars: readonly string[],
): Marker {
  return { format: MARKER_FORMAT, version, source, logging, jars };
}

export const jarPaths = (home: string, marker: Marker): string[] =>
  marker.jars.map((jar) => (isAbsolute(jar) ? jar : join(home, jar)));

/** The marker of a complete distribution in `home`, or undefined if absent, stale or missing a jar. */
export function readValidMarker(home: string, version: string): Marker | undefined {
  const file = join(home, MARKER_FILE);
  if (!existsSync(file)) return undefined;
  let marker: Marker;
  try {
    marker = JSON.parse(readFileSync(file, 'utf8')) as Marker;
  } catch {
    return undefined;
  }
  if (marker.format !== MARKER_FORMAT || marker.version !== version || !Array.isArray(marker.jars))
    return undefined;
  if (marker.jars.length === 0) return undefined;
  const allPresent = jarPaths(home, marker).every((jar) => {
    try {
      return statSync(jar).size > 0;
    } catch {
      return false;
    }
  });
  return allPresent ? marker : undefined;
}
