// The status page of one Solstice job: polls the driver's JSON API once a second and redraws.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_WIDTH = 250;
const NODE_HEIGHT = 128;
const COLUMN = 310;
const ROW = 150;
const HISTORY = 300;
const COLORS = ['#0969da', '#2da44e', '#bf3989', '#d4a72c', '#8250df', '#cf222e', '#1b7c83', '#953800'];

let previousStages = null;
let lastState = null;
// Charts (uPlot) and their data: [times, series per stage...], created with the first stage graph.
let charts = null;

function el(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) {
    node.setAttribute(key, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function number(n) {
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: 0 });
}

function bytes(n) {
  if (n >= 1e9) return (n / 1e9).toFixed(2) + ' GB';
  if (n >= 1e6) return (n / 1e6).toFixed(1) + ' MB';
  if (n >= 1e3) return (n / 1e3).toFixed(1) + ' kB';
  return n + ' B';
}

// Keeps both ends of a long name: its first transform and the "(+n fused)" at its end.
function shorten(text, length) {
  if (text.length <= length) return text;
  const tail = Math.floor(length / 3);
  return text.slice(0, length - tail - 1) + '\u2026' + text.slice(text.length - tail);
}

// An ISO timestamp as its time of day; START, END and n/a as they are.
function watermark(text) {
  return /^\d{4}-\d\d-\d\dT/.test(text) ? text.slice(11, 23) : text;
}

async function get(what) {
  const response = await fetch('api/' + what, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(what + ': HTTP ' + response.status);
  }
  return response.json();
}

// Columns by the longest path from the stages the driver seeds.
function layout(stages, edges) {
  const level = new Map(stages.map((s) => [s.id, 0]));
  for (let pass = 0; pass < stages.length; pass++) {
    for (const edge of edges) {
      if (edge.from !== null && level.get(edge.to) < level.get(edge.from) + 1) {
        level.set(edge.to, level.get(edge.from) + 1);
      }
    }
  }
  const rows = new Map();
  const position = new Map();
  for (const stage of stages) {
    const column = level.get(stage.id);
    const row = rows.get(column) || 0;
    rows.set(column, row + 1);
    position.set(stage.id, { x: 20 + column * COLUMN, y: 20 + row * ROW });
  }
  return position;
}

// Per second since the previous read: a counter's growth, or for sendMillis the share of the
// workers' time spent held back sending.
function rateOf(stage, now, counter) {
  if (!previousStages) return 0;
  const before = previousStages.stages.find((s) => s.id === stage.id);
  const seconds = (now - previousStages.nowMillis) / 1000;
  return before && seconds > 0 ? Math.max(0, (stage[counter] - before[counter]) / seconds) : 0;
}

function lag(stage) {
  return stage.lagMillis === null ? '' : ` (lag ${(stage.lagMillis / 1000).toFixed(1)} s)`;
}

