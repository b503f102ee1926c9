// Schedules: the list (enable/disable) and one schedule's ticks with their skip reasons.
import { api, ws } from '../api.js';
import { h, badge, time, table, facts, select, swap, button } from '../dom.js';
import { errorBox, act, refreshNow, toast } from '../app.js';
import { Pager } from '../pager.js';

const TICK_STATES = ['', 'TRIGGERED', 'SKIPPED', 'FAILED'];
const SKIP_REASONS = {
  paused: 'paused: the schedule was disabled',
  overlap: 'overlap: the previous tick\'s run was still going',
  catchup_limit: 'catch-up limit: too many missed ticks',
};

function toggle(s) {
  const path = ws('/schedules/' + encodeURIComponent(s.scheduleId) + (s.enabled ? '/disable' : '/enable'));
  return button(s.enabled ? 'Disable' : 'Enable', () => act(() => api.post(path, {}), (r) => 'Schedule ' + r.scheduleId + (r.enabled ? ' enabled' : ' disabled')),
    { class: s.enabled ? '' : 'primary', 'data-fk': 'toggle-' + s.scheduleId, 'aria-label': (s.enabled ? 'Disable ' : 'Enable ') + s.scheduleId });
}

function list(root) {
  let el = h('div', { class: 'loading' }, 'Loading schedules…');
  let last = '';
  const pager = new Pager(() => refreshNow());
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Schedules')), el);
  return {
    title: 'Schedules',
    async refresh() {
      const page = await api.get(ws('/schedules'), { limit: 50, cursor: pager.cursor });
      pager.seen(page.nextCursor);
      const key = JSON.stringify(page) + pager.stack.length;
      if (key === last) return;
      last = key;
      el = swap(el, h('div', { id: 'schedule-list' }, table([
        { title: 'Schedule', header: true, cell: (s) => h('a', { href: '#/schedules/' + encodeURIComponent(s.scheduleId), class: 'mono' }, s.scheduleId) },
        { title: 'State', cell: (s) => badge(s.enabled ? 'ENABLED' : 'DISABLED') },
        { title: 'Cron', cell: (s) => h('code', null, s.cronExpression + ' (' + s.timezone + ')') },
        { title: 'Assets', cell: (s) => s.assetSelection.join(', ') },
        { title: 'Overlap', cell: (s) => s.overlapPolicy },
        { title: 'Last tick', cell: (s) => s.lastScheduledFor ? time(s.lastScheduledFor) : '' },
        { title: '', cell: (s) => toggle(s) },
      ], page.schedules, { label: 'Schedules', empty: 'No schedules. Declare them in the manifest or PUT /schedules/{id}.' }), pager.view('Schedule pages')));
    },
    fail(e) { el = swap(el, h('div', null, errorBox(e))); last = ''; },
  };
}

function detail(root, id) {
  const base = ws('/schedules/' + encodeURIComponent(id));
  let head = h('div', { class: 'page-head' }, h('h1', null, 'Schedule ', h('span', { class: 'mono' }, id)));
  let factsEl = h('div', { class: 'loading' }, 'Loading schedule…');
  let ticksEl = h('div');
  let status = '';
  const pager = new Pager(() => refreshNow());
  let last = '', lastTicks = '';
  root.append(head, factsEl, h('section', { 'aria-labelledby': 'ticks-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'ticks-title' }, 'Ticks'),
      h('div', { class: 'tools' }, select('Status', TICK_STATES.map((s) => [s, s || 'any']), '', (v) => { status = v; pager.reset(); refreshNow(); }, 'tick-status'))),
    ticksEl));
  return {
    title: 'Schedule ' + id,
    async refresh() {
      const [s, ticks] = await Promise.all([api.get(base), api.get(base + '/ticks', { status, limit: 50, cursor: pager.cursor })]);
      pager.seen(ticks.nextCursor);
      const text = JSON.stringify(s);
      if (text !== last) {
        last = text;
        head = swap(head, h('div', { class: 'page-head' }, h('h1', null, 'Schedule ', h('span', { class: 'mono' }, id), ' ', badge(s.enabled ? 'ENABLED' : 'DISABLED')), h('div', { class: 'tools' }, toggle(s))));
        factsEl = swap(factsEl, facts([
          ['Cron', h('code', null, s.cronExpression)],
          ['Time zone', s.timezone],
          ['Assets', s.assetSelection.map((a, i) => [i ? ', ' : '', h('a', { href: '#/assets/' + encodeURIComponent(a) }, a)])],
          ['Overlap policy', s.overlapPolicy],
          ['Catch-up', s.catchupWindowMinutes + ' min window, at most ' + s.maxCatchupTicks + ' tick(s)'],
          ['Last tick for', s.lastScheduledFor ? time(s.lastScheduledFor) : undefined],
          ['Last run key', s.lastRunKey ? h('code', null, s.lastRunKey) : undefined],
          ['Definition', h('code', null, s.definitionVersion)],
        ]));
      }
      const tt = JSON.stringify(ticks) + pager.stack.length;
      if (tt !== lastTicks) {
        lastTicks = tt;
        ticksEl = swap(ticksEl, h('div', { id: 'ticks' }, table([
          { title: 'Scheduled for', header: true, cell: (t) => time(t.scheduledFor) },
          { title: 'Status', cell: (t) => badge(t.status) },
          { title: 'Why', cell: (t) => t.skipReason ? (SKIP_REASONS[t.skipReason] || t.skipReason) : t.errorMessage || '' },
          { title: 'Run', cell: (t) => t.runId ? h('a', { href: '#/runs/' + encodeURIComponent(t.runId), class: 'mono' }, t.runId) : '' },
          { title: 'Run key', cell: (t) => t.runKey ? h('code', null, t.runKey) : '' },
        ], ticks.ticks, { label: 'Ticks', empty: 'No ticks' + (status ? ' with status ' + status : ' yet') + '.' }), pager.view('Tick pages')));
      }
    },
    fail(e) { if (!last) factsEl = swap(factsEl, h('div', null, errorBox(e))); else toast(e.message, 'error'); },
  };
}

export function mount(root, params) {
  return params[0] ? detail(root, params[0]) : list(root);
}
