// One backfill: facts, chunk progress, lifecycle actions and its chunks (state filter, paging).
import { api, ws } from '../api.js';
import { h, badge, time, table, facts, select, swap, button, shortId } from '../dom.js';
import { errorBox, act, confirmAction, refreshNow, toast } from '../app.js';
import { Pager } from '../pager.js';
import { chunkProgress } from './backfills.js';

const CHUNK_STATES = ['', 'PENDING', 'PLANNED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

function selectorText(p) {
  if (!p) return '';
  if (p.type === 'range') return 'range ' + p.start + ' … ' + p.end;
  if (p.type === 'explicit') return p.partitions.length + ' listed: ' + p.partitions.slice(0, 5).join(', ') + (p.partitions.length > 5 ? ', …' : '');
  return 'filter ' + JSON.stringify(p.filters || {});
}

export function mount(root, params) {
  const id = params[0];
  const base = ws('/backfills/' + encodeURIComponent(id));
  let chunkState = '';
  const pager = new Pager(() => refreshNow());
  let headEl = h('div', { class: 'page-head' }, h('h1', null, 'Backfill ', h('span', { class: 'mono' }, id)));
  let factsEl = h('div', { class: 'loading' }, 'Loading backfill…');
  let chunksEl = h('div');
  let last = '', lastChunks = '';
  root.append(headEl, factsEl,
    h('section', { 'aria-labelledby': 'chunks-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'chunks-title' }, 'Chunks'),
        h('div', { class: 'tools' }, select('State', CHUNK_STATES.map((s) => [s, s || 'any']), '', (v) => { chunkState = v; pager.reset(); refreshNow(); }, 'chunk-state'))),
      chunksEl));

  const action = (label, path, cls, confirmText) => button(label, async () => {
    if (confirmText && !(await confirmAction(confirmText, label))) return;
    await act(() => api.post(base + '/' + path, {}), (b) => 'Backfill ' + b.state.toLowerCase());
  }, { class: cls, id: 'backfill-' + path, 'data-fk': path });

  return {
    get title() { return 'Backfill ' + shortId(id); },
    async refresh() {
      const [b, chunks] = await Promise.all([
        api.get(base),
        api.get(base + '/chunks', { state: chunkState, limit: 50, cursor: pager.cursor }),
      ]);
      pager.seen(chunks.nextCursor);
      const text = JSON.stringify(b);
      if (text !== last) {
        last = text;
        const tools = h('div', { class: 'tools' });
        if (b.state === 'RUNNING' || b.state === 'PENDING') tools.append(action('Pause', 'pause'));
        if (b.state === 'PAUSED') tools.append(action('Resume', 'resume', 'primary'));
        if (b.state === 'FAILED') tools.append(action('Retry failed', 'retry-failed', 'primary'));
        if (!['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(b.state)) tools.append(action('Cancel', 'cancel', 'danger', 'Cancel backfill ' + id + '? Its running chunks\' runs are cancelled too.'));
        headEl = swap(headEl, h('div', { class: 'page-head' }, h('h1', null, 'Backfill ', h('span', { class: 'mono' }, id), ' ', badge(b.state)), tools));
        const c = b.chunkCounts;
        factsEl = swap(factsEl, h('div', null,
          h('section', { 'aria-label': 'Progress', id: 'backfill-progress' },
            h('p', { class: 'big' }, c.succeeded + ' of ' + c.total + ' chunks succeeded' + (c.failed ? ', ' + c.failed + ' failed' : '') + (c.running ? ', ' + c.running + ' running' : '')),
            chunkProgress(b)),
          facts([
            ['Asset', b.assetSelection.map((a, i) => [i ? ', ' : '', h('a', { href: '#/assets/' + encodeURIComponent(a) }, a)])],
            ['Partitions', b.totalPartitions.toLocaleString() + ' (' + selectorText(b.partitionSelector) + ')'],
            ['Chunk size', String(b.chunkSize)],
            ['Concurrent runs', String(b.maxConcurrentRuns)],
            ['Retry round', String(b.retryRound)],
            ['Created', time(b.createdAt)],
            ['Ended', b.endedAt ? time(b.endedAt) : undefined],
            ['Code version', b.codeVersion ? h('code', null, b.codeVersion) : undefined],
            ['Parent backfill', b.parentBackfillId ? h('a', { href: '#/backfills/' + encodeURIComponent(b.parentBackfillId) }, b.parentBackfillId) : undefined],
          ])));
      }
      const ctext = JSON.stringify(chunks) + pager.stack.length;
      if (ctext !== lastChunks) {
        lastChunks = ctext;
        chunksEl = swap(chunksEl, h('div', { id: 'chunks' }, table([
          { title: '#', header: true, cell: (c) => String(c.chunkIndex), class: 'num' },
          { title: 'State', cell: (c) => badge(c.state) },
          { title: 'Partitions', cell: (c) => h('span', { title: c.partitionKeys.join('\n') }, c.partitionKeys.length + ': ' + c.partitionKeys.slice(0, 3).join(', ') + (c.partitionKeys.length > 3 ? ', …' : '')) },
          { title: 'Run', cell: (c) => c.runId ? h('a', { href: '#/runs/' + encodeURIComponent(c.runId), class: 'mono' }, c.runId) : '' },
          { title: 'Run key', cell: (c) => h('code', null, c.runKey) },
          { title: 'Round', cell: (c) => String(c.retryRound), class: 'num' },
        ], chunks.chunks, { label: 'Chunks', empty: 'No chunks' + (chunkState ? ' in state ' + chunkState : ' planned yet') + '.' }), pager.view('Chunk pages')));
      }
    },
    fail(e) { if (!last) factsEl = swap(factsEl, h('div', null, errorBox(e))); else toast(e.message, 'error'); },
  };
}