function drawGraph(data) {
  const svg = document.getElementById('graph');
  const position = layout(data.stages, data.edges);
  let width = 0;
  let height = 0;
  for (const p of position.values()) {
    width = Math.max(width, p.x + NODE_WIDTH + 20);
    height = Math.max(height, p.y + NODE_HEIGHT + 20);
  }
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.height = height + 'px';
  svg.style.maxWidth = width + 'px';
  const defs = el('defs');
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
  marker.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8c959f' }));
  defs.appendChild(marker);
  svg.appendChild(defs);
  for (const edge of data.edges) {
    if (edge.from === null) continue;
    const a = position.get(edge.from);
    const b = position.get(edge.to);
    const x1 = a.x + NODE_WIDTH, y1 = a.y + NODE_HEIGHT / 2, x2 = b.x, y2 = b.y + NODE_HEIGHT / 2;
    const mid = (x1 + x2) / 2;
    svg.appendChild(el('path', { class: 'edge', d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }));
    svg.appendChild(el('text', { class: 'edge-label', x: mid - 20, y: (y1 + y2) / 2 - 4 }, edge.partitioning.toLowerCase()));
  }
  for (const stage of data.stages) {
    const p = position.get(stage.id);
    const rate = rateOf(stage, data.nowMillis, 'elementsIn');
    // Shares of the running workers' time over the last second: sending (held back by
    // backpressure), waiting for input, and the rest, busy. Workers that ended count no more.
    const running = stage.workers.filter((w) => w.state === 'RUNNING').length;
    const held = running ? Math.min(100, rateOf(stage, data.nowMillis, 'sendMillis') / 10 / running) : 0;
    const idle = running ? Math.min(100, rateOf(stage, data.nowMillis, 'idleMillis') / 10 / running) : 0;
    const activity = !running ? 'ended' : previousStages ? `busy ${Math.max(0, 100 - held - idle).toFixed(0)}%` : 'busy -';
    const g = el('g', { class: 'stage', 'data-stage': stage.id, transform: `translate(${p.x},${p.y})` });
    g.appendChild(el('title', {}, [stage.name, ...stage.steps].join('\n')));
    g.appendChild(el('rect', { class: 'box', width: NODE_WIDTH, height: NODE_HEIGHT }));
    g.appendChild(el('text', { class: 'name', x: 8, y: 17 }, shorten(stage.name, 32)));
    g.appendChild(el('text', { class: 'workers', x: 8, y: 34 }, `${stage.workers.length || stage.parallelism} workers, ${stage.steps.length} steps, ${activity}`));
    g.appendChild(el('text', { class: 'elements-in', x: 8, y: 51 }, `in ${number(stage.elementsIn)} (${bytes(stage.bytesIn)}), ${number(rate)}/s`));
    const spilled = stage.spilledBytes > 0 ? `, spilled ${bytes(stage.spilledBytes)}` : '';
    g.appendChild(el('text', { class: 'elements-out', x: 8, y: 68 }, `out ${number(stage.elementsOut)} (${bytes(stage.bytesOut)})${spilled}`));
    g.appendChild(el('text', { class: 'backlog', x: 8, y: 85 }, `backlog ${number(stage.inputBacklog)} splits, backpressure ${held.toFixed(0)}%`));
    g.appendChild(el('text', { class: 'watermark', x: 8, y: 102 }, `input watermark ${watermark(stage.inputWatermark)}${lag(stage)}`));
    if (stage.seeds > 0) {
      const done = Math.min(1, stage.splitsIn / stage.seeds);
      g.appendChild(el('rect', { class: 'progress-bg', x: 8, y: 112, width: NODE_WIDTH - 16, height: 8 }));
      g.appendChild(el('rect', { class: 'progress', x: 8, y: 112, width: (NODE_WIDTH - 16) * done, height: 8 }));
      g.appendChild(el('title', {}, `${stage.splitsIn} of ${stage.seeds} source splits read`));
    }
    svg.appendChild(g);
  }
}

function chart(element, title, stages, stepped) {
  const series = [{}];
  stages.forEach((stage, i) => {
    series.push({
      label: shorten(stage.name, 28),
      stroke: COLORS[i % COLORS.length],
      width: 2,
      paths: stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
    });
  });
  const width = Math.max(300, element.clientWidth - 10);
  const data = [[], ...stages.map(() => [])];
  return { plot: new uPlot({ title, width, height: 220, series, scales: { x: { time: true } } }, data, element), data };
}

function drawCharts(stages) {
  if (typeof uPlot === 'undefined') return;
  if (charts === null) {
    charts = {
      rates: chart(document.getElementById('rates'), '', stages.stages, false),
      workers: chart(document.getElementById('workers'), '', stages.stages, true),
    };
  }
  const time = stages.nowMillis / 1000;
  for (const [name, value] of [['rates', (s) => rateOf(s, stages.nowMillis, 'elementsIn')], ['workers', (s) => s.workers.length]]) {
    const { plot, data } = charts[name];
    data[0].push(time);
    stages.stages.forEach((stage, i) => data[i + 1].push(value(stage)));
    if (data[0].length > HISTORY) data.forEach((column) => column.shift());
    plot.setData(data);
  }
}

function drawFailures(job) {
  const section = document.getElementById('failures-section');
  section.hidden = job.failures.length === 0;
  document.getElementById('failures').replaceChildren(
    ...job.failures.map((failure) => {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = `Attempt ${failure.attempt}: ${failure.message}`;
      const trace = document.createElement('pre');
      trace.textContent = failure.stackTrace;
      details.append(summary, trace);
      return details;
    }));
}

