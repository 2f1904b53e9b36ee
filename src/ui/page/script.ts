/**
 * The page's script: polls /api/ensembles and /api/metrics every second and updates one section per
 * ensemble in place. A part is replaced only when its HTML changed, and focus and opened details
 * are kept across a replacement, so keyboard users are not thrown back to the top.
 */
import { CHART_SCRIPT } from './script-chart.ts';
import { RENDER_SCRIPT } from './script-render.ts';

const MAIN_SCRIPT = `
const POLL_MS = 1000;
let paused = false;
const rendered = new WeakMap();

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    // The server says why in {error}: e.g. the API server refused to list the objects.
    const reason = await response.json().then((body) => body.error || '', () => '');
    throw new Error(path + ' answered HTTP ' + response.status + (reason ? ': ' + reason : ''));
  }
  return response.json();
}

function replaceKeeping(element, html) {
  if (rendered.get(element) === html) return;
  const focused = document.activeElement && element.contains(document.activeElement) ? document.activeElement.id : '';
  const open = [...element.querySelectorAll('details[open]')].map((d) => d.id);
  element.innerHTML = html;
  rendered.set(element, html);
  for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
  if (focused) { const f = document.getElementById(focused); if (f) f.focus(); }
}

function sectionFor(main, e) {
  const id = 'ensemble-' + slug(e.name);
  let section = document.getElementById(id);
  if (section) return section;
  section = document.createElement('section');
  section.id = id;
  section.dataset.ensemble = e.name;
  section.setAttribute('aria-labelledby', id + '-title');
  section.innerHTML = '<h2 id="' + id + '-title">' + esc(e.name) + '</h2><div class="status"></div><div class="chart"></div>';
  main.append(section);
  return section;
}

function render(ensembles, metrics) {
  const main = document.getElementById('ensembles');
  if (ensembles.length === 0) {
    replaceKeeping(main, '<p>No ensembles here; start one with <code>zkop up -f MANIFEST</code> (on Kubernetes, ' +
      '<code>kubectl apply -f MANIFEST</code> in this namespace).</p>');
    return;
  }
  if (!main.dataset.live) { main.innerHTML = ''; main.dataset.live = '1'; rendered.delete(main); }
  const names = new Set(ensembles.map((e) => 'ensemble-' + slug(e.name)));
  for (const old of [...main.children]) if (!names.has(old.id)) old.remove();
  for (const e of ensembles) {
    const section = sectionFor(main, e);
    replaceKeeping(section.querySelector('.status'), statusHtml(e, metrics[e.name]));
    replaceKeeping(section.querySelector('.chart'), chartHtml(e));
  }
  const nav = ensembles.map((e) => '<a id="nav-' + slug(e.name) + '" href="#ensemble-' + slug(e.name) + '">' + esc(e.name) + '</a>');
  replaceKeeping(document.getElementById('nav'), nav.join(''));
}

async function refresh() {
  const connection = document.getElementById('connection');
  try {
    const [ensembles, metrics] = await Promise.all([getJson('/api/ensembles'), getJson('/api/metrics')]);
    recordMetrics(metrics, Date.now());
    render(ensembles, metrics);
    document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
    connection.textContent = '';
  } catch (error) {
    connection.textContent = 'No update (' + error.message + '); showing what was last known.';
  }
}

async function loop() {
  if (!paused) await refresh();
  setTimeout(loop, POLL_MS);
}

document.getElementById('pause').addEventListener('click', (event) => {
  paused = !paused;
  event.currentTarget.setAttribute('aria-pressed', String(paused));
  event.currentTarget.textContent = paused ? 'Resume updates' : 'Pause updates';
});
loop();
`;

export const PAGE_SCRIPT = `'use strict';\n${RENDER_SCRIPT}${CHART_SCRIPT}${MAIN_SCRIPT}`;
