// A layered left-to-right DAG drawing in SVG, written for this UI (no library).
// Layout: each node's layer is its longest distance from a source; nodes are ordered within a
// layer by the barycentre of their neighbours (a few sweeps). Edges are drawn as ONE <path> per
// (source layer, target layer) pair, so 50,000 edges cost a few dozen DOM nodes, not 50,000.
import { s } from './dom.js';

export const NODE_W = 190;
export const NODE_H = 30;
const GAP_X = 70;
const GAP_Y = 12;
const PAD = 16;
const CURVE_LIMIT = 4000; // above this many edges, straight lines (cheaper to draw)

/**
 * Lays out nodes `[{id}]` with edges `[[fromId, toId]]` (unknown ids ignored). Answers
 * `{pos: Map id -> {x, y, layer}, width, height, order: ids topologically, preds: Map id -> ids}`.
 */
export function layout(nodes, edges) {
  const ids = nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const succ = Array.from({ length: n }, () => []);
  const pred = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    const i = index.get(a), j = index.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    succ[i].push(j);
    pred[j].push(i);
  }
  // Kahn's order and longest-path layers.
  const indeg = pred.map((p) => p.length);
  const layer = new Int32Array(n);
  const order = [];
  const queue = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    order.push(i);
    for (const j of succ[i]) {
      if (layer[i] + 1 > layer[j]) layer[j] = layer[i] + 1;
      if (--indeg[j] === 0) queue.push(j);
    }
  }
  if (order.length < n) { // a cycle: place the rest after everything else
    const seen = new Uint8Array(n);
    order.forEach((i) => { seen[i] = 1; });
    let maxL = 0;
    for (let i = 0; i < n; i++) if (layer[i] > maxL) maxL = layer[i];
    for (let i = 0; i < n; i++) if (!seen[i]) { layer[i] = maxL + 1; order.push(i); }
  }
  let layers = 0;
  for (let i = 0; i < n; i++) if (layer[i] + 1 > layers) layers = layer[i] + 1;
  const byLayer = Array.from({ length: layers }, () => []);
  for (let i = 0; i < n; i++) byLayer[layer[i]].push(i);
  // Barycentre ordering: alternate sweeps using predecessors, then successors.
  const rank = new Float64Array(n);
  byLayer.forEach((L) => L.forEach((i, k) => { rank[i] = k; }));
  const sweep = (L, neighbours) => {
    const key = new Float64Array(L.length);
    L.forEach((i, k) => {
      const nb = neighbours[i];
      if (nb.length === 0) { key[k] = rank[i]; return; }
      let sum = 0;
      for (const j of nb) sum += rank[j];
      key[k] = sum / nb.length;
    });
    const idx = L.map((_, k) => k).sort((a, b) => key[a] - key[b] || rank[L[a]] - rank[L[b]]);
    const sorted = idx.map((k) => L[k]);
    sorted.forEach((i, k) => { rank[i] = k; });
    return sorted;
  };
  for (let it = 0; it < 4; it++) {
    for (let l = 1; l < layers; l++) byLayer[l] = sweep(byLayer[l], pred);
    for (let l = layers - 2; l >= 0; l--) byLayer[l] = sweep(byLayer[l], succ);
  }
  const tallest = byLayer.reduce((m, L) => Math.max(m, L.length), 0);
  const pos = new Map();
  byLayer.forEach((L, l) => {
    const offset = (tallest - L.length) * (NODE_H + GAP_Y) / 2;
    L.forEach((i, k) => {
      pos.set(ids[i], { x: PAD + l * (NODE_W + GAP_X), y: PAD + offset + k * (NODE_H + GAP_Y), layer: l });
    });
  });
  const preds = new Map();
  for (let i = 0; i < n; i++) preds.set(ids[i], pred[i].map((j) => ids[j]));
  return {
    pos,
    preds,
    order: order.map((i) => ids[i]),
    width: PAD * 2 + Math.max(1, layers) * (NODE_W + GAP_X) - GAP_X,
    height: PAD * 2 + Math.max(1, tallest) * (NODE_H + GAP_Y) - GAP_Y,
  };
}

/**
 * The heaviest path through the DAG, weights per node (`weight(id)`, e.g. its duration): answers
 * the ids on it, source first, and its total weight.
 */
export function criticalPath(lay, weight) {
  const best = new Map();
  const from = new Map();
  let end = null, endW = -1;
  for (const id of lay.order) {
    let w = 0, via = null;
    for (const p of lay.preds.get(id)) {
      const pw = best.get(p);
      if (pw !== undefined && pw > w) { w = pw; via = p; }
    }
    const total = w + weight(id);
    best.set(id, total);
    from.set(id, via);
    if (total > endW) { endW = total; end = id; }
  }
  const path = [];
  for (let id = end; id !== null && id !== undefined; id = from.get(id)) path.push(id);
  return { ids: path.reverse(), total: endW };
}

function edgePath(a, b, curved) {
  const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2;
  if (!curved) return 'M' + x1 + ' ' + y1 + 'L' + x2 + ' ' + y2;
  const mx = (x1 + x2) / 2;
  return 'M' + x1 + ' ' + y1 + 'C' + mx + ' ' + y1 + ' ' + mx + ' ' + y2 + ' ' + x2 + ' ' + y2;
}

/**
 * Draws the graph into an <svg>. `nodes`: `[{id, label, cls, title}]`; `edges`: `[[from, to]]`;
 * `opts.highlight`: `{critical: ids[], attributed: [[from, to]]}`; `opts.onSelect(id)`.
 * Answers `{svg, layout, setClasses(map id -> cls), select(id)}`.
 */