function drawJob(job) {
  document.title = 'Solstice: ' + job.name;
  document.getElementById('job-name').textContent = job.name;
  const state = document.getElementById('job-state');
  state.textContent = job.state;
  state.className = 'state ' + job.state;
  const seconds = Math.round((job.nowMillis - job.startMillis) / 1000);
  const facts = [`job ${job.id}`, `running ${seconds} s`, `${job.executors.length} executor(s)`];
  if (job.restarts > 0) facts.push(`${job.restarts} restart(s)`);
  if (job.failure) facts.push('failure: ' + job.failure);
  document.getElementById('job-facts').textContent = facts.join(' \u00b7 ');
  lastState = job.state;
}

function row(cells, numeric, titles) {
  const tr = document.createElement('tr');
  cells.forEach((cell, i) => {
    const td = document.createElement('td');
    td.textContent = cell;
    if (numeric.includes(i)) td.className = 'number';
    if (titles && titles[i]) td.title = titles[i];
    tr.appendChild(td);
  });
  return tr;
}

// A step's full name is its transform's path; the last two parts say enough, the tooltip the rest.
function stepName(step) {
  const parts = step.split('/');
  return parts.length <= 2 ? step : '\u2026/' + parts.slice(-2).join('/');
}

function drawMetrics(metrics) {
  const body = document.querySelector('#metrics tbody');
  const rows = [];
  const metric = (m, value, numeric) => row([stepName(m.step), m.namespace + ':' + m.name, value], numeric, [m.step, null, null]);
  for (const c of metrics.counters) rows.push(metric(c, number(c.value), [2]));
  for (const d of metrics.distributions) {
    rows.push(metric(d, `n ${number(d.count)}, min ${d.min}, max ${d.max}, mean ${d.count ? (d.sum / d.count).toFixed(2) : '-'}`, []));
  }
  for (const g of metrics.gauges) rows.push(metric(g, number(g.value), [2]));
  body.replaceChildren(...rows);
}

function drawCheckpoints(checkpoints) {
  const summary = [checkpoints.completed === 0 ? 'None completed yet (see --checkpointingInterval).' : `${checkpoints.completed} completed`];
  if (checkpoints.failed.length > 0) summary.push(`${checkpoints.failed.length} failed`);
  document.getElementById('checkpoint-summary').textContent = summary.join(', ') + (checkpoints.completed || checkpoints.failed.length ? '; the latest:' : '');
  const rows = [];
  if (checkpoints.inFlight) {
    rows.push({ id: checkpoints.inFlight.id, cells: [checkpoints.inFlight.id, 'in progress', new Date(checkpoints.inFlight.sinceMillis).toLocaleTimeString(), `${number(checkpoints.nowMillis - checkpoints.inFlight.sinceMillis)} ms so far`, '', ''] });
  }
  for (const c of checkpoints.checkpoints) {
    rows.push({ id: c.id, cells: [c.id, 'completed', new Date(c.completedAtMillis).toLocaleTimeString(), c.durationMillis + ' ms', c.longestAlignmentMillis + ' ms', bytes(c.bytes)] });
  }
  for (const f of checkpoints.failed) {
    rows.push({ id: f.id, cells: [f.id, 'failed', new Date(f.failedAtMillis).toLocaleTimeString(), '', '', ''], reason: f.reason });
  }
  rows.sort((a, b) => b.id - a.id);
  document.querySelector('#checkpoints tbody').replaceChildren(
    ...rows.slice(0, 12).map((r) => row(r.cells, [0, 3, 4, 5], [null, r.reason || null])));
}

function notice(text) {
  const p = document.getElementById('notice');
  p.textContent = text;
  p.hidden = !text;
}

async function refresh() {
  try {
    const [job, stages, metrics, checkpoints] = await Promise.all([get('job'), get('stages'), get('metrics'), get('checkpoints')]);
    drawJob(job);
    drawFailures(job);
    drawGraph(stages);
    drawCharts(stages);
    drawMetrics(metrics);
    drawCheckpoints(checkpoints);
    previousStages = stages;
    notice('');
  } catch (e) {
    notice(lastState === null
      ? 'Cannot reach the job\'s status server: ' + e.message
      : 'The status server stopped: the job has ended (last seen ' + lastState + ').');
  }
}

document.getElementById('cancel').addEventListener('click', async () => {
  if (!confirm('Cancel this job?')) return;
  const response = await fetch('api/cancel', { method: 'POST', headers: { 'X-Requested-By': 'solstice-status-page' } });
  notice(response.ok ? 'Cancelling the job\u2026' : 'Cancel failed: HTTP ' + response.status);
});

refresh();
setInterval(refresh, 1000);
