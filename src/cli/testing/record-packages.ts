/**
 * Preloaded with `--import`: records which npm packages the process loads and, at exit, prints
 * their names as one JSON line on stderr, prefixed `loaded-packages `.
 */
import { registerHooks } from 'node:module';

const packages = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url)?.[1];
    if (name) packages.add(name);
    return resolved;
  },
});
process.on('exit', () => process.stderr.write(`loaded-packages ${JSON.stringify([...packages])}\n`));
