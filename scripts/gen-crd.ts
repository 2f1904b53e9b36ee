/** Writes the ZooKeeper CRD generated from src/api/spec.ts. Usage: scripts/node scripts/gen-crd.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CRD_FILE, renderCrdYaml } from '../src/api/crd.ts';

const root = join(import.meta.dirname, '..');
const target = join(root, CRD_FILE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderCrdYaml());
console.log(`wrote ${CRD_FILE}`);
