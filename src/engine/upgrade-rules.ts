/** Which version changes a rolling upgrade may make: one minor at a time, no downgrade across minors. */

interface Parsed {
  readonly major: number;
  readonly minor: number;
}

function parse(version: string): Parsed | undefined {
  const m = /^(\d+)\.(\d+)\.\d+(?:[-.].*)?$/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** Why going from `from` to `to` by a rolling restart is not supported; undefined when it is. */
export function unsupportedVersionChange(from: string, to: string): string | undefined {
  if (from === '' || from === to) return undefined;
  const a = parse(from);
  const b = parse(to);
  if (!a || !b) return `cannot compare ZooKeeper versions '${from}' and '${to}': expected MAJOR.MINOR.PATCH`;
  const hint = `keep spec.version at ${from}, or move one minor version at a time`;
  if (a.major !== b.major) return `changing ZooKeeper from ${from} to ${to} crosses a major version: ${hint}`;
  if (b.minor > a.minor + 1)
    return `upgrading ZooKeeper from ${from} to ${to} skips a minor version: ${hint}`;
  if (b.minor < a.minor) {
    return `downgrading ZooKeeper from ${from} to ${to} crosses minor versions, which ZooKeeper does not support: ${hint}`;
  }
  return undefined;
}
