// One asset: its definition, partition summary, the partition status heat map (canvas, any
// size) and a paged table of status rows with filters.
import { api, ws } from '../api.js';
import { h, badge, time, table, facts, select, swap, progress, chips } from '../dom.js';
import { errorBox, refreshNow, toast } from '../app.js';
import { Pager } from '../pager.js';
import { manifestFor, assetGraph } from '../manifest.js';
import { heatMap, loadStatuses, showKey } from '../partitions.js';

const STATUSES = ['', 'MATERIALIZED', 'FAILED', 'IN_PROGRESS', 'MISSING'];
const GRID_REFRESH_MS = 10000;

function summaryBar(sum) {
  const mat = sum.materializedPartitions;
  return progress([
    ['materialized', mat - Math.min(mat, sum.stalePartitions), 'st-MATERIALIZED'],
    ['stale', Math.min(mat, sum.stalePartitions), 'st-STALE'],
    ['failed', sum.failedPartitions, 'st-FAILED'],
    ['in progress', sum.inProgressPartitions, 'st-IN_PROGRESS'],
    ['missing', Math.max(0, sum.missingPartitions - sum.failedPartitions - sum.inProgressPartitions), 'st-MISSING'],
  ], sum.totalPartitions, 'Partitions of ' + sum.assetKey);
}

function statusRows(rows) {
  return table([
    { title: 'Partition', header: true, cell: (p) => h('span', { title: p.partitionKey }, showKey(p.partitionKey)) },
    { title: 'Status', cell: (p) => badge(p.status) },
    { title: 'Stale', cell: (p) => p.isStale ? h('span', { class: 'badge st-STALE', title: p.staleSince ? 'since ' + p.staleSince : undefined }, (p.staleReason || 'stale').replace(/_/g, ' ').toLowerCase()) : '' },
    { title: 'Last materialized', cell: (p) => p.lastMaterializationAt ? h('span', null, time(p.lastMaterializationAt), ' ', h('a', { href: '#/runs/' + encodeURIComponent(p.lastMaterializationRunId), class: 'mono' }, 'run')) : '' },
    { title: 'Last attempt', cell: (p) => p.lastAttemptRunId ? h('span', null, p.lastAttemptOutcome ? badge(p.lastAttemptOutcome) : '', ' ', h('a', { href: '#/runs/' + encodeURIComponent(p.lastAttemptRunId), class: 'mono' }, 'run')) : '' },
    { title: 'Output', cell: (p) => p.deltaTable ? p.deltaTable + (p.deltaVersion !== undefined ? ' v' + p.deltaVersion : '') : '' },
  ], rows, { label: 'Partition status', empty: 'No partitions match.' });
}

