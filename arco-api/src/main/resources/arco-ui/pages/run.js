// One run: facts, actions (cancel, rerun), the task graph with its critical path, the task table
// and the selected task's attempts and logs. Polls while the page is open.
import { api, ws } from '../api.js';
import { h, badge, time, table, facts, chips, fmtDuration, between, button, swap, shortId, TERMINAL_RUN } from '../dom.js';
import { errorBox, act, confirmAction, go, setQuery, toast } from '../app.js';
import { drawGraph, layout, criticalPath, fitTo } from '../graph.js';
import { manifestFor, assetGraph } from '../manifest.js';
import { logsPanel } from '../logs.js';

const TERMINAL_TASK = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED']);

/** Task edges from the manifest's asset dependencies, plus each skip's attributed edge. */
export function taskEdges(tasks, graph) {
  const byAsset = new Map();
  for (const t of tasks) {
    const a = t.assetKey || t.taskKey.split('@')[0];
    if (!byAsset.has(a)) byAsset.set(a, []);
    byAsset.get(a).push(t.taskKey);
  }
  const edges = [];
  const seen = new Set();
  const add = (a, b) => { const k = a + '\u0000' + b; if (!seen.has(k)) { seen.add(k); edges.push([a, b]); } };
  if (graph) {
    for (const [up, down] of graph.edges) {
      const ups = byAsset.get(up), downs = byAsset.get(down);
      if (!ups || !downs) continue;
      for (const a of ups) for (const b of downs) add(a, b);
    }
  }
  for (const t of tasks) if (t.skipAttribution) add(t.skipAttribution.upstreamTaskKey, t.taskKey);
  return edges;
}

function taskDuration(t) {
  return t.startedAt ? between(t.startedAt, t.completedAt) : 0;
}

function retryText(t) {
  if (!t.retryAttribution) return undefined;
  const ra = t.retryAttribution;
  const prior = ra.priorAttemptError && (ra.priorAttemptError.message || ra.priorAttemptError.category);
  return 'retry ' + ra.retries + (prior ? ' after: ' + prior : '');
}

function skipText(t) {
  if (!t.skipAttribution) return undefined;
  return 'skipped because upstream ' + t.skipAttribution.upstreamTaskKey + ' ' + t.skipAttribution.upstreamResolution;
}

