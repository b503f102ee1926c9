// Partition keys and the partition status heat map of one asset.
// A canonical key is `dim=tag:value` pairs joined by commas, sorted by dimension (`d:` date,
// `t:` timestamp, `s:` base64url string, `i:` integer, `b:` boolean). The heat map puts the first
// time dimension across and the other dimensions down, aggregating neighbouring time values into
// one pixel column when there are more than fit, and draws into one <canvas> whatever the count.
import { api, ApiError, ws } from './api.js';
import { h } from './dom.js';

const TIME_TAGS = new Set(['d', 't']);

const decoded = new Map();

function decodeValue(tag, v) {
  if (tag === 's') {
    const known = decoded.get(v);
    if (known !== undefined) return known;
    const text = decodeString(v);
    if (decoded.size < 100000) decoded.set(v, text);
    return text;
  }
  return v;
}

function decodeString(v) {
  try {
    const b = atob(v.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - v.length % 4) % 4));
    return new TextDecoder().decode(Uint8Array.from(b, (c) => c.charCodeAt(0)));
  } catch (e) {
    return v;
  }
}

/** `[{name, tag, value}]` of a canonical key. */
export function parseKey(key) {
  if (!key) return [];
  return key.split(',').map((part) => {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    const rest = part.slice(eq + 1);
    const colon = rest.indexOf(':');
    const tag = colon < 0 ? '' : rest.slice(0, colon);
    return { name, tag, value: decodeValue(tag, colon < 0 ? rest : rest.slice(colon + 1)) };
  });
}

/** A key as people read it: `date=2026-01-01, region=us-east`. */
export function showKey(key) {
  if (!key) return '(unpartitioned)';
  return parseKey(key).map((d) => d.name + '=' + d.value).join(', ');
}

const STATUS = ['MATERIALIZED', 'FAILED', 'IN_PROGRESS', 'MISSING'];
const CODE = { MATERIALIZED: 0, FAILED: 1, IN_PROGRESS: 2, MISSING: 3 };
// Cell colours (RGB): materialized, stale (materialized but out of date), failed, in progress, missing.
const COLOURS = [[45, 164, 78], [212, 167, 44], [207, 34, 46], [9, 105, 218], [208, 215, 222]];
const EMPTY = [246, 248, 250];
const PAGE = 200;
const PARALLEL = 6;
const MAX_COLUMNS = 1200;

/**
 * Every status row of an asset: `{keys, status: Uint8Array, stale: Uint8Array}`, read in one
 * request from the status map (`GET /assets/{assetKey}/partitions/status-map`: keys, one status
 * letter per key with its legend, and the stale indices). An asset above the map's size limit
 * (the API answers 400) is read by paging the list instead.
 */
export async function loadStatuses(assetKey, total) {
  let m;
  try {
    m = await api.get(ws('/assets/' + encodeURIComponent(assetKey) + '/partitions/status-map'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) return loadStatusesPaged(assetKey, total);
    throw e;
  }
  const n = m.keys.length;
  const byLetter = {};
  for (const [letter, name] of Object.entries(m.legend)) byLetter[letter] = CODE[name] ?? 3;
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) status[i] = byLetter[m.statuses[i]] ?? 3;
  const stale = new Uint8Array(n);
  for (const i of m.stale) if (i >= 0 && i < n) stale[i] = 1;
  return { keys: m.keys, status, stale };
}

/**
 * Every status row of an asset, paged from the list (for assets above the status map's limit).
 * The list is read by up to six chains of pages in parallel: each chain starts at its share of
 * the list with a (documented, legacy) numeric offset cursor, then follows the API's nextCursor,
 * so no request walks more than one share. Rows added while it reads may shift a chain by a few
 * rows.
 */
async function loadStatusesPaged(assetKey, total) {
  const n = total;
  const keys = new Array(n);
  const status = new Uint8Array(n);
  const stale = new Uint8Array(n);
  let filled = 0;
  const pages = Math.max(1, Math.ceil(n / PAGE));
  const chains = Math.min(PARALLEL, pages);
  const per = Math.ceil(pages / chains);
  const chain = async (k) => {
    let at = k * per * PAGE;
    const end = Math.min(n, (k + 1) * per * PAGE);
    let cursor = at === 0 ? '' : String(at);
    while (at < end) {
      const r = await api.get(ws('/partitions'), { assetKey, limit: PAGE, cursor });
      for (const row of r.partitions) {
        if (at >= end) break;
        keys[at] = row.partitionKey;
        status[at] = CODE[row.status] ?? 3;
        stale[at] = row.isStale ? 1 : 0;
        at++;
      }
      filled = Math.max(filled, at);
      if (!r.nextCursor || r.partitions.length === 0) break;
      cursor = r.nextCursor;
    }
  };
  await Promise.all(Array.from({ length: chains }, (_, k) => chain(k)));
  let count = 0;
  for (let i = 0; i < filled; i++) if (keys[i] !== undefined) count++;
  if (count === filled) return { keys: keys.slice(0, filled), status: status.subarray(0, filled), stale: stale.subarray(0, filled) };
  const idx = [];
  for (let i = 0; i < filled; i++) if (keys[i] !== undefined) idx.push(i);
  return { keys: idx.map((i) => keys[i]), status: Uint8Array.from(idx, (i) => status[i]), stale: Uint8Array.from(idx, (i) => stale[i]) };
}