export function drawGraph(nodes, edges, opts = {}) {
  const lay = opts.layout || layout(nodes, edges);
  const svg = s('svg', { class: 'dag', width: lay.width, height: lay.height, viewBox: '0 0 ' + lay.width + ' ' + lay.height, role: 'group', 'aria-label': opts.label || 'graph' });
  const curved = edges.length <= CURVE_LIMIT;
  let underlay = null;
  // Edges: one path per (source layer, target layer).
  const groups = new Map();
  for (const [a, b] of edges) {
    const pa = lay.pos.get(a), pb = lay.pos.get(b);
    if (!pa || !pb) continue;
    const k = pa.layer + ':' + pb.layer;
    let g = groups.get(k);
    if (!g) { g = []; groups.set(k, g); }
    g.push(edgePath(pa, pb, curved));
  }
  const edgeLayer = s('g', { class: 'edges', 'aria-hidden': 'true' });
  if (curved) {
    for (const [k, parts] of groups) edgeLayer.append(s('path', { d: parts.join(''), 'data-layers': k }));
  } else {
    // Many edges: straight lines painted once on a canvas under the SVG (one DOM node); tens of
    // thousands of SVG segments would be rasterised again on every repaint.
    underlay = document.createElement('canvas');
    underlay.className = 'dag-edges';
    underlay.width = lay.width;
    underlay.height = lay.height;
    underlay.dataset.edges = String(edges.length);
    const ctx = underlay.getContext('2d');
    ctx.strokeStyle = 'rgba(140, 149, 159, 0.35)';
    ctx.lineWidth = 1;
    for (const [, parts] of groups) ctx.stroke(new Path2D(parts.join('')));
  }
  svg.append(edgeLayer);
  const overlay = s('g', { class: 'overlay', 'aria-hidden': 'true' });
  svg.append(overlay);
  const crit = new Set((opts.highlight && opts.highlight.critical) || []);
  const drawOverlay = (highlight) => {
    overlay.replaceChildren();
    const critical = (highlight && highlight.critical) || [];
    const cparts = [];
    for (let i = 1; i < critical.length; i++) {
      const pa = lay.pos.get(critical[i - 1]), pb = lay.pos.get(critical[i]);
      if (pa && pb) cparts.push(edgePath(pa, pb, true));
    }
    if (cparts.length) overlay.append(s('path', { class: 'critical', d: cparts.join('') }));
    const aparts = [];
    for (const [a, b] of (highlight && highlight.attributed) || []) {
      const pa = lay.pos.get(a), pb = lay.pos.get(b);
      if (pa && pb) aparts.push(edgePath(pa, pb, true));
    }
    if (aparts.length) overlay.append(s('path', { class: 'attributed', d: aparts.join('') }));
  };
  drawOverlay(opts.highlight);
  const nodeLayer = s('g', { class: 'nodes' });
  const els = new Map();
  for (const nd of nodes) {
    const p = lay.pos.get(nd.id);
    const label = nd.label.length > 26 ? nd.label.slice(0, 25) + '…' : nd.label;
    const g = s('g', { class: 'node ' + (nd.cls || '') + (crit.has(nd.id) ? ' crit' : ''), transform: 'translate(' + p.x + ',' + p.y + ')', 'data-id': nd.id },
      s('title', null, nd.title || nd.label),
      s('rect', { width: NODE_W, height: NODE_H, rx: 5 }),
      s('text', { x: 10, y: NODE_H / 2 + 4 }, label));
    els.set(nd.id, g);
    nodeLayer.append(g);
  }
  svg.append(nodeLayer);
  let selected = null;
  svg.addEventListener('click', (e) => {
    const g = e.target.closest && e.target.closest('g.node');
    if (g && opts.onSelect) opts.onSelect(g.getAttribute('data-id'));
  });
  const el = document.createElement('div');
  el.className = 'dag-wrap';
  if (underlay) el.append(underlay);
  el.append(svg);
  return {
    el,
    svg,
    underlay,
    layout: lay,
    /** Changes node classes (state) without a new layout. */
    setClasses(classes, highlight) {
      const critical = new Set((highlight && highlight.critical) || []);
      for (const [id, cls] of classes) {
        const g = els.get(id);
        if (!g) continue;
        const want = 'node ' + cls + (critical.has(id) ? ' crit' : '') + (id === selected ? ' selected' : '');
        if (g.getAttribute('class') !== want) g.setAttribute('class', want);
      }
      if (highlight) drawOverlay(highlight);
    },
    select(id) {
      if (selected && els.get(selected)) els.get(selected).classList.remove('selected');
      selected = id;
      const g = els.get(id);
      if (g) g.classList.add('selected');
    },
    /** Scrolls the scroll container so a node is visible. */
    reveal(id, container) {
      const p = lay.pos.get(id);
      if (!p || !container) return;
      const scale = svg.getBoundingClientRect().width / lay.width || 1;
      container.scrollTo({ left: Math.max(0, p.x * scale - container.clientWidth / 3), top: Math.max(0, p.y * scale - container.clientHeight / 3) });
    },
  };
}

/** Scales a drawn graph to its container's width (`fit`) or back to its natural size. */
export function fitTo(draw, container, fit) {
  const lay = draw.layout;
  const scale = fit ? Math.min(1, (container.clientWidth - 4) / lay.width) : 1;
  const w = Math.floor(lay.width * scale), hgt = Math.floor(lay.height * scale);
  draw.svg.setAttribute('width', w);
  draw.svg.setAttribute('height', hgt);
  if (draw.underlay) {
    draw.underlay.style.width = w + 'px';
    draw.underlay.style.height = hgt + 'px';
  }
}