export function mount(root, params) {
  const key = params[0];
  let status = '', staleOnly = false;
  const pager = new Pager(() => refreshNow());
  let defEl = h('div', { class: 'loading' }, 'Loading asset…');
  let sumEl = h('div');
  let pickedEl = h('div', { id: 'grid-pick' });
  let rowsEl = h('div');
  let lastSum = '', lastRows = '', gridAt = 0, gridKey = '', loadingGrid = false;
  const grid = heatMap('Partition status of ' + key, (indices, where) => {
    if (!gridData) return;
    const rows = indices.slice(0, 100).map((i) => ({ key: gridData.keys[i], status: ['MATERIALIZED', 'FAILED', 'IN_PROGRESS', 'MISSING'][gridData.status[i]], stale: gridData.stale[i] }));
    pickedEl = swap(pickedEl, h('div', { id: 'grid-pick' }, h('h3', null, where),
      table([
        { title: 'Partition', header: true, cell: (r) => showKey(r.key) },
        { title: 'Status', cell: (r) => badge(r.status) },
        { title: 'Stale', cell: (r) => r.stale ? 'stale' : '' },
      ], rows, { label: 'Partitions in the chosen cell' }),
      indices.length > 100 ? h('p', { class: 'muted' }, 'First 100 of ' + indices.length + '.') : null));
  });
  let gridData = null;
  const gridSection = h('section', { 'aria-labelledby': 'grid-title' }, h('h2', { id: 'grid-title' }, 'Partition status map'),
    h('p', { class: 'legend' }, [['materialized', 'st-MATERIALIZED'], ['stale', 'st-STALE'], ['failed', 'st-FAILED'], ['in progress', 'st-IN_PROGRESS'], ['missing', 'st-MISSING']].map(([t, c]) => h('span', { class: 'key' }, h('span', { class: 'swatch ' + c }), t))),
    grid.el, pickedEl);
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Asset ', h('span', { class: 'mono' }, key))), defEl, sumEl, gridSection,
    h('section', { 'aria-labelledby': 'rows-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'rows-title' }, 'Partitions'),
        h('div', { class: 'tools' },
          select('Status', STATUSES.map((s) => [s, s || 'any']), '', (v) => { status = v; pager.reset(); refreshNow(); }, 'partition-status'),
          h('label', { class: 'inline' }, h('input', { type: 'checkbox', onchange: (e) => { staleOnly = e.target.checked; pager.reset(); refreshNow(); } }), 'stale only'))),
      rowsEl));

  const loadGrid = async (sum) => {
    loadingGrid = true;
    try {
      gridData = await loadStatuses(key, sum.totalPartitions);
      grid.el.dataset.loaded = String(performance.now());
      grid.draw(gridData);
      gridAt = Date.now();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      grid.el.dataset.drawn = String(performance.now());
      grid.el.dataset.count = String(gridData.keys.length);
    } finally {
      loadingGrid = false;
    }
  };

  let defined = false;
  return {
    title: 'Asset ' + key,
    async refresh() {
      if (!defined) {
        const m = await manifestFor('');
        const a = m && assetGraph(m);
        const entry = a && a.assets.find((x) => x.key === key);
        if (entry) {
          const d = entry.asset;
          const ups = a.edges.filter((e) => e[1] === key).map((e) => e[0]);
          const downs = a.edges.filter((e) => e[0] === key).map((e) => e[1]);
          const link = (k) => h('a', { href: '#/assets/' + encodeURIComponent(k), class: 'mono' }, k);
          const ex = d.execution || {};
          defEl = swap(defEl, facts([
            ['Description', d.description],
            ['Owners', (d.owners || []).join(', ')],
            ['Partitioned by', ((d.partitioning && d.partitioning.dimensions) || []).map((x) => x.name + ' (' + x.kind + (x.granularity ? ', ' + x.granularity : '') + (x.values ? ': ' + x.values.join(', ') : '') + ')').join(' × ')],
            ['Upstream', ups.length ? ups.map((k, i) => [i ? ', ' : '', link(k)]) : undefined],
            ['Downstream', downs.length ? downs.map((k, i) => [i ? ', ' : '', link(k)]) : undefined],
            ['Retries', ex.retry ? 'up to ' + ex.retry.maxAttempts + ' attempts' : undefined],
            ['Queue', ex.queue],
            ['Freshness', d.freshnessPolicy ? JSON.stringify(d.freshnessPolicy) : undefined],
            ['Tags', d.tags && typeof d.tags === 'object' ? chips(d.tags) : undefined],
            ['Code version', h('code', null, m.codeVersionId)],
          ]));
        } else {
          defEl = swap(defEl, h('p', { class: 'muted' }, 'Not in the latest manifest.'));
        }
        defined = true;
      }
      let sum = null;
      try {
        sum = await api.get(ws('/assets/' + encodeURIComponent(key) + '/partitions/summary'));
      } catch (e) {
        if (e.status !== 404) throw e;
      }
      const sumText = JSON.stringify(sum);
      if (sumText !== lastSum) {
        lastSum = sumText;
        sumEl = swap(sumEl, sum ? h('section', { id: 'partition-summary', 'aria-label': 'Summary' },
          h('p', { class: 'big' }, sum.totalPartitions.toLocaleString() + ' partitions: ' + sum.materializedPartitions.toLocaleString() + ' materialized, ' + sum.failedPartitions.toLocaleString() + ' failed, ' + sum.inProgressPartitions.toLocaleString() + ' in progress, ' + sum.stalePartitions.toLocaleString() + ' stale'),
          summaryBar(sum)) : h('p', { id: 'partition-summary', class: 'muted' }, 'No partition of this asset has been worked on yet.'));
      }
      if (sum && !loadingGrid && (sumText !== gridKey) && (Date.now() - gridAt > GRID_REFRESH_MS || !gridData || sum.totalPartitions <= 2000)) {
        gridKey = sumText;
        loadGrid(sum).catch((e) => toast(e.message, 'error'));
      }
      const page = await api.get(ws('/partitions'), { assetKey: key, status, staleOnly, limit: 50, cursor: pager.cursor });
      pager.seen(page.nextCursor);
      const rt = JSON.stringify(page) + pager.stack.length;
      if (rt !== lastRows) {
        lastRows = rt;
        rowsEl = swap(rowsEl, h('div', { id: 'partition-rows' }, statusRows(page.partitions), pager.view('Partition pages')));
      }
    },
    fail(e) { if (!defined) defEl = swap(defEl, h('div', null, errorBox(e))); else toast(e.message, 'error'); },
  };
}
