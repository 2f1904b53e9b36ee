/**
 * The page's script, part 2: the members' request rate and mean latency over the last minute, from
 * successive samples of their metrics endpoints, drawn as SVG lines (a dash pattern per member, so
 * no line is told apart by colour alone) with a table of the latest values.
 */
export const CHART_SCRIPT = `
const HISTORY = 60;
const history = new Map();
const DASHES = ['', '6 3', '2 3', '10 3 2 3', '1 5'];
const COLOURS = ['#1a73e8', '#e37400', '#137333', '#a142f4', '#c5221f'];

function recordMetrics(all, at) {
  for (const [name, byId] of Object.entries(all)) {
    for (const [id, answer] of Object.entries(byId)) {
      const key = name + '/' + id;
      const list = history.get(key) || [];
      list.push(answer.up ? { at, requests: answer.requests, latency: answer.latencyMsSum } : null);
      while (list.length > HISTORY + 1) list.shift();
      history.set(key, list);
    }
  }
}

function rates(key) {
  const list = history.get(key) || [];
  const points = [];
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1], b = list[i];
    if (!a || !b || b.requests < a.requests || b.at <= a.at) { points.push(null); continue; }
    const count = b.requests - a.requests;
    points.push({ perSecond: count / ((b.at - a.at) / 1000), latency: count > 0 ? (b.latency - a.latency) / count : 0 });
  }
  return points;
}

function lineSvg(label, series, field) {
  const width = 320, height = 120;
  const max = Math.max(1, ...series.flatMap((s) => s.points.filter(Boolean).map((p) => p[field])));
  const x = (i) => (i / (HISTORY - 1)) * width;
  const y = (v) => height - 4 - (v / max) * (height - 8);
  const lines = series.map((s, n) => {
    const offset = HISTORY - s.points.length;
    const pts = s.points.map((p, i) => (p ? x(offset + i).toFixed(1) + ',' + y(p[field]).toFixed(1) : null)).filter(Boolean);
    return '<polyline fill="none" stroke-width="2" stroke="' + COLOURS[n % COLOURS.length] + '" stroke-dasharray="' +
      DASHES[n % DASHES.length] + '" points="' + pts.join(' ') + '"></polyline>';
  });
  const scale = '<text x="4" y="14" font-size="12" fill="currentColor">max ' + max.toFixed(1) + '</text>';
  return '<svg width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + ' ' + height +
    '" role="img" aria-label="' + esc(label) + ', last minute, scale 0 to ' + max.toFixed(1) + '">' + scale + lines.join('') + '</svg>';
}

function swatch(n) {
  return '<svg width="40" height="10" aria-hidden="true"><line x1="0" y1="5" x2="40" y2="5" stroke-width="2" stroke="' +
    COLOURS[n % COLOURS.length] + '" stroke-dasharray="' + DASHES[n % DASHES.length] + '"></line></svg> ';
}

function chartHtml(e) {
  const series = e.members.filter((m) => history.has(e.name + '/' + m.id))
    .map((m) => ({ id: m.id, points: rates(e.name + '/' + m.id) }));
  if (series.length === 0) return '<p>No metrics endpoints to chart.</p>';
  const latest = (s, f) => { const p = s.points[s.points.length - 1]; return p ? p[f].toFixed(f === 'perSecond' ? 1 : 2) : 'no sample'; };
  const rows = series.map((s, n) => '<tr><th scope="row">' + s.id + '</th><td>' + swatch(n) +
    (DASHES[n % DASHES.length] ? 'dashed ' + (n % DASHES.length) : 'solid') + '</td><td>' + latest(s, 'perSecond') +
    '</td><td>' + latest(s, 'latency') + '</td></tr>').join('');
  return '<div class="charts"><figure><figcaption>Requests per second</figcaption>' + lineSvg('Requests per second by member', series, 'perSecond') +
    '</figure><figure><figcaption>Mean latency (ms)</figcaption>' + lineSvg('Mean latency in milliseconds by member', series, 'latency') +
    '</figure></div><table><caption>Latest from the metrics endpoints</caption><thead><tr><th scope="col">Member</th>' +
    '<th scope="col">Line</th><th scope="col">Requests/s</th><th scope="col">Mean latency (ms)</th></tr></thead><tbody>' + rows + '</tbody></table>';
}
`;
