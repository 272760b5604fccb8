// app.js: the page of `bandwise serve`. Plain JavaScript, no framework,
// nothing loaded from elsewhere (the server's Content-Security-Policy
// forbids it). Every number shown comes from the API, which returns the
// CLI's --json documents (docs/json.md); this file only asks and draws.
// Every string from the data is set as text (textContent), never as HTML.
'use strict';

const state = {
  plan: null,        // the last /api/plan document
  bands: null,       // the band file being edited, or null for the built-in table
  builtinBands: null,
  offers: [],        // deal files added on this page
  commitTimer: 0,
  commitSeq: 0,
};

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

// --- formatting -----------------------------------------------------------

function money(usd) {
  if (usd === null || usd === undefined || !isFinite(usd)) return '';
  return '$' + Math.round(usd).toLocaleString('en-US');
}
function shortMoney(usd) {
  const a = Math.abs(usd);
  if (a >= 1e9) return '$' + trim3(usd / 1e9) + 'B';
  if (a >= 1e6) return '$' + trim3(usd / 1e6) + 'M';
  if (a >= 1e3) return '$' + trim3(usd / 1e3) + 'K';
  return '$' + trim(usd);
}
function trim(x) { return String(Math.round(x * 100) / 100); }
function trim3(x) { return String(Number(x.toPrecision(3))); }
function pct(x) { return x === null || x === undefined ? '' : (Math.round(x * 1000) / 10) + '%'; }
function setText(id, text) { $(id).textContent = text === undefined || text === null ? '' : String(text); }
// On a phone the comparison table has room for "$1.61M", not "$1,608,334";
// the exact amount stays in data-usd (and in a tooltip).
function setMoney(id, usd) {
  const narrow = window.innerWidth < 480 && usd !== null && usd !== undefined && isFinite(usd);
  setText(id, narrow ? shortMoney(usd) : money(usd));
  $(id).title = money(usd);
  $(id).dataset.usd = usd === undefined ? '' : String(usd);
}

// --- the API ----------------------------------------------------------------

function globalsQuery() {
  const q = new URLSearchParams();
  q.set('term', $('term').value.trim());
  q.set('objective', $('objective').value);
  if ($('launch').value.trim()) q.set('launch', $('launch').value.trim());
  if ($('price-cut').value.trim()) q.set('price-cut', $('price-cut').value.trim());
  return q;
}

// GET, or POST 'body' (a JS object sent as JSON). Resolves to the document;
// rejects with the server's message (the CLI's words).
async function api(endpoint, query, body) {
  const url = '/api/' + endpoint + (query ? '?' + query.toString() : '');
  const init = body === undefined ? { method: 'GET' }
    : { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
  init.credentials = 'same-origin';
  const response = await fetch(url, init);
  const doc = await response.json();
  if (!response.ok) throw new Error(doc.error || ('HTTP ' + response.status));
  return doc;
}

function status(text) { setText('status', text); }

// --- charts: a small SVG script of our own -----------------------------------

// Round ticks: 1, 2 or 5 times a power of ten, about 'count' of them.
function niceTicks(lo, hi, count) {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [], top = Math.ceil(hi / step - 1e-9) * step;
  for (let v = Math.ceil(lo / step) * step; v <= top + step * 1e-9; v += step) ticks.push(v);
  return { ticks, lo: Math.floor(lo / step) * step, hi: top };
}

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const k in attrs) node.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(node);
  return node;
}

// A chart frame: returns x/y scales and the svg. opts: xlo, xhi, ylo, yhi,
// xlabel(v), ylabel(v), xticks (array, optional), title.
function frame(container, opts) {
  container.textContent = '';
  const width = Math.max(300, Math.min(900, container.clientWidth || 600));
  const narrow = width < 480;
  const height = narrow ? 240 : 300;
  const m = { l: narrow ? 52 : 70, r: 12, t: 12, b: 34 };
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': opts.title, width: '100%' }, container);
  const yt = niceTicks(opts.ylo, opts.yhi, narrow ? 4 : 6);
  const xs = (v) => m.l + (v - opts.xlo) / (opts.xhi - opts.xlo || 1) * (width - m.l - m.r);
  const ys = (v) => height - m.b - (v - yt.lo) / (yt.hi - yt.lo || 1) * (height - m.t - m.b);
  const font = narrow ? 11 : 12;
  for (const v of yt.ticks) {
    el('line', { x1: m.l, x2: width - m.r, y1: ys(v), y2: ys(v), class: 'grid' }, svg);
    const t = el('text', { x: m.l - 6, y: ys(v) + 4, 'text-anchor': 'end', 'font-size': font }, svg);
    t.textContent = opts.ylabel(v);
  }
  const xt = opts.xticks || niceTicks(opts.xlo, opts.xhi, narrow ? 4 : 7).ticks;
  for (const v of xt) {
    if (v < opts.xlo || v > opts.xhi) continue;
    // The ends' labels are kept inside the frame.
    const anchor = xs(v) > width - 40 ? 'end' : xs(v) < m.l + 20 ? 'start' : 'middle';
    const t = el('text', { x: xs(v), y: height - m.b + 16, 'text-anchor': anchor, 'font-size': font }, svg);
    t.textContent = opts.xlabel(v);
  }
  el('line', { x1: m.l, x2: width - m.r, y1: height - m.b, y2: height - m.b, class: 'axis' }, svg);
  return { svg, xs, ys, width, height, m };
}

