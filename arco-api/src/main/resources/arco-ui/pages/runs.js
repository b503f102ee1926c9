// The runs list: state filter, cursor paging, live.
import { api, ws } from '../api.js';
import { h, badge, time, table, select, fmtDuration, between, shortId, swap } from '../dom.js';
import { errorBox, setQuery, refreshNow } from '../app.js';
import { Pager } from '../pager.js';

const STATES = ['', 'PENDING', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export function mount(root, params, query) {
  let state = query.get('state') || '';
  const pager = new Pager(() => refreshNow());
  let listEl = h('div', { class: 'loading' }, 'Loading runs…');
  let last = '';
  const filter = select('State', STATES.map((s) => [s, s || 'any']), state, (v) => {
    state = v;
    pager.reset();
    setQuery({ state });
    refreshNow();
  }, 'run-state');
  root.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Runs'), h('div', { class: 'tools' }, filter)),
    listEl);
  return {
    title: 'Runs',
    async refresh() {
      const page = await api.get(ws('/runs'), { state, limit: 25, cursor: pager.cursor });
      pager.seen(page.nextCursor);
      const key = JSON.stringify(page) + pager.stack.length;
      if (key === last) return;
      last = key;
      const t = table([
        { title: 'Run', header: true, cell: (r) => h('a', { href: '#/runs/' + encodeURIComponent(r.runId), class: 'mono', title: r.runId }, r.runId) },
        { title: 'State', cell: (r) => badge(r.state) },
        { title: 'Created', cell: (r) => time(r.createdAt) },
        { title: 'Duration', cell: (r) => fmtDuration(between(r.createdAt, r.completedAt)), class: 'num' },
        { title: 'Tasks', cell: (r) => h('span', null, r.tasksSucceeded + ' ✓ · ' + r.tasksFailed + ' ✗ · ' + r.taskCount + ' total'), class: 'num' },
        { title: 'Rerun of', cell: (r) => r.parentRunId ? h('span', null, h('a', { href: '#/runs/' + encodeURIComponent(r.parentRunId), class: 'mono' }, shortId(r.parentRunId)), ' ', h('span', { class: 'muted' }, r.rerunKind === 'FROM_FAILURE' ? 'from failure' : 'subset')) : '' },
      ], page.runs, { label: 'Runs', key: (r) => r.runId, empty: state ? 'No ' + state + ' runs.' : 'No runs yet. Trigger one with arco run or POST /runs.' });
      listEl = swap(listEl, h('div', { id: 'runs-list' }, t, pager.view('Run pages')));
    },
    fail(e) { listEl = swap(listEl, h('div', null, errorBox(e))); last = ''; },
  };
}