/** Rows and columns of the grid: time across, the other dimensions down (else wrapped keys). */
export function gridAxes(keys) {
  const parsed = keys.map(parseKey);
  const timeDim = parsed.length && parsed[0].find((d) => TIME_TAGS.has(d.tag));
  if (timeDim) {
    const cols = new Map(), rows = new Map();
    const colOf = new Int32Array(keys.length), rowOf = new Int32Array(keys.length);
    parsed.forEach((dims, i) => {
      const t = dims.find((d) => d.name === timeDim.name);
      const tv = t ? t.value : '';
      const rest = dims.filter((d) => d.name !== timeDim.name).map((d) => d.name + '=' + d.value).join(', ');
      if (!cols.has(tv)) cols.set(tv, cols.size);
      if (!rows.has(rest)) rows.set(rest, rows.size);
      colOf[i] = cols.get(tv);
      rowOf[i] = rows.get(rest);
    });
    // Sort both axes by their labels and renumber.
    const colLabels = [...cols.keys()].sort();
    const rowLabels = [...rows.keys()].sort();
    const colRank = new Map(colLabels.map((l, k) => [l, k]));
    const rowRank = new Map(rowLabels.map((l, k) => [l, k]));
    const colBy = [...cols.keys()].map((l) => colRank.get(l));
    const rowBy = [...rows.keys()].map((l) => rowRank.get(l));
    for (let i = 0; i < keys.length; i++) { colOf[i] = colBy[colOf[i]]; rowOf[i] = rowBy[rowOf[i]]; }
    return { across: timeDim.name, colLabels, rowLabels, colOf, rowOf };
  }
  const width = Math.min(keys.length, 100);
  const colOf = new Int32Array(keys.length), rowOf = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) { colOf[i] = i % width; rowOf[i] = Math.floor(i / width); }
  const rowsN = Math.ceil(keys.length / Math.max(1, width));
  return { across: '', colLabels: Array.from({ length: width }, (_, k) => String(k)), rowLabels: Array.from({ length: rowsN }, (_, k) => 'keys ' + (k * width + 1) + '–' + Math.min(keys.length, (k + 1) * width)), colOf, rowOf };
}

/**
 * The heat map element. `onPick(indices)` is called with the row indices of a clicked (or
 * Enter-ed) cell. Answers `{el, draw(data)}`.
 */
