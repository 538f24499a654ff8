// The demo's dashboard: polls /stats once a second and draws what changed since the last poll.
// The admin token lives only in the password field; nothing is stored in the browser.

const POLL_MS = 1000;
/** Points kept per chart: five minutes at one a second. */
const HISTORY = 300;
/** One press of "Generate load": this many reads, at about this rate. */
const LOAD_READS = 3000;
const LOAD_PER_SECOND = 250;
const LOAD_WORKERS = 4;
/** The people a fresh embedded demo is seeded with; the load uses those that exist. */
const SAMPLE_IDS = ['ada', 'alan', 'grace', 'edsger', 'barbara', 'tony'];

const COLORS = {
  cache: '#3fb950',
  db: '#f0883e',
  accent: '#58a6ff',
  bad: '#f85149',
  muted: '#8394a8',
  grid: '#263241',
};

const $ = (id) => document.getElementById(id);

const history = {
  time: [],
  cache: [],
  db: [],
  hitNow: [],
  hitTotal: [],
  p50: [],
  p99: [],
  errors: [],
  dbReads: [],
};

const charts = {
  reads: chart('chart-reads', [
    { label: 'cache', stroke: COLORS.cache, fill: 'rgba(63,185,80,0.15)' },
    { label: 'db', stroke: COLORS.db, fill: 'rgba(240,136,62,0.15)' },
  ]),
  hit: chart(
    'chart-hit',
    [
      { label: 'per second', stroke: COLORS.accent },
      { label: 'since start', stroke: COLORS.muted, dash: [4, 4] },
    ],
    { range: [0, 1] },
  ),
  latency: chart('chart-latency', [
    { label: 'p50', stroke: COLORS.accent },
    { label: 'p99', stroke: COLORS.bad },
  ]),
  errors: chart('chart-errors', [
    { label: 'cache errors', stroke: COLORS.bad },
    { label: 'DB queries', stroke: COLORS.db },
  ]),
};

function chart(elementId, series, yScale = {}) {
  const element = $(elementId);
  const plot = new uPlot(
    {
      width: element.clientWidth || 400,
      height: 220,
      series: [{}, ...series.map((s) => ({ width: 2, points: { show: false }, ...s }))],
      scales: {
        x: { time: true },
        // Rates and latencies start at zero, with headroom, and an idle chart still has a scale.
        y: { range: yScale.range ?? ((_plot, _min, max) => [0, Math.max(1, max * 1.1)]) },
      },
      axes: [
        // Whole seconds at least 60 px apart: sub-second ticks crowd a wide chart.
        {
          stroke: COLORS.muted,
          grid: { stroke: COLORS.grid, width: 1 },
          space: 60,
          incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300],
        },
        { stroke: COLORS.muted, grid: { stroke: COLORS.grid, width: 1 }, size: 50 },
      ],
      legend: { live: false },
    },
    [[], ...series.map(() => [])],
    element,
  );
  new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: 220 })).observe(
    element,
  );
  return plot;
}

let previous;

async function poll() {
  const started = performance.now();
  try {
    const response = await fetch('/stats', { cache: 'no-store' });
    if (!response.ok) throw new Error(`GET /stats answered ${response.status}`);
    const stats = await response.json();
    render(stats, performance.now());
    setStatus(`updated ${new Date().toLocaleTimeString()}`, false);
  } catch (error) {
    setStatus(`no answer from the demo: ${error.message}`, true);
  } finally {
    // Once a second from the start of each poll, so a slow answer does not stretch the cadence.
    setTimeout(poll, Math.max(0, POLL_MS - (performance.now() - started)));
  }
}

function render(stats, now) {
  showMode(stats.useDb, stats.mode);
  showServers(stats.servers);
  $('hit-ratio').textContent = percent(stats.hitRatio);
  const { p50, p99, samples } = stats.latencyMs;
  $('latency').textContent = samples > 0 ? `${ms(p50)} / ${ms(p99)}` : '–';

  if (previous) {
    const seconds = (now - previous.at) / 1000;
    const rate = (field) => (field(stats) - field(previous.stats)) / seconds;
    const cache = rate((s) => s.reads.cache);
    const db = rate((s) => s.reads.db);
    const hits = stats.hits - previous.stats.hits;
    const lookups = hits + stats.misses - previous.stats.misses;
    const errors = rate((s) => s.cacheErrors);
    const dbReads = rate((s) => s.dbReads);
    $('rate-cache').textContent = whole(cache);
    $('rate-db').textContent = whole(db);
    $('rate-errors').textContent = whole(errors);
    $('rate-dbreads').textContent = whole(dbReads);
    push({
      time: Date.now() / 1000,
      cache,
      db,
      hitNow: lookups > 0 ? hits / lookups : null,
      hitTotal: stats.hitRatio,
      p50: samples > 0 ? p50 : null,
      p99: samples > 0 ? p99 : null,
      errors,
      dbReads,
    });
  }
  previous = { stats, at: now };
}

