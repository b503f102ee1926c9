// A task's logs: read from GET /runs/{id}/logs?taskKey=, split per attempt, paged by the
// x-arco-next-cursor header.
import { api, ws } from './api.js';
import { h, button } from './dom.js';

const HEADER = /^--- logs\/(.*)\/attempt-(\d+)\.log ---$/;

/** Splits the log text into `[{attempt, text}]`, in order. */
export function splitAttempts(text) {
  const out = [];
  let cur = null;
  for (const line of text.split('\n')) {
    const m = line.match(HEADER);
    if (m) { cur = { attempt: Number(m[2]), lines: [] }; out.push(cur); continue; }
    if (!cur) { cur = { attempt: 0, lines: [] }; out.push(cur); }
    cur.lines.push(line);
  }
  return out.map((c) => ({ attempt: c.attempt, text: c.lines.join('\n').replace(/\n+$/, '') }));
}

/** A logs panel for one task; `refresh()` reloads (cheap when nothing changed). */
export function logsPanel(runId, taskKey) {
  const el = h('section', { class: 'logs', 'aria-label': 'Logs of ' + taskKey });
  let sections = [];
  let chosen = null;
  let next = '';
  let lastText = null;
  const render = () => {
    el.replaceChildren();
    el.append(h('h3', null, 'Logs'));
    if (sections.length === 0) {
      el.append(h('p', { class: 'muted', id: 'logs-empty' }, 'No logs for this task yet.'));
      return;
    }
    const attempts = [...new Set(sections.map((s) => s.attempt))];
    if (chosen === null || !attempts.includes(chosen)) chosen = attempts[attempts.length - 1];
    const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Attempts' },
      attempts.map((a) => h('button', {
        type: 'button', role: 'tab', 'aria-selected': String(a === chosen), 'data-fk': 'attempt-' + a,
        onclick: () => { chosen = a; render(); },
      }, a ? 'Attempt ' + a : 'Log')));
    const text = sections.filter((s) => s.attempt === chosen).map((s) => s.text).join('\n');
    el.append(tabs, h('pre', { class: 'log', tabindex: '0', role: 'tabpanel', 'aria-label': 'Attempt ' + chosen + ' output' }, text || '(empty)'));
    if (next) el.append(button('Load more', () => more(), { class: 'more' }));
  };
  const load = async (cursor) => {
    try {
      const r = await api.text(ws('/runs/' + encodeURIComponent(runId) + '/logs'), { taskKey, cursor });
      return { text: r.text, next: r.headers.get('x-arco-next-cursor') || '' };
    } catch (e) {
      if (e.status === 404) return { text: '', next: '' };
      throw e;
    }
  };
  const more = async () => {
    const r = await load(next);
    sections = sections.concat(splitAttempts(r.text));
    next = r.next;
    render();
  };
  return {
    el,
    async refresh() {
      const r = await load('');
      if (r.text === lastText) return;
      lastText = r.text;
      sections = r.text ? splitAttempts(r.text) : [];
      next = r.next;
      render();
    },
  };
}
