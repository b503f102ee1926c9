// The backfills list: state filter, cursor paging, chunk progress per backfill.
import { api, ws } from '../api.js';
import { h, badge, time, table, select, swap, progress } from '../dom.js';
import { errorBox, setQuery, refreshNow } from '../app.js';
import { Pager } from '../pager.js';

const STATES = ['', 'PENDING', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

/** The chunk progress bar of a backfill. */
export function chunkProgress(b) {
  const c = b.chunkCounts;
  return progress([
    ['succeeded', c.succeeded, 'st-SUCCEEDED'],
    ['failed', c.failed, 'st-FAILED'],
    ['running', c.running, 'st-RUNNING'],
    ['cancelled', c.cancelled, 'st-CANCELLED'],
    ['pending', c.pending, 'st-PENDING'],
  ], c.total, 'Chunks of backfill ' + b.backfillId);
}

export function mount(root, params, query) {
  let state = query.get('state') || '';
  const pager = new Pager(() => refreshNow());
  let listEl = h('div', { class: 'loading' }, 'Loading backfills…');
  let last = '';
  root.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Backfills'), h('div', { class: 'tools' },
      select('State', STATES.map((s) => [s, s || 'any']), state, (v) => { state = v; pager.reset(); setQuery({ state }); refreshNow(); }, 'backfill-state'))),
    listEl);
  return {
    title: 'Backfills',
    async refresh() {
      const page = await api.get(ws('/backfills'), { state, limit: 25, cursor: pager.cursor });
      pager.seen(page.nextCursor);
      const key = JSON.stringify(page) + pager.stack.length;
      if (key === last) return;
      last = key;
      listEl = swap(listEl, h('div', null, table([
        { title: 'Backfill', header: true, cell: (b) => h('a', { href: '#/backfills/' + encodeURIComponent(b.backfillId), class: 'mono' }, b.backfillId) },
        { title: 'Asset', cell: (b) => b.assetSelection.join(', ') },
        { title: 'State', cell: (b) => badge(b.state) },
        { title: 'Partitions', cell: (b) => b.totalPartitions.toLocaleString(), class: 'num' },
        { title: 'Chunks', cell: (b) => chunkProgress(b), class: 'wide' },
        { title: 'Created', cell: (b) => time(b.createdAt) },
      ], page.backfills, { label: 'Backfills', empty: 'No backfills.' }), pager.view('Backfill pages')));
    },
    fail(e) { listEl = swap(listEl, h('div', null, errorBox(e))); last = ''; },
  };
}
