// Sensors: the list (pause/resume) and one sensor's evaluations, with a push / dry-run form.
import { api, ws } from '../api.js';
import { h, badge, time, table, facts, select, swap, button } from '../dom.js';
import { errorBox, act, refreshNow, toast, errorText } from '../app.js';
import { Pager } from '../pager.js';

const EVAL_STATES = ['', 'TRIGGERED', 'NO_NEW_DATA', 'ERROR', 'SKIPPED_STALE_CURSOR'];

function toggle(s) {
  const paused = s.status === 'PAUSED';
  const path = ws('/sensors/' + encodeURIComponent(s.sensorId) + (paused ? '/resume' : '/pause'));
  return button(paused ? 'Resume' : 'Pause', () => act(() => api.post(path, {}), (r) => 'Sensor ' + r.sensorId + ' ' + r.status.toLowerCase()),
    { class: paused ? 'primary' : '', 'data-fk': 'toggle-' + s.sensorId, 'aria-label': (paused ? 'Resume ' : 'Pause ') + s.sensorId });
}

function list(root) {
  let el = h('div', { class: 'loading' }, 'Loading sensors…');
  let last = '';
  const pager = new Pager(() => refreshNow());
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Sensors')), el);
  return {
    title: 'Sensors',
    async refresh() {
      const page = await api.get(ws('/sensors'), { limit: 50, cursor: pager.cursor });
      pager.seen(page.nextCursor);
      const key = JSON.stringify(page) + pager.stack.length;
      if (key === last) return;
      last = key;
      el = swap(el, h('div', { id: 'sensor-list' }, table([
        { title: 'Sensor', header: true, cell: (s) => h('a', { href: '#/sensors/' + encodeURIComponent(s.sensorId), class: 'mono' }, s.sensorId) },
        { title: 'Kind', cell: (s) => s.kind },
        { title: 'Status', cell: (s) => badge(s.status) },
        { title: 'Assets', cell: (s) => (s.assetSelection || []).join(', ') },
        { title: 'Last evaluation', cell: (s) => s.lastEvaluationAt ? time(s.lastEvaluationAt) : '' },
        { title: 'Next evaluation', cell: (s) => s.nextEvaluationAt ? time(s.nextEvaluationAt) : '' },
        { title: 'Cursor', cell: (s) => s.cursor ? h('code', null, s.cursor) : '' },
        { title: '', cell: (s) => toggle(s) },
      ], page.sensors, { label: 'Sensors', empty: 'No sensors. Declare them in the manifest.' }), pager.view('Sensor pages')));
    },
    fail(e) { el = swap(el, h('div', null, errorBox(e))); last = ''; },
  };
}

function evaluateForm(id) {
  const out = h('div', { id: 'evaluate-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', 'aria-label': 'Evaluate a push message' },
    h('label', null, 'Payload (JSON)', h('textarea', { name: 'payload', rows: 3, cols: 40, spellcheck: 'false' }, '{}')),
    h('label', null, 'Message id (optional)', h('input', { name: 'messageId', autocomplete: 'off' })),
    h('label', null, 'Partition key (optional)', h('input', { name: 'partitionKey', autocomplete: 'off', placeholder: 'date=d:2026-01-01' })),
    h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'dryRun', checked: true }), 'Dry run (write nothing)'),
    h('button', { class: 'primary', type: 'submit' }, 'Evaluate'), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let payload;
    try { payload = JSON.parse(form.payload.value || '{}'); } catch (e) { out.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, 'The payload is not JSON: ' + e.message)); return; }
    const body = { payload, dryRun: form.dryRun.checked };
    if (form.messageId.value.trim()) body.messageId = form.messageId.value.trim();
    if (form.partitionKey.value.trim()) body.attributes = { partitionKey: form.partitionKey.value.trim() };
    try {
      const r = await api.post(ws('/sensors/' + encodeURIComponent(id) + '/evaluate'), body);
      out.replaceChildren(h('div', { class: 'callout' }, h('strong', null, r.dryRun ? 'Dry run: ' : 'Evaluated: '), badge(r.status), ' ',
        (r.runRequests || []).length + ' run request(s)' + (r.runRequests && r.runRequests.length ? ': ' + r.runRequests.map((q) => q.runKey || JSON.stringify(q)).join(', ') : '') +
        ', ' + r.eventsWritten + ' event(s) written' + (r.deduplicated ? ' (a repeat of message ' + r.messageId + ')' : '') + (r.warning ? ' — ' + r.warning : '') + (r.message ? ' — ' + r.message : '')));
      refreshNow();
    } catch (e) {
      out.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, errorText(e)));
    }
  });
  return form;
}