export function mount(root, params, query) {
  const runId = params[0];
  let run = null;
  let lastRun = '';
  let graph = null; // {draw, edges}
  let selected = query.get('task') || '';
  let fit = false;
  const checked = new Set();
  let logs = null;

  let headEl = h('div', { class: 'page-head' }, h('h1', null, 'Run ', h('span', { class: 'mono' }, runId)));
  let factsEl = h('div', { class: 'loading' }, 'Loading run…');
  const graphBox = h('div', { class: 'graph-box', id: 'task-graph', tabindex: '0', 'aria-label': 'Task graph (the task table below lists the same tasks)' });
  let graphInfo = h('p', { class: 'muted' });
  const graphTools = h('div', { class: 'tools' },
    button('Fit', () => { fit = !fit; if (graph) fitTo(graph.draw, graphBox, fit); graphTools.firstChild.textContent = fit ? 'Actual size' : 'Fit'; }),
  );
  const graphSection = h('section', { 'aria-labelledby': 'graph-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'graph-title' }, 'Task graph'), graphLegend(), graphTools),
    graphInfo, graphBox);
  let tableEl = h('div');
  let detailEl = h('div', { id: 'task-detail' });
  root.append(headEl, factsEl, graphSection,
    h('section', { 'aria-labelledby': 'tasks-title' }, h('h2', { id: 'tasks-title' }, 'Tasks'), tableEl),
    detailEl);

  const choose = (taskKey, scroll) => {
    selected = taskKey;
    setQuery({ task: taskKey });
    if (graph) { graph.draw.select(taskKey); if (scroll) graph.draw.reveal(taskKey, graphBox); }
    logs = null;
    renderDetail();
    if (logs) logs.refresh().catch((e) => toast(String(e.message), 'error'));
    detailEl.scrollIntoView({ block: 'nearest' });
  };

  const renderHead = () => {
    const state = run.state;
    const actions = h('div', { class: 'tools' });
    if (!TERMINAL_RUN.has(state) && state !== 'CANCELLING') {
      actions.append(button('Cancel run', async () => {
        if (!(await confirmAction('Cancel run ' + runId + '? Tasks not yet running are cancelled at once; running tasks are asked to stop.', 'Cancel run'))) return;
        await act(() => api.post(ws('/runs/' + encodeURIComponent(runId) + '/cancel'), { reason: 'cancelled from the web UI' }), (r) => 'Run ' + r.state.toLowerCase());
      }, { class: 'danger', id: 'cancel-run', 'data-fk': 'cancel' }));
    }
    if (state === 'FAILED') {
      actions.append(button('Rerun from failure', async () => {
        const r = await act(() => api.post(ws('/runs/' + encodeURIComponent(runId) + '/rerun'), { mode: 'fromFailure' }), (r) => (r.created ? 'Started rerun ' : 'Rerun exists: ') + r.runId);
        if (r) go('/runs/' + encodeURIComponent(r.runId));
      }, { id: 'rerun-failure', class: 'primary', 'data-fk': 'rerun-failure' }));
    }
    headEl = swap(headEl, h('div', { class: 'page-head' },
      h('h1', null, 'Run ', h('span', { class: 'mono' }, runId), ' ', badge(state)), actions));
    const c = run.taskCounts;
    const queue = (run.queueReasons || []).map((q) => h('li', null, queueText(q)));
    factsEl = swap(factsEl, h('div', null,
      queue.length ? h('div', { class: 'callout', role: 'note' }, h('strong', null, 'Waiting in the run queue: '), h('ul', null, queue)) : null,
      facts([
        ['Created', time(run.createdAt)],
        ['Started', run.startedAt ? time(run.startedAt) : undefined],
        ['Completed', run.completedAt ? time(run.completedAt) : undefined],
        ['Duration', run.startedAt ? fmtDuration(between(run.startedAt, run.completedAt)) : undefined],
        ['Tasks', c.total + ' — ' + ['succeeded', 'failed', 'skipped', 'cancelled', 'running', 'queued', 'pending'].filter((k) => c[k] > 0).map((k) => c[k] + ' ' + k).join(', ')],
        ['Run key', run.runKey ? h('code', null, run.runKey) : undefined],
        ['Labels', chips(run.labels)],
        ['Code version', run.codeVersion ? h('code', null, run.codeVersion) : undefined],
        ['Plan', h('code', null, run.planId)],
        ['Rerun of', run.parentRunId ? h('span', null, h('a', { href: '#/runs/' + encodeURIComponent(run.parentRunId), class: 'mono' }, run.parentRunId), ' (' + (run.rerunKind === 'FROM_FAILURE' ? 'from failure' : 'subset') + (run.rerunReason ? ', ' + run.rerunReason.replace(/_/g, ' ') : '') + ')') : undefined],
      ])));
  };

  const classes = () => new Map(run.tasks.map((t) => [t.taskKey, 'st-' + t.state]));
  const highlight = () => {
    const cp = criticalPath(graph.draw.layout, (id) => (taskDuration(byKey().get(id) || {}) || 0) + 1);
    graph.critical = cp;
    const attributed = run.tasks.filter((t) => t.skipAttribution).map((t) => [t.skipAttribution.upstreamTaskKey, t.taskKey]);
    return { critical: cp.ids, attributed };
  };
  let keyIndex = null;
  const byKey = () => keyIndex;

  const renderGraph = async () => {
    if (!graph) {
      let mg = null;
      try {
        const m = await manifestFor(run.codeVersion);
        mg = m ? assetGraph(m) : null;
      } catch (e) { mg = null; }
      const edges = taskEdges(run.tasks, mg);
      const nodes = run.tasks.map((t) => ({ id: t.taskKey, label: t.taskKey, cls: 'st-' + t.state, title: t.taskKey + ' — ' + t.state }));
      const lay = layout(nodes, edges);
      graph = { edges, manifest: mg };
      graph.draw = drawGraph(nodes, edges, { layout: lay, label: 'Task graph of run ' + runId + ': ' + nodes.length + ' tasks, ' + edges.length + ' dependencies', onSelect: (id) => choose(id, false) });
      const hl = highlight();
      graph.draw.setClasses(classes(), hl);
      graphBox.replaceChildren(graph.draw.el);
      if (selected) graph.draw.select(selected);
      // When the first drawing reached the screen (read by the UI benchmark): after two frames.
      requestAnimationFrame(() => requestAnimationFrame(() => { graphBox.dataset.drawn = String(performance.now()); }));
    } else {
      graph.draw.setClasses(classes(), highlight());
    }
    const cp = graph.critical;
    const edgeNote = graph.manifest ? '' : ' (no manifest found: only skip edges are drawn)';
    graphInfo = swap(graphInfo, h('p', { class: 'muted', id: 'graph-info' },
      run.tasks.length + ' tasks, ' + graph.edges.length + ' dependencies' + edgeNote + '. Critical path (longest by task duration): ' +
      cp.ids.length + ' tasks, ' + fmtDuration(cp.total - cp.ids.length) + ' — ' + cp.ids.slice(0, 4).join(' → ') + (cp.ids.length > 4 ? ' → …' : '')));
  };

  const renderTable = () => {
    const cols = [
      { title: h('span', { class: 'sr-only' }, 'Select for rerun'), cell: (t) => h('input', { type: 'checkbox', checked: checked.has(t.taskKey), 'aria-label': 'Select ' + t.taskKey + ' for a subset rerun', 'data-fk': 'chk-' + t.taskKey, onchange: (e) => { if (e.target.checked) checked.add(t.taskKey); else checked.delete(t.taskKey); renderSubset(); } }) },
      { title: 'Task', header: true, cell: (t) => h('button', { type: 'button', class: 'link mono task-link', 'data-task': t.taskKey, 'data-fk': 'task-' + t.taskKey, 'aria-current': t.taskKey === selected ? 'true' : undefined, onclick: () => choose(t.taskKey, true) }, t.taskKey) },
      { title: 'State', cell: (t) => badge(t.state) },
      { title: 'Attempt', cell: (t) => String(t.attempt), class: 'num' },
      { title: 'Started', cell: (t) => t.startedAt ? time(t.startedAt) : '' },
      { title: 'Duration', cell: (t) => t.startedAt ? fmtDuration(taskDuration(t)) : '', class: 'num' },
      { title: 'Why / detail', cell: (t) => {
        const parts = [];
        if (t.skipAttribution) parts.push(h('span', { class: 'skip-attr' }, 'skipped because upstream ', h('button', { type: 'button', class: 'link mono', onclick: () => choose(t.skipAttribution.upstreamTaskKey, true) }, t.skipAttribution.upstreamTaskKey), ' ' + t.skipAttribution.upstreamResolution));
        if (t.retryAttribution) parts.push(h('span', { class: 'retry-attr' }, retryText(t)));
        if (t.errorMessage) parts.push(h('span', { class: 'err' }, t.errorMessage));
        if (t.publishError) parts.push(h('span', { class: 'err' }, 'publish: ' + t.publishError));
        if (t.deltaTable) parts.push(h('span', null, t.deltaTable + (t.deltaVersion !== undefined ? ' v' + t.deltaVersion : '') + (t.deltaPartition ? ' (' + t.deltaPartition + ')' : '')));
        return parts.length ? h('span', { class: 'stack' }, parts) : '';
      } },
    ];
    tableEl = swap(tableEl, h('div', { id: 'task-table' }, table(cols, run.tasks, { label: 'Tasks of run ' + runId, key: (t) => t.taskKey }), subsetEl()));
  };

  let subsetBox = null;
  let upstream = false, downstream = false;
  const subsetEl = () => {
    subsetBox = h('div', { class: 'subset' });
    renderSubset();
    return subsetBox;
  };
  const renderSubset = () => {
    if (!subsetBox) return;
    subsetBox.replaceChildren(
      h('span', null, checked.size + ' selected. '),
      h('label', { class: 'inline' }, h('input', { type: 'checkbox', checked: upstream, onchange: (e) => { upstream = e.target.checked; } }), ' with upstream'),
      h('label', { class: 'inline' }, h('input', { type: 'checkbox', checked: downstream, onchange: (e) => { downstream = e.target.checked; } }), ' with downstream'),
      button('Rerun selected', async () => {
        const r = await act(() => api.post(ws('/runs/' + encodeURIComponent(runId) + '/rerun'), { mode: 'subset', selection: [...checked], includeUpstream: upstream, includeDownstream: downstream }), (r) => (r.created ? 'Started rerun ' : 'Rerun exists: ') + r.runId);
        if (r) go('/runs/' + encodeURIComponent(r.runId));
      }, { disabled: checked.size === 0, id: 'rerun-subset' }));
  };

  const renderDetail = () => {
    const t = selected && byKey() && byKey().get(selected);
    if (!t) { detailEl = swap(detailEl, h('div', { id: 'task-detail' })); return; }
    if (!logs) logs = logsPanel(runId, t.taskKey);
    const attempts = [];
    for (let a = 1; a <= t.attempt; a++) attempts.push(a);
    detailEl = swap(detailEl, h('section', { id: 'task-detail', class: 'panel', 'aria-labelledby': 'detail-title' },
      h('h2', { id: 'detail-title' }, 'Task ', h('span', { class: 'mono' }, t.taskKey), ' ', badge(t.state)),
      facts([
        ['Asset', t.assetKey ? h('a', { href: '#/assets/' + encodeURIComponent(t.assetKey) }, t.assetKey) : undefined],
        ['Partition', t.partitionKey ? h('code', null, t.partitionKey) : undefined],
        ['Attempts', t.attempt ? attempts.join(', ') : 'not leased yet'],
        ['Started', t.startedAt ? time(t.startedAt) : undefined],
        ['Completed', t.completedAt ? time(t.completedAt) : undefined],
        ['Duration', t.startedAt ? fmtDuration(taskDuration(t)) : undefined],
        ['Skipped because', skipText(t)],
        ['Retry', retryText(t)],
        ['Error', t.errorMessage],
        ['Output', t.deltaTable ? t.deltaTable + (t.deltaVersion !== undefined ? ' v' + t.deltaVersion : '') + (t.deltaPartition ? ' partition ' + t.deltaPartition : '') : undefined],
        ['Visibility', t.outputVisibilityState ? t.outputVisibilityState + (t.publishedAt ? ' at ' + t.publishedAt : '') : undefined],
        ['Publish error', t.publishError],
        ['Execution lineage', t.executionLineageRef ? h('code', null, t.executionLineageRef) : undefined],
      ]),
      logs.el));
  };

  return {
    get title() { return 'Run ' + shortId(runId); },
    async refresh() {
      const r = await api.get(ws('/runs/' + encodeURIComponent(runId)));
      const text = JSON.stringify(r);
      const changed = text !== lastRun;
      lastRun = text;
      run = r;
      keyIndex = new Map(r.tasks.map((t) => [t.taskKey, t]));
      if (changed) {
        renderHead();
        await renderGraph();
        renderTable();
        renderDetail();
      } else if (graph && !TERMINAL_RUN.has(run.state)) {
        graph.draw.setClasses(classes(), highlight()); // durations of running tasks grow
      }
      const t = selected && keyIndex.get(selected);
      if (t && logs && (changed || !TERMINAL_TASK.has(t.state))) await logs.refresh();
    },
    fail(e) {
      if (!run) factsEl = swap(factsEl, h('div', null, errorBox(e)));
      else toast(e.message, 'error');
    },
  };
}

export function queueText(q) {
  if (q.kind === 'MAX_CONCURRENT_RUNS') return 'workspace limit: ' + q.inProgress + ' of ' + q.limit + ' runs in progress';
  return 'label ' + q.label + (q.value !== undefined ? '=' + q.value : ' (any value)') + ': ' + q.inProgress + ' of ' + q.limit + ' runs in progress';
}

function graphLegend() {
  const states = ['PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED'];
  return h('p', { class: 'legend', 'aria-label': 'Legend' },
    states.map((s) => h('span', { class: 'key' }, h('span', { class: 'swatch st-' + s }), s.toLowerCase())),
    h('span', { class: 'key' }, h('span', { class: 'swatch line-critical' }), 'critical path'),
    h('span', { class: 'key' }, h('span', { class: 'swatch line-attributed' }), 'edge that caused a skip'));
}