export function heatMap(label, onPick) {
  const canvas = h('canvas', { class: 'heat', tabindex: '0', role: 'img', 'aria-label': label });
  const tip = h('p', { class: 'heat-tip muted', 'aria-live': 'polite' }, 'Point at a cell, or focus the map and use the arrow keys; click or Enter lists its partitions.');
  const axis = h('div', { class: 'heat-axis muted' });
  const el = h('div', { class: 'heat-wrap', id: 'partition-grid' }, canvas, axis, tip);
  let state = null; // {data, axes, bucket, cols, rows, cellW, cellH, cells: Map}
  let cursor = [0, 0];

  const cellIndices = (c, r) => state.cells.get(r * state.cols + c) || [];
  const describe = (c, r) => {
    const idx = cellIndices(c, r);
    if (!state || idx.length === 0) return 'No partitions here.';
    const counts = [0, 0, 0, 0];
    let stale = 0;
    for (const i of idx) { counts[state.data.status[i]]++; stale += state.data.stale[i]; }
    const a = state.axes;
    const from = a.colLabels[Math.min(a.colLabels.length - 1, c * state.bucket)];
    const to = a.colLabels[Math.min(a.colLabels.length - 1, c * state.bucket + state.bucket - 1)];
    const where = (a.across ? a.across + ' ' + (from === to ? from : from + ' … ' + to) : 'keys') + (a.rowLabels[r] ? ' × ' + a.rowLabels[r] : '');
    return where + ': ' + counts.map((n, k) => n ? n + ' ' + STATUS[k].toLowerCase().replace('_', ' ') : '').filter(Boolean).join(', ') + (stale ? ', ' + stale + ' stale' : '');
  };
  const at = (ev) => {
    const rect = canvas.getBoundingClientRect();
    const c = Math.floor((ev.clientX - rect.left) / (rect.width / state.cols));
    const r = Math.floor((ev.clientY - rect.top) / (rect.height / state.rows));
    return [Math.max(0, Math.min(state.cols - 1, c)), Math.max(0, Math.min(state.rows - 1, r))];
  };
  canvas.addEventListener('mousemove', (ev) => { if (state) { const [c, r] = at(ev); tip.textContent = describe(c, r); } });
  canvas.addEventListener('click', (ev) => { if (state) { const [c, r] = at(ev); cursor = [c, r]; onPick(cellIndices(c, r), describe(c, r)); } });
  canvas.addEventListener('keydown', (ev) => {
    if (!state) return;
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (moves[ev.key]) {
      ev.preventDefault();
      cursor = [Math.max(0, Math.min(state.cols - 1, cursor[0] + moves[ev.key][0])), Math.max(0, Math.min(state.rows - 1, cursor[1] + moves[ev.key][1]))];
      tip.textContent = describe(cursor[0], cursor[1]);
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      onPick(cellIndices(cursor[0], cursor[1]), describe(cursor[0], cursor[1]));
    }
  });

  return {
    el,
    /** Draws the rows `data = {keys, status, stale}`. */
    draw(data) {
      const axes = gridAxes(data.keys);
      const C = axes.colLabels.length, R = axes.rowLabels.length;
      const bucket = Math.max(1, Math.ceil(C / MAX_COLUMNS));
      const cols = Math.ceil(C / bucket), rows = Math.max(1, R);
      // Worst status per cell: failed > in progress > missing > stale > materialized.
      const rankOf = [1, 4, 3, 2]; // by status code: materialized, failed, in progress, missing
      const worst = new Int8Array(cols * rows).fill(-1);
      const cells = new Map();
      for (let i = 0; i < data.keys.length; i++) {
        const cell = axes.rowOf[i] * cols + Math.floor(axes.colOf[i] / bucket);
        let list = cells.get(cell);
        if (!list) { list = []; cells.set(cell, list); }
        list.push(i);
        let rank = rankOf[data.status[i]];
        if (rank === 1 && data.stale[i]) rank = 1.5;
        const code = rank === 1.5 ? 5 : data.status[i];
        const prev = worst[cell];
        const prevRank = prev < 0 ? 0 : (prev === 5 ? 1.5 : rankOf[prev]);
        if (rank > prevRank) worst[cell] = code;
      }
      canvas.width = cols;
      canvas.height = rows;
      const ctx = canvas.getContext('2d');
      const img = ctx.createImageData(cols, rows);
      for (let k = 0; k < cols * rows; k++) {
        const w = worst[k];
        const rgb = w < 0 ? EMPTY : w === 5 ? COLOURS[1] : COLOURS[[0, 2, 3, 4][w]];
        img.data[4 * k] = rgb[0]; img.data[4 * k + 1] = rgb[1]; img.data[4 * k + 2] = rgb[2]; img.data[4 * k + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      const cellW = Math.max(1, Math.min(14, Math.floor(MAX_COLUMNS / cols)));
      const cellH = rows <= 12 ? 18 : Math.max(2, Math.min(14, Math.floor(320 / rows)));
      canvas.style.width = (cols * cellW) + 'px';
      canvas.style.height = (rows * cellH) + 'px';
      state = { data, axes, bucket, cols, rows, cells };
      cursor = [0, 0];
      canvas.setAttribute('aria-label', label + ': ' + data.keys.length.toLocaleString() + ' partitions in ' + rows + ' row(s) × ' + C.toLocaleString() + ' ' + (axes.across || 'key') + ' value(s)' + (bucket > 1 ? ', ' + bucket + ' per column' : ''));
      axis.replaceChildren(...[
        axes.across ? h('span', null, axes.across + ': ' + axes.colLabels[0] + ' … ' + axes.colLabels[C - 1] + (bucket > 1 ? ' (' + bucket + ' values per column)' : '')) : h('span', null, data.keys.length.toLocaleString() + ' keys in key order'),
        R > 1 && R <= 24 ? h('span', null, ' · rows: ' + axes.rowLabels.join(' | ')) : R > 24 ? h('span', null, ' · ' + R + ' rows') : null].filter(Boolean));
      return state;
    },
  };
}
