// The assets of the latest manifest: their graph coloured by partition status, and a table.
import { api, ws } from '../api.js';
import { h, table, swap, time } from '../dom.js';
import { errorBox, go } from '../app.js';
import { drawGraph, layout, fitTo } from '../graph.js';
import { manifestFor, assetGraph } from '../manifest.js';

const SUMMARY_LIMIT = 300; // assets whose status is read on each refresh

/** The status class of an asset from its partition summary (undefined: never worked on). */
export function assetClass(sum) {
  if (!sum) return 'st-NONE';
  if (sum.failedPartitions > 0) return 'st-FAILED';
  if (sum.inProgressPartitions > 0) return 'st-IN_PROGRESS';
  if (sum.materializedPartitions === sum.totalPartitions) return 'st-MATERIALIZED';
  return 'st-MISSING';
}

export function summaryText(sum) {
  if (!sum) return 'no partition status';
  const parts = [sum.materializedPartitions + ' of ' + sum.totalPartitions + ' materialized'];
  if (sum.failedPartitions) parts.push(sum.failedPartitions + ' failed');
  if (sum.inProgressPartitions) parts.push(sum.inProgressPartitions + ' in progress');
  if (sum.stalePartitions) parts.push(sum.stalePartitions + ' stale');
  return parts.join(', ');
}

export async function summaries(keys) {
  const out = new Map();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const k = keys[next++];
      try {
        out.set(k, await api.get(ws('/assets/' + encodeURIComponent(k) + '/partitions/summary')));
      } catch (e) {
        if (e.status !== 404) throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, keys.length) }, worker));
  return out;
}

export function mount(root) {
  let infoEl = h('div', { class: 'loading' }, 'Loading the latest manifest…');
  const box = h('div', { class: 'graph-box', id: 'asset-graph' });
  let tableEl = h('div');
  let g = null, mg = null, last = '';
  let fit = false;
  const fitButton = h('button', { type: 'button', onclick: () => { fit = !fit; if (g) fitTo(g, box, fit); fitButton.textContent = fit ? 'Actual size' : 'Fit'; } }, 'Fit');
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Assets')), infoEl,
    h('section', { 'aria-labelledby': 'ag-title' }, h('div', { class: 'section-head' }, h('h2', { id: 'ag-title' }, 'Asset graph'), fitButton), box),
    h('section', { 'aria-labelledby': 'at-title' }, h('h2', { id: 'at-title' }, 'All assets'), tableEl));
  return {
    title: 'Assets',
    async refresh() {
      const m = await manifestFor('');
      if (!m) { infoEl = swap(infoEl, h('p', { class: 'muted' }, 'No manifest deployed yet. Deploy one with arco deploy or POST /manifests.')); return; }
      if (!mg || mg.manifest.manifestId !== m.manifestId) {
        mg = assetGraph(m);
        g = null;
        infoEl = swap(infoEl, h('p', { class: 'muted' }, 'Manifest ', h('code', null, m.manifestId), ' · code version ', h('code', null, m.codeVersionId),
          ' · deployed ', time(m.deployedAt), m.deployedBy ? ' by ' + m.deployedBy : '', ' · ' + mg.assets.length + ' assets, ' + mg.edges.length + ' dependencies'));
      }
      const keys = mg.assets.map((a) => a.key);
      const sums = await summaries(keys.slice(0, SUMMARY_LIMIT));
      const nodes = mg.assets.map((a) => ({ id: a.key, label: a.key, cls: assetClass(sums.get(a.key)), title: a.key + ' — ' + summaryText(sums.get(a.key)) }));
      if (!g) {
        g = drawGraph(nodes, mg.edges, { layout: layout(nodes, mg.edges), label: 'Asset graph: ' + nodes.length + ' assets', onSelect: (id) => go('/assets/' + encodeURIComponent(id)) });
        box.replaceChildren(g.el);
      } else {
        g.setClasses(new Map(nodes.map((n) => [n.id, n.cls])));
      }
      const key = JSON.stringify([...sums]);
      if (key === last) return;
      last = key;
      const ups = new Map(keys.map((k) => [k, []]));
      const downs = new Map(keys.map((k) => [k, []]));
      for (const [a, b] of mg.edges) { ups.get(b).push(a); downs.get(a).push(b); }
      tableEl = swap(tableEl, h('div', { id: 'asset-table' }, table([
        { title: 'Asset', header: true, cell: (a) => h('a', { href: '#/assets/' + encodeURIComponent(a.key), class: 'mono' }, a.key) },
        { title: 'Description', cell: (a) => a.asset.description },
        { title: 'Partitioned by', cell: (a) => ((a.asset.partitioning && a.asset.partitioning.dimensions) || []).map((d) => d.name + ' (' + d.kind + (d.granularity ? ', ' + d.granularity : '') + ')').join(' × ') },
        { title: 'Upstream', cell: (a) => String(ups.get(a.key).length), class: 'num' },
        { title: 'Downstream', cell: (a) => String(downs.get(a.key).length), class: 'num' },
        { title: 'Status', cell: (a) => summaryText(sums.get(a.key)) },
      ], mg.assets, { label: 'Assets' })));
    },
    fail(e) { infoEl = swap(infoEl, h('div', null, errorBox(e))); },
  };
}
