/** Choosing which resolved jars go on the classpath, and making Maven's failures readable. */

const PLATFORM_CLASSIFIER = /-(linux|osx|windows)-[a-z0-9_]+\.jar$/;
const THIS_PLATFORM = '-linux-x86_64.jar';

/** Jars for this platform: native jars for other operating systems or CPUs are dropped. Sorted. */
export function selectJars(fileNames: readonly string[]): string[] {
  return fileNames
    .filter((name) => name.endsWith('.jar'))
    .filter((name) => !PLATFORM_CLASSIFIER.test(name) || name.endsWith(THIS_PLATFORM))
    .sort();
}

/**
 * The lines of Maven's output that say what went wrong, without repository addresses (Maven
 * prints them; they are noise to a user and zkop does not repeat them).
 */
export function mavenFailureSummary(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line.startsWith('[ERROR]') && !/^\[ERROR\]\s*(\[Help|To see|Re-run|For more|$)/.test(line),
    )
    .map((line) =>
      line
        .replace(/^\[ERROR\]\s*/, '')
        .replace(/\s*\([^()]*:\/\/[^()]*\)/g, '')
        .replace(/\S+:\/\/\S+/g, '<repository>')
        .replace(/\s*-> \[Help \d+\]$/, ''),
    );
  return lines.length > 0 ? lines.join('\n') : output.trim().split('\n').slice(-5).join('\n');
}
