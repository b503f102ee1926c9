// The run queue: the workspace's concurrency limits (editable) and why each pending run waits.
import { api, ws } from '../api.js';
import { h, time, table, swap, button } from '../dom.js';
import { errorBox, act, toast } from '../app.js';
import { queueText } from './run.js';

const PENDING_SHOWN = 50;

function limitsForm(settings) {
  const rows = h('div', { class: 'stack', id: 'label-limits' });
  const addRow = (l) => {
    const row = h('div', { class: 'tools limit-row' },
      h('label', null, 'Label ', h('input', { name: 'label', value: l.label || '', size: 14, required: true })),
      h('label', null, 'Value ', h('input', { name: 'value', value: l.value === undefined ? '' : l.value, size: 14, placeholder: 'any value' })),
      h('label', null, 'Limit ', h('input', { name: 'limit', type: 'number', min: 1, value: l.limit || 1, required: true })),
      button('Remove', () => row.remove(), { 'aria-label': 'Remove this label limit' }));
    rows.append(row);
  };
  (settings.labelLimits || []).forEach(addRow);
  const max = h('input', { name: 'maxConcurrentRuns', type: 'number', min: 1, value: settings.maxConcurrentRuns === undefined ? '' : settings.maxConcurrentRuns, placeholder: 'no limit' });
  const form = h('form', { class: 'settings-form', id: 'settings-form', 'aria-label': 'Concurrency limits' },
    h('label', null, 'Runs in progress at most (workspace)', max),
    h('fieldset', null, h('legend', null, 'Label limits'), rows, button('Add a label limit', () => addRow({}))),
    h('div', { class: 'tools' }, h('button', { class: 'primary', type: 'submit' }, 'Save limits')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { labelLimits: [] };
    if (max.value.trim()) body.maxConcurrentRuns = Number(max.value);
    rows.querySelectorAll('.limit-row').forEach((r) => {
      const l = { label: r.querySelector('[name=label]').value, limit: Number(r.querySelector('[name=limit]').value) };
      const v = r.querySelector('[name=value]').value;
      if (v !== '') l.value = v;
      body.labelLimits.push(l);
    });
    await act(() => api.put(ws('/settings'), body), 'Limits saved');
  });
  return form;
}

export function mount(root) {
  let settingsEl = h('div', { class: 'loading' }, 'Loading settings…');
  let waitingEl = h('div');
  let lastSettings = '', lastWaiting = '';
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Run queue')),
    h('p', { class: 'muted' }, 'A run that would exceed a limit stays PENDING until a slot frees; runs are admitted first come, first served.'),
    h('section', { 'aria-labelledby': 'limits-title' }, h('h2', { id: 'limits-title' }, 'Limits'), settingsEl),
    h('section', { 'aria-labelledby': 'waiting-title' }, h('h2', { id: 'waiting-title' }, 'Pending runs and why they wait'), waitingEl));
  return {
    title: 'Queue',
    async refresh() {
      const [settings, pending, running] = await Promise.all([
        api.get(ws('/settings')),
        api.get(ws('/runs'), { state: 'PENDING', limit: PENDING_SHOWN }),
        api.get(ws('/runs'), { state: 'RUNNING', limit: 200 }),
      ]);
      const st = JSON.stringify(settings);
      if (st !== lastSettings) {
        const editing = settingsEl.contains(document.activeElement);
        if (!editing || !lastSettings) {
          lastSettings = st;
          settingsEl = swap(settingsEl, h('div', null, limitsForm(settings)));
        }
      }
      const details = await Promise.all(pending.runs.map((r) => api.get(ws('/runs/' + encodeURIComponent(r.runId))).catch(() => null)));
      const rows = details.filter(Boolean);
      const wt = JSON.stringify([rows.map((r) => [r.runId, r.state, r.queueReasons]), running.runs.length]);
      if (wt === lastWaiting) return;
      lastWaiting = wt;
      waitingEl = swap(waitingEl, h('div', { id: 'pending-runs' },
        h('p', null, running.runs.length + (running.nextCursor ? '+' : '') + ' run(s) running, ' + pending.runs.length + (pending.nextCursor ? '+' : '') + ' pending.'),
        table([
          { title: 'Run', header: true, cell: (r) => h('a', { href: '#/runs/' + encodeURIComponent(r.runId), class: 'mono' }, r.runId) },
          { title: 'Created', cell: (r) => time(r.createdAt) },
          { title: 'Labels', cell: (r) => Object.entries(r.labels || {}).map(([k, v]) => k + '=' + v).join(', ') },
          { title: 'Waiting for', cell: (r) => (r.queueReasons || []).length ? h('ul', { class: 'plain' }, r.queueReasons.map((q) => h('li', null, queueText(q)))) : h('span', { class: 'muted' }, 'not held by a limit (planned, waiting for a worker)') },
        ], rows, { label: 'Pending runs', empty: 'No pending runs.' })));
    },
    fail(e) { if (!lastSettings) settingsEl = swap(settingsEl, h('div', null, errorBox(e))); else toast(e.message, 'error'); },
  };
}