function detail(root, id) {
  const base = ws('/sensors/' + encodeURIComponent(id));
  let head = h('div', { class: 'page-head' }, h('h1', null, 'Sensor ', h('span', { class: 'mono' }, id)));
  let factsEl = h('div', { class: 'loading' }, 'Loading sensor…');
  const formBox = h('section', { 'aria-labelledby': 'eval-title' }, h('h2', { id: 'eval-title' }, 'Evaluate a message'), evaluateForm(id));
  let evalsEl = h('div');
  let status = '';
  const pager = new Pager(() => refreshNow());
  let last = '', lastEvals = '';
  root.append(head, factsEl, formBox, h('section', { 'aria-labelledby': 'evals-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'evals-title' }, 'Evaluations'),
      h('div', { class: 'tools' }, select('Status', EVAL_STATES.map((s) => [s, s ? s.toLowerCase() : 'any']), '', (v) => { status = v; pager.reset(); refreshNow(); }, 'eval-status'))),
    evalsEl));
  return {
    title: 'Sensor ' + id,
    async refresh() {
      const [s, evals] = await Promise.all([api.get(base), api.get(base + '/evals', { status, limit: 50, cursor: pager.cursor })]);
      pager.seen(evals.nextCursor);
      const text = JSON.stringify(s);
      if (text !== last) {
        last = text;
        head = swap(head, h('div', { class: 'page-head' }, h('h1', null, 'Sensor ', h('span', { class: 'mono' }, id), ' ', badge(s.status)), h('div', { class: 'tools' }, toggle(s))));
        factsEl = swap(factsEl, facts([
          ['Kind', s.kind],
          ['Assets', (s.assetSelection || []).map((a, i) => [i ? ', ' : '', h('a', { href: '#/assets/' + encodeURIComponent(a) }, a)])],
          ['Cursor', s.cursor ? h('code', null, s.cursor) : undefined],
          ['Last evaluation', s.lastEvaluationAt ? time(s.lastEvaluationAt) : undefined],
          ['Next evaluation', s.nextEvaluationAt ? time(s.nextEvaluationAt) : undefined],
          ['Minimum interval', s.minIntervalSeconds !== undefined ? s.minIntervalSeconds + ' s' : undefined],
          ['State version', String(s.stateVersion)],
        ]));
        formBox.hidden = s.kind === 'poll';
      }
      const et = JSON.stringify(evals) + pager.stack.length;
      if (et !== lastEvals) {
        lastEvals = et;
        evalsEl = swap(evalsEl, h('div', { id: 'evals' }, table([
          { title: 'Evaluated', header: true, cell: (e) => time(e.evaluatedAt) },
          { title: 'Status', cell: (e) => badge(e.status.status) },
          { title: 'Why', cell: (e) => e.status.message || '' },
          { title: 'Source', cell: (e) => e.triggerSource.source + (e.triggerSource.messageId ? ' ' + e.triggerSource.messageId : '') },
          { title: 'Runs requested', cell: (e) => String(e.runRequestsCount), class: 'num' },
          { title: 'Run keys', cell: (e) => e.runKeys.length ? h('span', { class: 'stack' }, e.runKeys.map((k) => h('code', null, k))) : '' },
          { title: 'Cursor', cell: (e) => (e.cursorBefore || e.cursorAfter) ? (e.cursorBefore || '∅') + ' → ' + (e.cursorAfter || '∅') : '' },
        ], evals.evals, { label: 'Evaluations', empty: 'No evaluations' + (status ? ' with status ' + status.toLowerCase() : ' yet') + '.' }), pager.view('Evaluation pages')));
      }
    },
    fail(e) { if (!last) factsEl = swap(factsEl, h('div', null, errorBox(e))); else toast(e.message, 'error'); },
  };
}

export function mount(root, params) {
  return params[0] ? detail(root, params[0]) : list(root);
}
