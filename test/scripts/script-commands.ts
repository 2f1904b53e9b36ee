/**
 * The external commands a shell script calls, found by a deliberately simple reading: the first
 * word of each simple command (after `|`, `&&`, `||`, `;`, `(`, `$(`, `then`, `do`, `else`, `!`,
 * and after the wrappers `exec`, `nice -n N`, `timeout N`, `command`, `env`, `setsid`), minus the shell's
 * own words, the script's functions, assignments and paths. A guard for the install scripts, not
 * a shell parser: heredoc bodies and quoted strings are skipped line by line.
 */

const SHELL_WORDS = new Set(
  (
    'if then else elif fi for in do done while until case esac function select time ' +
    '[ [[ ]] ] { } ! : . source alias break builtin cd continue declare echo eval exec exit export ' +
    'false getopts hash local printf pwd read readonly return set shift shopt test trap true type ' +
    'typeset ulimit umask unalias unset wait mapfile let kill command'
  ).split(' '),
);

const WRAPPERS: Record<string, number> = {
  exec: 0,
  command: 0,
  env: 0,
  nice: 2,
  timeout: 1,
  sudo: 0,
  setsid: 0,
};

/**
 * Strips a line's comment and the contents of its quoted strings (kept as empty quotes), except
 * command substitutions inside double quotes (`"$(cmd)"`), which stay code.
 */
function codeOf(line: string): string {
  let out = '';
  const quotes: string[] = [];
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    const quote = quotes.at(-1);
    if (quote === "'" || (quote === '"' && depth === 0)) {
      if (quote === '"' && c === '$' && line[i + 1] === '(') {
        out += '$(';
        depth = 1;
        i++;
      } else if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        quotes.pop();
        out += c;
      }
      continue;
    }
    if (depth > 0 && c === '(') depth++;
    if (depth > 0 && c === ')') depth--;
    if (c === "'" || (c === '"' && depth === 0)) {
      quotes.push(c);
      out += c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) break;
    else out += c;
  }
  return out;
}

function firstWord(segment: string): string | undefined {
  let words = segment.trim().split(/\s+/).filter(Boolean);
  for (;;) {
    while (words[0] && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(words[0])) words = words.slice(1);
    const word = words[0];
    if (word === undefined) return undefined;
    if (word === 'command' && words[1] === '-v') return undefined;
    const skip = WRAPPERS[word];
    if (skip === undefined) return word;
    words = words.slice(1);
    while (words[0]?.startsWith('-')) words = words.slice(words[0] === '-n' ? 2 : 1);
    words = words.slice(skip === 2 ? 0 : skip);
  }
}

/** Functions the script defines (`name() {` or `function name`). */
export function functionsOf(script: string): Set<string> {
  const names = [...script.matchAll(/^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)/gm)].map((m) => m[1]);
  return new Set(names.filter((n): n is string => n !== undefined));
}

export function commandsOf(script: string): Set<string> {
  const found = new Set<string>();
  let heredocEnd: string | undefined;
  let continued = '';
  for (const raw of script.split('\n')) {
    if (heredocEnd !== undefined) {
      if (raw.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
    const line = continued + codeOf(raw);
    if (line.endsWith('\\')) {
      continued = `${line.slice(0, -1)} `;
      continue;
    }
    continued = '';
    const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(raw);
    if (heredoc) heredocEnd = heredoc[1];
    const segments = line
      .replace(/^\s*[^()$=]*[^\s()$=]\)/, ' ')
      .replace(/[A-Za-z_]\w*\+?=\([^)]*\)/g, ' ')
      .replace(/\$\(\(.*?\)\)|\$\{[^}]*\}/g, ' ')
      .split(/\|\||&&|[|;&`{}]|\$\(|\(|\)|\b(?:then|do|else|elif|if|while|until)\b|^\s*!|\s!\s/);
    for (const segment of segments) {
      const word = firstWord(segment ?? '');
      if (word && /^[a-z][\w.+-]*$/.test(word) && !SHELL_WORDS.has(word)) found.add(word);
    }
  }
  return found;
}