function push(point) {
  for (const [key, values] of Object.entries(history)) {
    values.push(point[key]);
    if (values.length > HISTORY) values.shift();
  }
  const { time } = history;
  charts.reads.setData([time, history.cache, history.db]);
  charts.hit.setData([time, history.hitNow, history.hitTotal]);
  charts.latency.setData([time, history.p50, history.p99]);
  charts.errors.setData([time, history.errors, history.dbReads]);
}

// Where the mode comes from: the database's mode row that every process follows, this
// process's start-up setting, or the last value read before the row became unreadable.
const MODE_SOURCES = {
  shared: 'for every process on this database',
  configured: 'this process only (no mode row written yet)',
  'last-known': 'last known: the mode row cannot be read',
};

function showMode(useDb, status) {
  const mode = useDb ? 'db' : 'cache';
  $('mode').textContent = mode;
  $('mode-badge').className = `mode-badge ${mode}`;
  if (status) {
    $('mode-source').textContent = MODE_SOURCES[status.source] ?? status.source;
    $('mode-source').className = status.source === 'last-known' ? 'mode-source bad' : 'mode-source';
  }
}

function showServers(servers) {
  const rows = servers.map((server) => {
    const row = document.createElement('tr');
    for (const [text, className] of [
      [server.name, ''],
      [server.breakerState, server.breakerState],
      [String(server.pendingInvalidations), ''],
    ]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (className) cell.className = className;
      row.append(cell);
    }
    return row;
  });
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 3;
    cell.textContent = 'no cache server used yet';
    row.append(cell);
    rows.push(row);
  }
  $('servers').replaceChildren(...rows);
}

function setStatus(text, bad) {
  $('status').textContent = text;
  $('status').className = bad ? 'status bad' : 'status';
}

async function setMode(useDb) {
  const message = $('mode-message');
  const token = $('token').value.trim();
  try {
    const response = await fetch('/mode', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ useDb }),
    });
    const body = await response.json();
    if (!response.ok) {
      message.textContent = `${response.status}: ${body.error?.message ?? 'refused'}`;
      message.className = 'message bad';
      return;
    }
    showMode(body.useDb);
    message.textContent = body.useDb
      ? 'reads now go to the database'
      : 'reads now go through the cache';
    message.className = 'message';
  } catch (error) {
    message.textContent = `could not switch: ${error.message}`;
    message.className = 'message bad';
  }
}

const knownIds = new Set();

async function lookup(event) {
  event.preventDefault();
  const id = $('lookup-id').value.trim();
  if (!id) return;
  const response = await fetch(`/people/${encodeURIComponent(id)}`, { cache: 'no-store' });
  const body = await response.json();
  const source = response.headers.get('x-cache-source');
  $('lookup-status').textContent = `${response.status}`;
  $('lookup-source').textContent = source ? `x-cache-source: ${source}` : '';
  $('lookup-source').className = source ? `source ${source}` : 'source';
  $('lookup-result').textContent = JSON.stringify(body, null, 2);
  if (response.ok) {
    knownIds.add(body.id);
    showLoadHint();
  }
}

async function findSampleIds() {
  const response = await fetch(`/people?ids=${SAMPLE_IDS.join(',')}`, { cache: 'no-store' });
  if (!response.ok) return;
  const { people } = await response.json();
  for (const { person } of people) knownIds.add(person.id);
  showLoadHint();
}

function showLoadHint() {
  $('load-hint').textContent =
    knownIds.size > 0
      ? `${LOAD_READS} reads of ${[...knownIds].join(', ')}, about ${LOAD_PER_SECOND} a second`
      : 'No sample people here: look a person up and the load will read them.';
  if (!load) $('load-button').disabled = knownIds.size === 0;
}

let load;

async function toggleLoad() {
  if (load) {
    load.stopped = true;
    return;
  }
  const ids = [...knownIds];
  load = { stopped: false, done: 0, failed: 0 };
  const current = load;
  $('load-button').textContent = 'Stop';
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (!current.stopped && next < LOAD_READS) {
      const i = next++;
      const due = started + (i * 1000) / LOAD_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        const response = await fetch(`/people/${ids[i % ids.length]}`, { cache: 'no-store' });
        await response.arrayBuffer();
        if (!response.ok) current.failed++;
      } catch {
        current.failed++;
      }
      current.done++;
      if (current.done % 25 === 0) showProgress(current);
    }
  };
  await Promise.all(Array.from({ length: LOAD_WORKERS }, worker));
  showProgress(current);
  load = undefined;
  $('load-button').textContent = 'Generate load';
  showLoadHint();
}

function showProgress({ done, failed, stopped }) {
  const state = load && !stopped ? 'running' : 'finished';
  $('load-progress').textContent =
    `${done} / ${LOAD_READS} reads ${state}${failed ? `, ${failed} failed` : ''}`;
}

function percent(ratio) {
  return `${(ratio * 100).toFixed(1)} %`;
}

function ms(value) {
  return value >= 10 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`;
}

function whole(value) {
  return String(Math.round(value));
}

$('use-cache').addEventListener('click', () => setMode(false));
$('use-db').addEventListener('click', () => setMode(true));
$('lookup').addEventListener('submit', lookup);
$('load-button').addEventListener('click', toggleLoad);
showLoadHint();
findSampleIds();
poll();