function polyline(svg, points, cls) {
  el('polyline', { points: points.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' '), class: cls }, svg);
}

// The last complete month by model, and the usage the catalog cannot price
// (never priced as zero silently: it is listed). Names are the store's: text.
function showUsage(usage) {
  const body = document.querySelector('#model-table tbody');
  body.textContent = '';
  const complete = usage.months.filter((m) => m.complete);
  const last = complete.length ? complete[complete.length - 1] : usage.months[usage.months.length - 1];
  for (const m of (last && last.by_model) || []) {
    const tr = document.createElement('tr');
    for (const v of [m.model, money(m.list_usd)]) {
      const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  const list = $('unpriced');
  list.textContent = '';
  for (const u of usage.unpriced || []) {
    const li = document.createElement('li');
    li.textContent = `${u.total_tokens.toLocaleString('en-US')} tokens not priced, ${u.first_day} to ${u.last_day}: ${u.reason}`;
    list.appendChild(li);
  }
}

function drawFan(usage, forecast) {
  const history = usage.months.filter((m) => m.complete).map((m) => m.list_usd);
  const months = forecast.months;
  const n = history.length + months.length;
  const all = history.concat(months.map((m) => m.p90_usd));
  const f = frame($('fan-chart'), {
    title: 'Monthly list spend: history and forecast fan', xlo: 0, xhi: n - 1,
    ylo: 0, yhi: Math.max(...all) * 1.05, ylabel: shortMoney,
    xticks: [0, history.length - 1, n - 1],
    xlabel: (i) => i < history.length ? usage.months.filter((m) => m.complete)[i].month
      : months[i - history.length].month,
  });
  const off = history.length;
  const band = months.map((m, i) => [f.xs(off + i), f.ys(m.p90_usd)])
    .concat(months.map((m, i) => [f.xs(off + i), f.ys(m.p10_usd)]).reverse());
  el('polygon', { points: band.map((p) => p.join(',')).join(' '), class: 'fan' }, f.svg);
  polyline(f.svg, history.map((v, i) => [f.xs(i), f.ys(v)]), 'line history');
  polyline(f.svg, [[f.xs(off - 1), f.ys(history[off - 1])]].concat(
    months.map((m, i) => [f.xs(off + i), f.ys(m.p50_usd)])), 'line median');
  const fit = forecast.fit;
  setText('fit-note', `Fitted growth ${pct(fit.monthly_growth)} a month (95%: ${pct(fit.monthly_growth_low95)} to ` +
    `${pct(fit.monthly_growth_high95)}) on ${fit.history_months} complete months; ${forecast.paths} paths, seed ${forecast.seed}.`);
}

const COLORS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];

function drawCurves(curves, commit) {
  const bands = curves.bands;
  let xhi = 0, yhi = curves.payg_expected_cost_usd, ylo = Infinity;
  for (const b of bands) for (const p of b.points) {
    xhi = Math.max(xhi, p[0]); yhi = Math.max(yhi, p[1]); ylo = Math.min(ylo, p[1]);
  }
  ylo = Math.min(ylo, curves.payg_expected_cost_usd);
  // The decision lies near pay-as-you-go: a band far above it is cut off
  // rather than flattening every other curve.
  yhi = Math.min(yhi, curves.payg_expected_cost_usd * 1.6);
  const f = frame($('curve-chart'), {
    title: 'Expected cost against commitment, per band', xlo: 0, xhi: xhi,
    ylo: ylo * 0.95, yhi: yhi * 1.02, ylabel: shortMoney, xlabel: shortMoney,
  });
  const payg = f.ys(curves.payg_expected_cost_usd);
  el('line', { x1: f.m.l, x2: f.width - f.m.r, y1: payg, y2: payg, class: 'payg' }, f.svg);
  const label = el('text', { x: f.width - f.m.r - 4, y: payg - 4, 'text-anchor': 'end', 'font-size': 11 }, f.svg);
  label.textContent = 'pay-as-you-go';
  bands.forEach((b, i) => {
    polyline(f.svg, b.points.map((p) => [f.xs(p[0]), f.ys(p[1])]), 'line ' + COLORS[i % COLORS.length]);
    const last = b.points[b.points.length - 1];
    const t = el('text', { x: f.xs(last[0]) - 2, y: f.ys(last[1]) - 6, 'text-anchor': 'end', 'font-size': 11,
      class: 'label ' + COLORS[i % COLORS.length] }, f.svg);
    t.textContent = b.name;
  });
  if (commit >= 0 && commit <= xhi)
    el('line', { x1: f.xs(commit), x2: f.xs(commit), y1: f.m.t, y2: f.height - f.m.b, class: 'marker', id: 'commit-marker' }, f.svg);
  const clip = el('clipPath', { id: 'plot-clip' }, f.svg);
  el('rect', { x: f.m.l, y: f.m.t, width: f.width - f.m.l - f.m.r, height: f.height - f.m.t - f.m.b }, clip);
  for (const line of f.svg.querySelectorAll('polyline')) line.setAttribute('clip-path', 'url(#plot-clip)');
}

// --- the band table -----------------------------------------------------------

function bandFile() {
  const rows = [...document.querySelectorAll('#band-table tbody tr')];
  return {
    schema_version: 1,
    illustrative: false,
    note: 'Quotes entered in bandwise serve',
    source: 'bandwise serve',
    date: new Date().toISOString().slice(0, 10),
    threshold_basis: $('threshold-basis').value,
    bands: rows.map((r) => {
      const v = (name) => r.querySelector(`[data-k="${name}"]`);
      const overage = v('overage').value.trim();
      return {
        name: v('name').value.trim(),
        min_commit_usd: Number(v('min_commit_usd').value),
        discount: Number(v('discount').value),
        overage: overage === 'list' || overage === 'committed' ? overage : Number(overage),
        rollover: Number(v('rollover').value),
        true_up: v('true_up').value,
        price_lock: v('price_lock').checked,
      };
    }),
  };
}

function bandRow(band) {
  const tr = document.createElement('tr');
  const cell = (input) => { const td = document.createElement('td'); td.appendChild(input); tr.appendChild(td); };
  const input = (k, type, value, label, extra) => {
    const i = document.createElement('input');
    i.type = type; i.dataset.k = k; i.setAttribute('aria-label', label);
    if (type === 'checkbox') i.checked = !!value; else i.value = value;
    Object.assign(i, extra || {});
    cell(i);
  };
  input('name', 'text', band.name, 'band name', { size: 6 });
  input('min_commit_usd', 'number', band.min_commit_usd, 'minimum commitment per year', { step: 10000, min: 0 });
  input('discount', 'number', band.discount, 'discount', { step: 0.01, min: 0, max: 0.99 });
  input('overage', 'text', band.overage === undefined ? 'list' : band.overage, 'overage: list, committed or a discount', { size: 9 });
  input('rollover', 'number', band.rollover || 0, 'rollover share', { step: 0.05, min: 0, max: 1 });
  const sel = document.createElement('select');
  sel.dataset.k = 'true_up'; sel.setAttribute('aria-label', 'true-up');
  for (const o of ['term', 'annual']) { const op = document.createElement('option'); op.textContent = o; sel.appendChild(op); }
  sel.value = band.true_up || 'term';
  cell(sel);
  input('price_lock', 'checkbox', band.price_lock, 'price lock');
  const del = document.createElement('button');
  del.type = 'button'; del.textContent = 'Remove'; del.setAttribute('aria-label', 'remove band ' + band.name);
  del.addEventListener('click', () => tr.remove());
  cell(del);
  return tr;
}

function fillBandTable(file) {
  const body = document.querySelector('#band-table tbody');
  body.textContent = '';
  for (const b of file.bands) body.appendChild(bandRow(b));
  $('threshold-basis').value = file.threshold_basis || 'annual';
}

function showBandLabel() {
  setText('bands-label', state.bands ? 'Your quotes are in use (entered on this page).'
    : 'ILLUSTRATIVE defaults, not vendor terms: replace them with the quotes you hold and press "Use these quotes".');
  $('bands-label').className = state.bands ? 'ok' : 'warn';
}

// --- the plan and the what-if ----------------------------------------------------

function showOutcome(prefix, o) {
  setMoney(prefix + '-expected-cost', o.expected_cost_usd);
  setMoney(prefix + '-p90', o.p90_cost_usd);
  setMoney(prefix + '-cvar', o.cvar_usd);
  setMoney(prefix + '-unused', o.expected_unused_usd);
  setText(prefix + '-punused', pct(o.shortfall_probability));
  setMoney(prefix + '-overage', o.expected_overage_usd);
  setText(prefix + '-esr', pct(o.esr));
  setText(prefix + '-breakeven', o.break_even_month === null ? 'never' : 'month ' + o.break_even_month);
}

function showPlan(plan) {
  state.plan = plan;
  if (!state.builtinBands && !state.bands) {
    // The built-in table as the plan document states it: the form starts from it.
    state.builtinBands = { threshold_basis: 'annual', bands: plan.bands };
    fillBandTable(state.builtinBands);
  }
  const r = plan.recommended;
  setText('rec-band', r.band ? `${r.band}, ${window.innerWidth < 480 ? shortMoney(r.commit_usd) : money(r.commit_usd)}` : 'pay-as-you-go');
  showOutcome('rec', r);
  setMoney('payg-expected-cost', plan.payg_expected_cost_usd);
  setMoney('payg-p90', plan.payg_p90_cost_usd);
  setMoney('payg-cvar', plan.payg_cvar_usd);
  setText('recommendation', r.band ? `${r.band} band, commit ${money(r.commit_usd)} over ${plan.term_months} months ` +
    `(${pct(r.discount)} off): expected cost ${money(r.expected_cost_usd)}, saving ${money(r.savings_vs_payg_usd)} ` +
    `against pay-as-you-go` + (plan.illustrative ? ' (on ILLUSTRATIVE band discounts)' : '')
    : 'pay-as-you-go: no band beats it');
  $('recommendation').dataset.band = r.band || '';
  $('recommendation').dataset.commit = String(r.commit_usd);
  const body = document.querySelector('#plan-table tbody');
  body.textContent = '';
  for (const b of plan.bands) {
    const tr = document.createElement('tr');
    for (const v of [b.name, pct(b.discount), money(b.optimal_commit_usd), money(b.expected_cost_usd),
      money(b.p90_cost_usd), pct(b.shortfall_probability), pct(b.esr)]) {
      const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  const select = $('commit-band'), keep = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const b of plan.bands) { const o = document.createElement('option'); o.value = b.name; o.textContent = b.name; select.appendChild(o); }
  select.value = plan.bands.some((b) => b.name === keep) ? keep : '';
}

function commitQuery(commit) {
  const q = globalsQuery();
  q.set('commit', String(commit));
  if ($('commit-band').value) q.set('band', $('commit-band').value);
  return q;
}

// The what-if: one commitment evaluated by the library on the cached
// forecast (/api/evaluate: plan --commit X's "evaluated" object).
async function evaluateCommit() {
  const commit = Number($('commit-number').value);
  const seq = ++state.commitSeq;
  const marker = $('commit-marker');
  if (marker && state.curves) drawCurves(state.curves, commit);
  try {
    const e = await api('evaluate', commitQuery(commit), state.bands || undefined);
    if (seq !== state.commitSeq) return; // a newer move is on its way
    setText('eval-error', '');
    setText('eval-band', `${e.band}, ${window.innerWidth < 480 ? shortMoney(e.commit_usd) : money(e.commit_usd)}`);
    showOutcome('eval', e);
    $('eval-table').dataset.commit = String(commit);
  } catch (err) {
    if (seq !== state.commitSeq) return;
    setText('eval-error', err.message);
    $('eval-table').dataset.commit = '';
  }
}

function scheduleCommit() {
  clearTimeout(state.commitTimer);
  state.commitTimer = setTimeout(evaluateCommit, 60);
}

async function refreshAll() {
  status('Computing...');
  api('usage').then(showUsage).catch(() => {});
  try {
    const q = globalsQuery();
    const fq = new URLSearchParams(q); fq.delete('term'); fq.delete('objective'); fq.set('months', q.get('term'));
    const cq = new URLSearchParams(q); cq.delete('objective');
    const [usage, forecast, curves, plan] = await Promise.all([
      api('usage'), api('forecast', fq), api('curves', cq, state.bands || undefined),
      api('plan', q, state.bands || undefined)]);
    drawFan(usage, forecast);
    showPlan(plan);
    state.curves = curves;
    const top = Math.max(...curves.bands.map((b) => b.points[b.points.length - 1][0]));
    $('commit-range').max = String(Math.ceil(top / 10000) * 10000);
    drawCurves(curves, Number($('commit-number').value));
    await evaluateCommit();
    await refreshOffers();
    status('Up to date: ' + (state.bands ? 'your band table.' : 'the ILLUSTRATIVE built-in band table.'));
  } catch (err) {
    status('Error: ' + err.message);
  }
}

// --- offers ------------------------------------------------------------------------

async function refreshOffers() {
  const body = document.querySelector('#offer-table tbody');
  body.textContent = '';
  for (const offer of state.offers) {
    const tr = document.createElement('tr');
    const add = (v) => { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); return td; };
    try {
      const q = new URLSearchParams(globalsQuery()); q.delete('term');
      const doc = await api('offer', q, offer);
      const o = doc.offers[0];
      add(o.name); add(money(o.commit_usd)); add(pct(o.discount));
      add(money(o.outcome.expected_cost_usd)).dataset.usd = String(o.outcome.expected_cost_usd);
      add(money(o.outcome.expected_cost_usd - o.recommended_expected_cost_usd));
      add(o.target_discount === null ? '' : pct(o.target_discount));
      add(o.peers && o.peers.percentile !== null && o.peers.percentile !== undefined ? pct(o.peers.percentile) : '').className = 'percentile';
      // The verdict is a sentence: its own row, under the numbers.
      body.appendChild(tr);
      const row = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 7; td.className = 'verdict'; td.textContent = o.verdict;
      row.appendChild(td); body.appendChild(row);
      continue;
    } catch (err) {
      add(offer.name || '(offer)'); const td = add(err.message); td.colSpan = 6; td.className = 'error';
    }
    body.appendChild(tr);
  }
}

// Peers are kept by the server for the offers that follow (POST /api/peers).
async function setPeers(text) {
  const response = await fetch('/api/peers', { method: 'POST', body: text });
  const doc = await response.json();
  setText('peers-status', response.ok ? (doc.peers ? `Offers are placed among ${doc.bytes} bytes of peers.` : 'No peers.')
    : doc.error);
  refreshOffers();
}

function addOffer(deal) {
  state.offers.push(deal);
  setText('offer-error', '');
  refreshOffers();
}

// --- optimization levers --------------------------------------------------------------

function scaledPolicy() {
  const policy = JSON.parse($('policy-json').value);
  const k = (id) => Number($(id).value);
  const clamp = (x) => Math.max(0, Math.min(1, x));
  for (const r of policy.routing || []) r.share = clamp(r.share * k('lever-routing'));
  for (const c of policy.caching || []) c.hit_rate = clamp(c.hit_rate * k('lever-cache'));
  for (const b of policy.batch || []) b.share = clamp(b.share * k('lever-batch'));
  const ramp = Math.round(k('lever-ramp'));
  policy.ramp_months = { routing: ramp, caching: ramp, batch: ramp };
  return policy;
}

async function runPolicy() {
  const out = $('policy-result');
  out.textContent = '';
  try {
    const policy = scaledPolicy();
    const [waterfall, doc] = await Promise.all([
      api('optimize', new URLSearchParams({ months: '3' }), policy),
      api('optimized-plan', globalsQuery(), policy)]);
    setText('policy-error', '');
    const t = doc.trapped;
    const item = (k, v) => {
      const dt = document.createElement('dt'); dt.textContent = k; out.appendChild(dt);
      const dd = document.createElement('dd'); dd.textContent = v; out.appendChild(dd);
    };
    const w = waterfall.total;
    item('waterfall, ' + waterfall.scope, `list ${money(w.list_usd)} → after routing ${money(w.after_routing_usd)} → ` +
      `after caching ${money(w.after_caching_usd)} → after batch ${money(w.after_batch_usd)}`);
    item('saving', `${money(w.saving_usd)} (${pct(w.saving_share)} of list)`);
    item('recommended on optimized usage', `${doc.recommended.band || 'pay-as-you-go'}, ${money(doc.recommended.commit_usd)}`);
    if (t) {
      item('savings assumed', `${pct(t.savings)} of list, ramped over ${t.ramp_months} months`);
      item('sized before optimizing', `${t.sized_band}, ${money(t.sized_commit_usd)}`);
      item('trapped: expected unused', money(t.expected_unused_usd));
      item('extra cost of committing first', money(t.extra_cost_usd));
    }
  } catch (err) {
    setText('policy-error', err.message);
  }
}

// --- after signing ----------------------------------------------------------------------

async function runTrack() {
  const body = document.querySelector('#track-table tbody');
  body.textContent = '';
  setText('track-summary', '');
  try {
    const deal = JSON.parse($('track-json').value);
    const q = new URLSearchParams(globalsQuery()); q.delete('term'); q.delete('objective');
    const t = await api('track', q, deal);
    setText('track-error', '');
    setText('track-summary', `${t.deal}: ${money(t.consumed_usd)} of ${money(t.commit_usd)} consumed in ` +
      `${t.months_elapsed} of ${t.term_months} months (pace ${pct(t.pace)}).`);
    for (const p of t.periods) {
      const tr = document.createElement('tr');
      for (const v of [p.period, `${p.first_month}..${p.last_month}`, money(p.commit_usd), money(p.consumed_usd),
        money(p.position_p50_usd), pct(p.shortfall_probability), money(p.expected_unused_usd), money(p.expected_overage_usd)]) {
        const td = document.createElement('td'); td.textContent = String(v); tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  } catch (err) {
    setText('track-error', err.message);
  }
}

// --- wiring -------------------------------------------------------------------------------

// The report for exactly the inputs on screen (term, scenarios, the band table).
async function downloadReport(format) {
  const q = globalsQuery(); q.delete('objective'); q.set('format', format);
  const init = state.bands ? { method: 'POST', body: JSON.stringify(state.bands) } : { method: 'GET' };
  status('Writing the report...');
  const response = await fetch('/api/report?' + q.toString(), init);
  if (!response.ok) { status('Error: ' + (await response.json()).error); return; }
  download('bandwise-report.' + format, await response.blob());
  status('Report written.');
}

function download(name, content) {
  const blob = content instanceof Blob ? content : new Blob([content], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function init() {
  $('globals').addEventListener('submit', (e) => { e.preventDefault(); refreshAll(); });
  $('term').addEventListener('change', refreshAll);
  $('objective').addEventListener('change', refreshAll);
  $('commit-range').addEventListener('input', () => { $('commit-number').value = $('commit-range').value; scheduleCommit(); });
  $('commit-number').addEventListener('input', () => { $('commit-range').value = $('commit-number').value; scheduleCommit(); });
  $('commit-band').addEventListener('change', scheduleCommit);
  $('band-add').addEventListener('click', () => {
    document.querySelector('#band-table tbody').appendChild(bandRow({ name: 'new', min_commit_usd: 0, discount: 0 }));
  });
  $('bands-use').addEventListener('click', () => { state.bands = bandFile(); showBandLabel(); refreshAll(); });
  $('bands-reset').addEventListener('click', () => {
    state.bands = null; fillBandTable(state.builtinBands); showBandLabel(); refreshAll();
  });
  $('bands-export').addEventListener('click', () => download('bands.json', JSON.stringify(bandFile(), null, 2) + '\n'));
  $('offer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    addOffer({
      name: $('offer-name').value, term_months: Number($('offer-term').value),
      commit_usd: Number($('offer-commit').value), discount: Number($('offer-discount').value),
      overage: $('offer-overage').value, true_up: $('offer-trueup').value,
    });
  });
  $('offer-paste').addEventListener('click', () => {
    try { addOffer(JSON.parse($('offer-json').value)); } catch (err) { setText('offer-error', 'not JSON: ' + err.message); }
  });
  $('track-run').addEventListener('click', runTrack);
  $('peers-file').addEventListener('change', async () => {
    const file = $('peers-file').files[0];
    if (file) setPeers(await file.text());
  });
  $('peers-clear').addEventListener('click', () => { $('peers-file').value = ''; setPeers(''); });
  $('download-html').addEventListener('click', () => downloadReport('html'));
  $('download-xlsx').addEventListener('click', () => downloadReport('xlsx'));
  $('policy-run').addEventListener('click', () => {
    try { JSON.parse($('policy-json').value); } catch (err) { setText('policy-error', 'not JSON: ' + err.message); return; }
    runPolicy();
  });
  // Charts are laid out for the width: redrawn when it changes (not the height).
  let resize = 0, width = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    clearTimeout(resize);
    resize = setTimeout(refreshAll, 200);
  });
  showBandLabel();
  refreshAll();
}

document.addEventListener('DOMContentLoaded', init);
