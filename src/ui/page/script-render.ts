/**
 * The page's script, part 1: HTML for one ensemble from what /api/ensembles returns (the JSON of
 * `zkop status -o json`) and its members' metrics endpoints. Plain JS sent as text; every value is
 * escaped. Rows and the operation carry data-* attributes naming what they show.
 */
export const RENDER_SCRIPT = String.raw`
const esc = (v) => String(v).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
const show = (v) => (v === null || v === undefined || v === '' ? '-' : esc(v));
const slug = (name) => String(name).replace(/[^A-Za-z0-9_-]/g, '_');

function summaryHtml(e) {
  const leader = e.leader === null ? 'no leader' : 'leader ' + e.leader;
  const health = e.healthy
    ? '<strong class="ok">healthy</strong>'
    : '<strong class="bad">' + (e.members.some((m) => m.pid !== null) ? 'degraded' : 'stopped') + '</strong>';
  return '<p>ZooKeeper ' + esc(e.version) + ' - ' + e.serving + '/' + e.members.length + ' serving, ' +
    leader + ', ' + e.servingParticipants + '/' + e.participants + ' voting members serving (quorum ' +
    e.quorum + ') - ' + health + '</p>';
}

function operationHtml(op) {
  if (!op) return '<p class="operation none" data-operation="">No operation in progress.</p>';
  const waiting = op.waitingFor ? '; waiting for ' + esc(op.waitingFor) : '';
  const gone = op.interrupted
    ? ' <strong class="bad">(interrupted: zkop pid ' + op.pid + ' is gone; zkop up, scale or restart resumes it)</strong>'
    : '';
  return '<p class="operation" data-operation="' + esc(op.type) + '" data-step="' + esc(op.step) +
    '" data-waiting-for="' + esc(op.waitingFor) + '">Operation: <strong>' + esc(op.type) + '</strong>' +
    (op.step ? ': ' + esc(op.step) : '') + waiting + gone + '</p>';
}

function metricsCell(e, m, metrics) {
  if (m.metricsUrl === null) return '<td data-metrics="none">none</td>';
  const link = '<a id="metrics-' + slug(e.name) + '-' + m.id + '" href="' + esc(m.metricsUrl) + '">' + esc(m.metricsUrl) + '</a>';
  const answer = metrics && metrics[String(m.id)];
  if (!answer) return '<td data-metrics="unknown">' + link + '</td>';
  if (answer.up) return '<td data-metrics="up">' + link + ' (up)</td>';
  return '<td data-metrics="down">' + link + ' <span class="bad down">(down: ' + esc(answer.problem) + ')</span></td>';
}

const COLUMNS = ['ID', 'Role', 'State', 'ZXID', 'Config version', 'Version', 'PID', 'Client', 'Metrics', 'Problem'];

function memberRow(e, m, metrics) {
  const role = m.role === 'down' ? '<span class="bad down">down</span>' : esc(m.role);
  const state = m.state === 'serving' ? esc(m.state) : '<span class="bad down">' + esc(m.state) + '</span>';
  return '<tr data-member-id="' + m.id + '" data-role="' + esc(m.role) + '" data-state="' + esc(m.state) + '">' +
    '<th scope="row">' + m.id + '</th><td>' + role + '</td><td>' + state + '</td><td>' + show(m.zxid) +
    '</td><td>' + show(m.configVersion) + '</td><td>' + show(m.version) + '</td><td>' + show(m.pid) +
    '</td><td>' + esc(m.host + ':' + m.ports.client) + '</td>' + metricsCell(e, m, metrics) +
    '<td>' + show(m.problem) + '</td></tr>';
}

function membersHtml(e, metrics) {
  const head = COLUMNS.map((c) => '<th scope="col">' + c + '</th>').join('');
  return '<table data-members="' + esc(e.name) + '"><caption>Members of ' + esc(e.name) + '</caption><thead><tr>' +
    head + '</tr></thead><tbody>' + e.members.map((m) => memberRow(e, m, metrics)).join('') + '</tbody></table>';
}

function configHtml(e) {
  const id = 'config-' + slug(e.name);
  if (!e.committedConfig) return '<p id="' + id + '">Committed config: not known (no member can tell).</p>';
  return '<details id="' + id + '"><summary id="' + id + '-summary">Committed config, version ' + esc(e.committedConfig.version) +
    '</summary><pre>' + e.committedConfig.servers.map(esc).join('\n') + '</pre></details>';
}

function statusHtml(e, metrics) {
  return summaryHtml(e) + operationHtml(e.operation) + membersHtml(e, metrics) + configHtml(e) +
    '<p>Connect: <code>' + esc(e.connectString) + '</code></p>';
}
`;
