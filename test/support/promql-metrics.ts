/**
 * The metric names a PromQL expression reads, found by a deliberately simple reading: what is left
 * of the expression once strings, label matchers, ranges, grouping clauses, functions, keywords and
 * numbers are taken out. Enough for zkop's rules and dashboard, not a PromQL parser.
 */

const KEYWORDS = new Set(
  'and or unless by without on ignoring group_left group_right bool offset inf nan atan2'.split(' '),
);

export function metricsOf(expr: string): Set<string> {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?/g)) {
    const [token, call] = [m[0].replace(/\s*\($/, ''), m[1]];
    if (call || KEYWORDS.has(token.toLowerCase())) continue;
    // A digit before it makes it part of a number (1e3) or a duration; a $ makes it a variable.
    const before = stripped[(m.index ?? 0) - 1] ?? ' ';
    if (/[0-9.$]/.test(before)) continue;
    names.add(token);
  }
  return names;
}
