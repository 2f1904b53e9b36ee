/**
 * The page's script, part 1: HTML for one ensemble from what /api/ensembles returns (the JSON of
 * `zkop status -o json`, or a ZooKeeper object's view: ui/kubernetes/ensemble-view.ts) and its
 * members' metrics endpoints. An ensemble with a namespace is a Kubernetes one: its members show
 * their pod and node instead of a pid and client address, and its conditions and recent Events are
 * shown. Plain JS sent as text; every value is escaped. Rows and the operation carry data-*
 * attributes naming what they show.
 */
export const RENDER_SCRIPT = String.raw`
const esc = (v) => String(v).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
const show = (v) => (v === null || v === undefined || v === '' ? '-' : esc(v));
const slug = (name) => String(name).replace(/[^A-Za-z0-9_-]/g, '_');

const onKubernetes = (e) => e.namespace !== undefined;

function summaryHtml(e) {
  const leader = e.leader === null ? 'no leader' : 'leader ' + e.leader;
  const unhealthy = onKubernetes(e) ? (e.phase || 'not ready') : e.members.some((m) => m.pid !== null) ? 'degraded' : 'stopped';
  const health = e.healthy
    ? '<strong class="ok">' + (onKubernetes(e) ? esc(e.phase || 'Ready') : 'healthy') + '</strong>'
    : '<strong class="bad">' + esc(unhealthy) + '</strong>';
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
    (op.step ? ': ' + esc(op.step) : '') + waiting + gone + (op.startedAt ? ' (since ' + esc(op.startedAt) + ')' : '') + '</p>';
}

function metricsCell(e, m, metrics) {
  if (m.metricsUrl === null) return '<td data-metrics="none">none</td>';
  // On Kubernetes it is the API server's pod proxy path, which the browser has no credentials for.
  const link = onKubernetes(e)
    ? 'pod proxy <code>' + esc(m.metricsUrl) + '</code>'
    : '<a id="metrics-' + slug(e.name) + '-' + m.id + '" href="' + esc(m.metricsUrl) + '">' + esc(m.metricsUrl) + '</a>';
  const answer = metrics && metrics[String(m.id)];
  if (!answer) return '<td data-metrics="unknown">' + link + '</td>';
  if (answer.up) return '<td data-metrics="up">' + link + ' (up)</td>';
  return '<td data-metrics="down">' + link + ' <span class="bad down">(down: ' + esc(answer.problem) + ')</span></td>';
}

const COLUMNS = ['ID', 'Role', 'State', 'ZXID', 'Lag', 'Config version', 'Version', 'PID', 'Client', 'Metrics', 'Problem'];
const KUBERNETES_COLUMNS = ['ID', 'Role', 'State', 'ZXID', 'Lag', 'Version', 'Pod', 'Node', 'Restarts', 'Metrics', 'Problem'];

/**
 * Transactions a member is behind the leader: the difference of their zxids in the leader's epoch;
 * 'earlier epoch' when it has not caught up to the leader's epoch yet; '-' when either is unknown.
 */
function lagOf(e, m) {
  const leader = e.members.find((x) => x.id === e.leader);
  if (!leader || !leader.zxid || !m.zxid) return '-';
  const a = BigInt(leader.zxid), b = BigInt(m.zxid);
  if (b >> 32n < a >> 32n) return 'earlier epoch';
  return String(a > b ? a - b : 0n);
}

function memberRow(e, m, metrics) {
  const role = m.role === 'down' ? '<span class="bad down">down</span>' : esc(m.role);
  const state = m.state === 'serving' ? esc(m.state) : '<span class="bad down">' + esc(m.state) + '</span>';
  const where = onKubernetes(e)
    ? '<td>' + esc(m.pod) + '</td><td>' + show(m.node) + '</td><td>' + m.restarts + '</td>'
    : '<td>' + show(m.configVersion) + '</td><td>' + show(m.version) + '</td><td>' + show(m.pid) +
      '</td><td>' + esc(m.host + ':' + m.ports.client) + '</td>';
  const version = onKubernetes(e) ? '<td>' + show(m.version) + '</td>' : '';
  return '<tr data-member-id="' + m.id + '" data-role="' + esc(m.role) + '" data-state="' + esc(m.state) + '">' +
    '<th scope="row">' + m.id + '</th><td>' + role + '</td><td>' + state + '</td><td>' + show(m.zxid) +
    '</td><td>' + esc(lagOf(e, m)) + '</td>' + version + where + metricsCell(e, m, metrics) +
    '<td>' + show(m.problem) + '</td></tr>';
}

function membersHtml(e, metrics) {
  const head = (onKubernetes(e) ? KUBERNETES_COLUMNS : COLUMNS).map((c) => '<th scope="col">' + c + '</th>').join('');
  return '<table data-members="' + esc(e.name) + '"><caption>Members of ' + esc(e.name) + '</caption><thead><tr>' +
    head + '</tr></thead><tbody>' + e.members.map((m) => memberRow(e, m, metrics)).join('') + '</tbody></table>';
}

function configHtml(e) {
  const id = 'config-' + slug(e.name);
  if (!e.committedConfig) return '<p id="' + id + '">Committed config: not known (no member can tell).</p>';
  return '<details id="' + id + '"><summary id="' + id + '-summary">Committed config, version ' + esc(e.committedConfig.version) +
    '</summary><pre>' + e.committedConfig.servers.map(esc).join('\n') + '</pre></details>';
}

function conditionsHtml(e) {
  if (!e.conditions || e.conditions.length === 0) return '';
  const rows = e.conditions.map((c) => '<tr data-condition="' + esc(c.type) + '" data-status="' + esc(c.status) + '"><th scope="row">' +
    esc(c.type) + '</th><td>' + esc(c.status) + '</td><td>' + show(c.reason) + '</td><td>' + show(c.message) +
    '</td><td>' + show(c.lastTransitionTime) + '</td></tr>').join('');
  return '<table data-conditions="' + esc(e.name) + '"><caption>Conditions</caption><thead><tr><th scope="col">Type</th>' +
    '<th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">Since</th></tr></thead><tbody>' +
    rows + '</tbody></table>';
}

function eventsHtml(e) {
  if (!onKubernetes(e)) return '';
  if (e.eventsProblem) return '<p data-events="unread">Recent Events: <span class="bad">' + esc(e.eventsProblem) + '</span></p>';
  if (e.events.length === 0) return '<p data-events="none">Recent Events: none.</p>';
  const rows = e.events.map((v) => '<tr data-event-reason="' + esc(v.reason) + '"><td>' + esc(v.time) + '</td><td>' +
    (v.type === 'Warning' ? '<span class="bad">Warning</span>' : esc(v.type)) + '</td><td>' + esc(v.reason) + '</td><td>' +
    esc(v.note) + '</td><td>' + v.count + '</td></tr>').join('');
  return '<table data-events="' + esc(e.name) + '"><caption>Recent Events, newest first</caption><thead><tr><th scope="col">Time</th>' +
    '<th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Note</th><th scope="col">Count</th></tr></thead><tbody>' +
    rows + '</tbody></table>';
}

function statusHtml(e, metrics) {
  const where = onKubernetes(e) ? '<p>Namespace <code>' + esc(e.namespace) + '</code></p>' : '';
  return where + summaryHtml(e) + operationHtml(e.operation) + membersHtml(e, metrics) + configHtml(e) +
    conditionsHtml(e) + eventsHtml(e) + '<p>Connect: <code>' + show(e.connectString) + '</code></p>';
}
`;
