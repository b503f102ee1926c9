// DOM helpers: elements are built with textContent only (no HTML strings), so API data is never
// interpreted as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An HTML element: `h('a', {href: '#/runs'}, 'Runs')`. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Replaces an element, moving focus to the same control (data-fk) in the new one when it had it. */
export function swap(oldEl, newEl) {
  const active = document.activeElement;
  const fk = active && oldEl.contains(active) && active.dataset ? active.dataset.fk : undefined;
  oldEl.replaceWith(newEl);
  if (fk) {
    const again = newEl.querySelector('[data-fk="' + CSS.escape(fk) + '"]');
    if (again) again.focus();
  }
  return newEl;
}

/** A state badge: text and colour, so the state is never told by colour alone. */
export function badge(state) {
  return h('span', { class: 'badge st-' + String(state || 'UNKNOWN').toUpperCase() }, String(state || '—'));
}

const pad = (n) => String(n).padStart(2, '0');

/** A timestamp in local time, `2026-01-01 09:00:05`, with the RFC 3339 text as its title. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: iso }, fmtTime(iso));
}

export function fmtTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
    pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}

/** A duration in milliseconds, readable: `850 ms`, `12.4 s`, `3m 05s`, `2h 04m`. */
export function fmtDuration(ms) {
  if (ms === undefined || ms === null || isNaN(ms)) return '—';
  if (ms < 0) ms = 0;
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  const s = Math.floor(ms / 1000);
  if (s < 3600) return Math.floor(s / 60) + 'm ' + pad(s % 60) + 's';
  return Math.floor(s / 3600) + 'h ' + pad(Math.floor((s % 3600) / 60)) + 'm';
}

/** Milliseconds between two timestamps; the end defaults to now (for what is still going). */
export function between(start, end) {
  if (!start) return undefined;
  return (end ? Date.parse(end) : Date.now()) - Date.parse(start);
}

/** A table: `columns` are `{title, cell(row) -> node|string, class?}`; `key(row)` keys rows. */
export function table(columns, rows, opts = {}) {
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.title))));
  const body = h('tbody');
  for (const r of rows) body.append(row(columns, r, opts));
  if (rows.length === 0) {
    body.append(h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, opts.empty || 'Nothing here yet.')));
  }
  return h('table', { class: 'grid' + (opts.class ? ' ' + opts.class : ''), 'aria-label': opts.label }, opts.caption ? h('caption', null, opts.caption) : null, head, body);
}

export function row(columns, r, opts = {}) {
  const tr = h('tr', opts.key ? { dataset: { key: opts.key(r) } } : null);
  for (const c of columns) {
    const v = c.cell(r);
    tr.append(h(c.header ? 'th' : 'td', { class: c.class, scope: c.header ? 'row' : undefined }, v === undefined || v === null || v === '' ? h('span', { class: 'muted' }, '—') : v));
  }
  return tr;
}

/** A `<dl>` of label/value pairs, skipping empty values. */
export function facts(pairs) {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    dl.append(h('div', null, h('dt', null, k), h('dd', null, v)));
  }
  return dl;
}

/** A labelled `<select>` of options; `onchange(value)`. */
export function select(label, values, current, onchange, id) {
  const sel = h('select', { id, onchange: (e) => onchange(e.target.value) },
    values.map(([v, text]) => h('option', { value: v, selected: v === current }, text)));
  return h('label', { class: 'inline' }, label + ' ', sel);
}

export function button(text, onclick, attrs = {}) {
  return h('button', Object.assign({ type: 'button', onclick }, attrs), text);
}

/** Labels as chips: `key=value`. */
export function chips(map) {
  const entries = Object.entries(map || {});
  if (entries.length === 0) return undefined;
  return h('span', { class: 'chips' }, entries.map(([k, v]) => h('span', { class: 'chip' }, k + '=' + v)));
}

/** A horizontal bar of counts, e.g. chunk or partition progress, with a text equivalent. */
export function progress(parts, total, label) {
  const bar = h('div', { class: 'progress', role: 'img', 'aria-label': label + ': ' + parts.filter((p) => p[1] > 0).map((p) => p[1] + ' ' + p[0]).join(', ') });
  for (const [name, n, cls] of parts) {
    if (!n || !total) continue;
    const seg = h('span', { class: 'seg ' + cls, title: n + ' ' + name });
    seg.style.width = (100 * n / total) + '%';
    bar.append(seg);
  }
  const legend = h('p', { class: 'legend' }, parts.filter((p) => p[1] > 0).map(([name, n, cls]) => h('span', { class: 'key' }, h('span', { class: 'swatch ' + cls }), n.toLocaleString() + ' ' + name)));
  return h('div', { class: 'progress-wrap' }, bar, legend);
}

export function shortId(id) {
  return id && id.length > 12 ? id.slice(0, 6) + '…' + id.slice(-6) : id;
}

export const TERMINAL_RUN = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);
