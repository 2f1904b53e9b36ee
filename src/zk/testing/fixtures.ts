/** Reads answers captured from real ZooKeeper servers, kept under `fixtures/<version>/` for the parser tests. */

import { readFileSync } from 'node:fs';

export function fixture(version: string, name: string): string {
  return readFileSync(new URL(`../fixtures/${version}/${name}`, import.meta.url), 'utf8');
}
