// Entry point: hash routing, the connection dialog, live polling of the current page.
import { api, connection, onUnauthorized, tokenWorkspace, ApiError } from './api.js';
import { h } from './dom.js';
import * as runs from './pages/runs.js';
import * as run from './pages/run.js';
import * as backfills from './pages/backfills.js';
import * as backfill from './pages/backfill.js';
import * as assets from './pages/assets.js';
import * as asset from './pages/asset.js';
import * as schedules from './pages/schedules.js';
import * as sensors from './pages/sensors.js';
import * as queue from './pages/queue.js';

const POLL_MS = 2000;

const ROUTES = [
  [/^\/runs$/, runs, 'runs'],
  [/^\/runs\/([^/]+)$/, run, 'runs'],
  [/^\/backfills$/, backfills, 'backfills'],
  [/^\/backfills\/([^/]+)$/, backfill, 'backfills'],
  [/^\/assets$/, assets, 'assets'],
  [/^\/assets\/([^/]+)$/, asset, 'assets'],
  [/^\/schedules$/, schedules, 'schedules'],
  [/^\/schedules\/([^/]+)$/, schedules, 'schedules'],
  [/^\/sensors$/, sensors, 'sensors'],
  [/^\/sensors\/([^/]+)$/, sensors, 'sensors'],
  [/^\/queue$/, queue, 'queue'],
];

let current = null; // {gen, page, timer}
let generation = 0;

/** Parses `#/path?x=1` into {path, query}. */
function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/runs';
  const [path, qs] = raw.split('?');
  return { path, query: new URLSearchParams(qs || '') };
}

/** Navigates to a hash route, optionally replacing the history entry. */
export function go(path, replace) {
  const target = '#' + path;
  if (replace) history.replaceState(null, '', target); else location.hash = path;
  if (replace) route();
}

/** Updates the hash query of the current route without a new history entry or re-mount. */
export function setQuery(params) {
  const { path } = parseHash();
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  history.replaceState(null, '', '#' + path + (s ? '?' + s : ''));
}

/** A short message for screen readers and eyes: `toast('Run cancelled')`. */
export function toast(text, kind) {
  const t = document.getElementById('toast');
  t.className = 'toast show' + (kind ? ' ' + kind : '');
  t.textContent = text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.className = 'toast'; }, 5000);
}

/** Asks before a destructive action; resolves true when confirmed. */
export function confirmAction(text, okLabel) {
  const d = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel || 'Confirm';
  d.returnValue = '';
  d.showModal();
  return new Promise((resolve) => d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true }));
}

/** Runs an action, reporting success or the API's error; refreshes the page after it. */
export async function act(fn, done) {
  try {
    const out = await fn();
    if (done) toast(typeof done === 'function' ? done(out) : done);
    refreshNow();
    return out;
  } catch (e) {
    toast(errorText(e), 'error');
    return undefined;
  }
}

export function errorText(e) {
  if (e instanceof ApiError) return (e.status ? e.status + ' ' : '') + e.code + ': ' + e.message;
  return String(e && e.message ? e.message : e);
}

/** An error box for a page section. */
export function errorBox(e) {
  return h('div', { class: 'error-box', role: 'alert' }, errorText(e));
}

function route() {
  connLabel();
  const { path, query } = parseHash();
  generation++;
  const gen = generation;
  if (current) {
    clearTimeout(current.timer);
    if (current.page && current.page.dispose) current.page.dispose();
  }
  const main = document.getElementById('main');
  main.replaceChildren();
  let match = null;
  for (const [re, mod, section] of ROUTES) {
    const m = path.match(re);
    if (m) { match = { mod, section, params: m.slice(1).map(decodeURIComponent) }; break; }
  }
  document.querySelectorAll('#nav a').forEach((a) => {
    if (match && a.dataset.section === match.section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (!match) {
    main.append(h('h1', null, 'Not found'), h('p', null, 'No page at ', h('code', null, path), '. ', h('a', { href: '#/runs' }, 'Go to runs')));
    document.title = 'Not found · Arco';
    return;
  }
  const page = match.mod.mount(main, match.params, query);
  current = { gen, page, timer: 0 };
  document.title = (page.title || 'Arco') + ' · Arco';
  main.focus({ preventScroll: true });
  tick(gen);
}

async function tick(gen) {
  if (!current || current.gen !== gen) return;
  const page = current.page;
  const live = document.getElementById('live');
  try {
    if (!document.hidden || !page.loaded) {
      await page.refresh();
      page.loaded = true;
      live.classList.remove('stale');
    }
  } catch (e) {
    live.classList.add('stale');
    if (page.fail) page.fail(e); else console.error(e);
  }
  if (current && current.gen === gen && page.live !== false) {
    current.timer = setTimeout(() => tick(gen), POLL_MS);
  }
}

/** Refreshes the current page at once (after an action). */
export function refreshNow() {
  if (!current) return;
  clearTimeout(current.timer);
  tick(current.gen);
}

function showConnection(message) {
  const d = document.getElementById('conn-dialog');
  const f = document.getElementById('conn-form');
  f.tenant.value = connection.tenant;
  f.workspace.value = connection.workspace;
  f.user.value = connection.user;
  f.token.value = connection.token;
  document.getElementById('conn-message').textContent = message || 'Dev mode: tenant and workspace are sent as headers. JWT mode: paste a token; its workspace claim picks the workspace.';
  if (!d.open) d.showModal();
}

function connLabel() {
  document.getElementById('conn-button').textContent =
    (connection.token ? 'token · ' : connection.tenant + ' / ') + connection.workspace;
}

function init() {
  document.getElementById('conn-button').addEventListener('click', () => showConnection());
  const d = document.getElementById('conn-dialog');
  d.addEventListener('close', () => {
    if (d.returnValue !== 'save') return;
    const f = document.getElementById('conn-form');
    const token = f.token.value.trim();
    const claimed = token ? tokenWorkspace(token) : '';
    connection.save({ tenant: f.tenant.value, workspace: claimed || f.workspace.value, user: f.user.value, token });
    connLabel();
    route();
  });
  onUnauthorized((e) => showConnection('The server refused the request (' + e.code + ': ' + e.message + '). ' +
    (e.code === 'UNAUTHORIZED' ? 'Check the tenant and workspace.' : 'This server runs in JWT mode: paste a bearer token.')));
  connLabel();
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshNow(); });
  api.get('/version').then((v) => {
    document.getElementById('server-version').textContent = 'Arco ' + (v.packageVersion || '') + (v.gitSha ? ' · ' + v.gitSha : '');
  }).catch(() => {});
  route();
}

init();
