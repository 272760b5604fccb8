// app.js: the page of `bandwise serve`. Plain JavaScript, no framework,
// nothing loaded from elsewhere (the server's Content-Security-Policy
// forbids it). Every number shown comes from the API, which returns the
// CLI's --json documents (docs/json.md), and every chart is the report's own
// SVG (/api/chart: the C chart module the HTML report inlines), so this file
// only asks, inserts and moves the commitment marker.
// Every string from the data is set as text (textContent), never as HTML.
'use strict';

const state = {
  plan: null,        // the last /api/plan document
  bands: null,       // the band file being edited, or null for the built-in table
  builtinBands: null,
  offers: [],        // deal files added on this page
  peers: null,       // the text of the peers CSV uploaded, or null
  policy: null,      // the policy (levers applied) whose results are shown, or null
  bandsEdited: false, // the form differs from the table it was filled from
  bandsMeta: null,   // note, source and date of an imported band file
  commitTimer: 0,
  commitSeq: 0,
  refreshSeq: 0,
};

const $ = (id) => document.getElementById(id);

// --- formatting -----------------------------------------------------------

function money(usd) {
  if (usd === null || usd === undefined || !isFinite(usd)) return '';
  return (usd < 0 ? '-$' : '$') + Math.abs(Math.round(usd)).toLocaleString('en-US');
}

// On a phone a wide table is shown as cards (app.css, table.cards): each
// cell names its column itself, from the header.
function labelCells(table) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const tr of table.querySelectorAll('tbody tr'))
    [...tr.children].forEach((td, i) => { td.dataset.label = names[i] || ''; });
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

// The scenarios in the CLI's words: --launch USD@M[:P], --price-cut PCT%@M.
function launchArg() {
  const usd = $('launch-usd').value.trim();
  if (usd === '' || Number(usd) === 0) return '';
  const share = $('launch-share').value.trim();
  return `${usd}@${$('launch-month').value.trim()}` + (share !== '' && Number(share) !== 1 ? ':' + share : '');
}
function priceCutArg() {
  const pctText = $('cut-pct').value.trim();
  if (pctText === '' || Number(pctText) === 0) return '';
  return `${pctText}%@${$('cut-month').value.trim()}`;
}

function globalsQuery() {
  const q = new URLSearchParams();
  q.set('term', $('term').value.trim());
  q.set('objective', $('objective').value);
  if (launchArg()) q.set('launch', launchArg());
  if (priceCutArg()) q.set('price-cut', priceCutArg());
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

// --- charts: the report's, from the server ---------------------------------

// One of the report's charts (bw_report_chart_svg) for this container's
// width, parsed as SVG (not HTML: no script, no handler survives the
// parser's namespace) and put in place of the previous one.
async function showChart(id, name, query, body) {
  const container = $(id);
  const q = new URLSearchParams(query);
  q.set('name', name);
  q.set('width', String(Math.max(280, Math.min(1600, Math.round(container.clientWidth || 600)))));
  const doc = await api('chart', q, body);
  const parsed = new DOMParser().parseFromString(doc.svg, 'image/svg+xml');
  if (parsed.getElementsByTagName('parsererror').length || parsed.documentElement.localName !== 'svg')
    throw new Error('the server sent a chart that is not SVG');
  container.replaceChildren(document.importNode(parsed.documentElement, true));
}

// The commitment marker moved in place while the commitment is dragged: the
// chart's line carries its own x scale (data-px0 + usd * data-px-per-usd).
function moveMarker(commit) {
  const m = document.querySelector('line.commit-marker');
  if (!m) return;
  const x = Math.min(Number(m.dataset.pxMax),
    Number(m.dataset.px0) + Math.max(0, commit) * Number(m.dataset.pxPerUsd));
  m.setAttribute('x1', x.toFixed(1));
  m.setAttribute('x2', x.toFixed(1));
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

// The fit in words with its price basis (the history as billed, or the same
// work at today's list: the chart's dotted line) and, by segment, that the
// growth is the total's while the fan is the segments' sum (docs/json.md).
function showFit(forecast) {
  const fit = forecast.fit;
  const basis = forecast.price_basis === 'history' ? 'the history as billed'
    : forecast.price_basis_day ? `the same work at today's list (the prices in force on ${forecast.price_basis_day}; the chart's dotted line)`
    : 'the history';
  let text = `${forecast.by_segment ? "The company's total" : 'List spend'}: ${fit.model} model, ` +
    `${pct(fit.monthly_growth)} a month (95%: ${pct(fit.monthly_growth_low95)} to ${pct(fit.monthly_growth_high95)}), ` +
    `fitted on ${basis}, ${fit.history_months} complete months; ${forecast.paths} paths, seed ${forecast.seed}.`;
  if (forecast.by_segment && forecast.segments)
    text += ` The fan is the sum of ${forecast.segments.segments.length} segments' own forecasts.`;
  if (forecast.segments_note) text += ' ' + forecast.segments_note;
  setText('fit-note', text);
  $('fit-note').dataset.priceBasis = forecast.price_basis || '';
}

// --- the band table -----------------------------------------------------------

// The form as a band file (docs/bands.md). Every term the form shows is
// written, so that importing the export fills the same form again. While the
// form still holds the built-in table unedited, the file says it is
// illustrative, as the built-in table does.
function bandFile() {
  const rows = [...document.querySelectorAll('#band-table tbody tr')];
  const builtin = !state.bands && !state.bandsEdited && state.builtinBands;
  const meta = builtin ? state.builtinBands : !state.bandsEdited && state.bandsMeta ? state.bandsMeta : null;
  const file = {
    schema_version: 1,
    illustrative: builtin ? !!state.builtinBands.illustrative : !!(meta && meta.illustrative),
    note: meta && meta.note ? meta.note : 'Quotes entered in bandwise serve',
    source: meta && meta.source ? meta.source : 'bandwise serve',
    date: meta && meta.date ? meta.date : new Date().toISOString().slice(0, 10),
    threshold_basis: $('threshold-basis').value,
    threshold_measure: $('threshold-measure').value,
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
        price_lock: v('price_lock').value,
      };
    }),
  };
  return file;
}

// A band file's price_lock in the form's words: true is "fixed", false "none".
function lockName(lock) {
  if (lock === true) return 'fixed';
  if (lock === false || lock === undefined || lock === null) return 'none';
  return String(lock);
}

function select(k, label, options, value) {
  const sel = document.createElement('select');
  sel.dataset.k = k; sel.setAttribute('aria-label', label);
  for (const o of options) { const op = document.createElement('option'); op.textContent = o; sel.appendChild(op); }
  sel.value = value;
  return sel;
}

function bandRow(band) {
  const tr = document.createElement('tr');
  const cell = (input) => { const td = document.createElement('td'); td.appendChild(input); tr.appendChild(td); };
  const input = (k, type, value, label, extra) => {
    const i = document.createElement('input');
    i.type = type; i.dataset.k = k; i.setAttribute('aria-label', label);
    i.value = value;
    Object.assign(i, extra || {});
    cell(i);
  };
  input('name', 'text', band.name, 'band name', { size: 6 });
  input('min_commit_usd', 'number', band.min_commit_usd, 'minimum commitment per year', { step: 10000, min: 0 });
  input('discount', 'number', band.discount, 'discount', { step: 0.01, min: 0, max: 0.99 });
  input('overage', 'text', band.overage === undefined ? 'list' : band.overage, 'overage: list, committed or a discount', { size: 9 });
  input('rollover', 'number', band.rollover || 0, 'rollover share', { step: 0.05, min: 0, max: 1 });
  cell(select('true_up', 'true-up', ['term', 'annual'], band.true_up || 'term'));
  cell(select('price_lock', 'price lock: none, fixed at signing or capped at signing', ['none', 'fixed', 'cap'],
    lockName(band.price_lock)));
  const del = document.createElement('button');
  del.type = 'button'; del.textContent = 'Remove'; del.setAttribute('aria-label', 'remove band ' + band.name);
  del.addEventListener('click', () => { tr.remove(); state.bandsEdited = true; showBandLabel(); });
  cell(del);
  return tr;
}

function fillBandTable(file) {
  const body = document.querySelector('#band-table tbody');
  body.textContent = '';
  for (const b of file.bands) body.appendChild(bandRow(b));
  labelCells($('band-table'));
  $('threshold-basis').value = file.threshold_basis || 'annual';
  $('threshold-measure').value = file.threshold_measure || 'net';
  state.bandsEdited = false;
}

// The table in use: the illustrative label stays until quotes replace it
// (an edited form is not in use until "Use these quotes").
function showBandLabel() {
  const inUse = state.bands;
  const illustrative = !inUse || inUse.illustrative;
  let text = illustrative
    ? 'ILLUSTRATIVE defaults, not vendor terms: replace them with the quotes you hold and press "Use these quotes".'
    : 'Your quotes are in use (entered on this page).';
  if (inUse && inUse.illustrative) text = 'ILLUSTRATIVE: the imported band file says its discounts are assumptions, not quotes.';
  if (state.bandsEdited) text += ' The form has changes not in use yet.';
  setText('bands-label', text);
  $('bands-label').className = illustrative ? 'warn' : 'ok';
}

// A band file read from disk fills the form and is used as it is.
async function importBands(file) {
  try {
    const parsed = JSON.parse(await file.text());
    if (!parsed || !Array.isArray(parsed.bands)) throw new Error('no "bands" list (docs/bands.md)');
    fillBandTable(parsed);
    state.bandsMeta = { illustrative: !!parsed.illustrative, note: parsed.note, source: parsed.source, date: parsed.date };
    state.bands = bandFile();
    setText('bands-error', '');
    showBandLabel();
    refreshAll();
  } catch (err) {
    setText('bands-error', `${file.name}: ${err.message}`);
  }
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
    state.builtinBands = {
      threshold_basis: 'annual', threshold_measure: plan.threshold_measure, bands: plan.bands,
      illustrative: plan.illustrative, note: plan.bands_note, source: plan.bands_source,
    };
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
  labelCells($('plan-table'));
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
  moveMarker(commit);
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

// The charts for the inputs on screen (and again when the width changes).
function chartQuery() {
  const q = globalsQuery();
  q.set('commit', String(Number($('commit-number').value) || 0));
  return q;
}
async function refreshCharts() {
  const q = chartQuery(), body = state.bands || undefined;
  await Promise.all([showChart('stand-chart', 'stand', q, body), showChart('fan-chart', 'forecast', q, body),
    showChart('curve-chart', 'curves', q, body)]);
  moveMarker(Number($('commit-number').value));
}

async function refreshAll() {
  const seq = ++state.refreshSeq;
  status('Computing...');
  try {
    const q = globalsQuery();
    const fq = new URLSearchParams(q); fq.delete('term'); fq.delete('objective'); fq.set('months', q.get('term'));
    const cq = new URLSearchParams(q); cq.delete('objective');
    // The usage is shown even when the store holds too little to plan on.
    api('usage').then(showUsage).catch(() => {});
    const [forecast, curves, plan] = await Promise.all([
      api('forecast', fq), api('curves', cq, state.bands || undefined),
      api('plan', q, state.bands || undefined)]);
    if (seq !== state.refreshSeq) return; // a newer change is on its way
    showFit(forecast);
    showPlan(plan);
    const top = Math.max(...curves.bands.map((b) => b.points[b.points.length - 1][0]));
    $('commit-range').max = String(Math.ceil(top / 10000) * 10000);
    await refreshCharts();
    await evaluateCommit();
    await refreshOffers();
    if (state.policy) await runPolicy(); // the levers' results follow the scenario too
    if (seq !== state.refreshSeq) return;
    status('Up to date: ' + (state.bands && !state.bands.illustrative ? 'your band table.' : 'the ILLUSTRATIVE band table.'));
    document.body.dataset.inputs = q.toString();
  } catch (err) {
    if (seq === state.refreshSeq) status('Error: ' + err.message);
  }
}

// --- offers ------------------------------------------------------------------------

// The offers side by side: one column per offer, the same rows for each.
async function refreshOffers() {
  const table = $('offer-table');
  const head = table.querySelector('thead tr'), body = table.querySelector('tbody');
  const q = new URLSearchParams(globalsQuery()); q.delete('term');
  const docs = await Promise.all(state.offers.map((offer) => api('offer', q, offer).then((d) => d.offers[0], (err) => err)));
  while (head.children.length > 1) head.lastChild.remove();
  body.textContent = '';
  if (!docs.length) return;
  const rows = [
    ['verdict', (o) => o.verdict, 'verdict'],
    ['term', (o) => o.term_months + ' months'],
    ['commit', (o) => money(o.commit_usd)],
    ['discount', (o) => pct(o.discount)],
    ['expected cost', (o) => money(o.outcome.expected_cost_usd), 'expected-cost', (o) => o.outcome.expected_cost_usd],
    ['effective rate (cost / list)', (o) => pct(o.outcome.expected_cost_usd / o.payg_expected_cost_usd), 'effective-rate'],
    ['effective savings rate', (o) => pct(o.outcome.esr)],
    ['P(unused)', (o) => pct(o.outcome.shortfall_probability)],
    ['vs recommended', (o) => money(o.outcome.expected_cost_usd - o.recommended_expected_cost_usd)],
    ['counter: discount it needs', (o) => o.target_discount === null ? 'none below 99%' : pct(o.target_discount), 'counter'],
    ['discount to beat pay-as-you-go', (o) => o.target_discount_payg === null ? 'none below 99%' : pct(o.target_discount_payg)],
    ['peers percentile', (o) => o.peers && o.peers.percentile !== null && o.peers.percentile !== undefined ? pct(o.peers.percentile) : '', 'percentile'],
  ];
  docs.forEach((o, i) => {
    const th = document.createElement('th');
    th.scope = 'col'; th.className = 'offer-name';
    th.textContent = o instanceof Error ? (state.offers[i].name || '(offer)') : o.name;
    const del = document.createElement('button');
    del.type = 'button'; del.textContent = 'Remove'; del.className = 'small';
    del.setAttribute('aria-label', 'remove offer ' + th.textContent);
    del.addEventListener('click', () => { state.offers.splice(i, 1); refreshOffers(); });
    th.appendChild(document.createElement('br')); th.appendChild(del);
    head.appendChild(th);
  });
  for (const [label, value, cls, usd] of rows) {
    const tr = document.createElement('tr');
    const th = document.createElement('th'); th.scope = 'row'; th.textContent = label; tr.appendChild(th);
    for (const o of docs) {
      const td = document.createElement('td');
      if (o instanceof Error) {
        if (label === 'verdict') { td.textContent = o.message; td.className = 'error'; }
      } else {
        td.textContent = value(o);
        if (cls) td.className = cls;
        if (usd) td.dataset.usd = String(usd(o));
      }
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

// Peers are kept by the server for the offers that follow (POST /api/peers).
async function setPeers(text) {
  const response = await fetch('/api/peers', { method: 'POST', body: text });
  const doc = await response.json();
  state.peers = response.ok && doc.peers ? text : null;
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

// The levers applied to the pasted policy: the waterfall, the plan on the
// optimized usage and the savings committing first would trap. An empty
// policy box clears them (and the report is then sized without a policy).
// Each run is numbered: a run whose answers arrive after a newer run began
// (a lever moved, the box emptied) is dropped, so a slow answer never
// brings back a policy the user has since changed or cleared.
let policyRuns = 0;

async function runPolicy() {
  const run = ++policyRuns;
  const out = $('policy-result');
  out.textContent = '';
  delete out.dataset.expectedCost;
  delete out.dataset.commit;
  if ($('policy-json').value.trim() === '') {
    state.policy = null;
    setText('policy-error', '');
    return;
  }
  try {
    const policy = scaledPolicy();
    const [waterfall, doc] = await Promise.all([
      api('optimize', new URLSearchParams({ months: '3' }), policy),
      api('optimized-plan', globalsQuery(), bandsAnd({ policy }))]);
    if (run !== policyRuns) return;
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
    item('recommended on optimized usage', `${doc.recommended.band || 'pay-as-you-go'}, ${money(doc.recommended.commit_usd)}, ` +
      `expected cost ${money(doc.recommended.expected_cost_usd)}`);
    out.dataset.expectedCost = String(doc.recommended.expected_cost_usd);
    out.dataset.commit = String(doc.recommended.commit_usd);
    state.policy = policy;
    if (t) {
      item('savings assumed', `${pct(t.savings)} of list, ramped over ${t.ramp_months} months`);
      item('sized before optimizing', `${t.sized_band}, ${money(t.sized_commit_usd)}`);
      item('trapped: expected unused', money(t.expected_unused_usd));
      item('extra cost of committing first', money(t.extra_cost_usd));
    }
  } catch (err) {
    if (run !== policyRuns) return;
    state.policy = null;
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
    labelCells($('track-table'));
  } catch (err) {
    setText('track-error', err.message);
  }
}

// --- wiring -------------------------------------------------------------------------------

// The report for exactly the inputs on screen (POST /api/report, docs/json.md):
// the band table in use (as the file "Export as band file" writes), the
// offers added, the peers uploaded, the policy with its levers, and in the
// query the scenario, the term, the objective and the commitment shown.
// 'inputs' with the band table in use, when it is not the built-in one.
function bandsAnd(inputs) {
  if (state.bands) inputs.bands = JSON.stringify(state.bands, null, 2) + '\n';
  return inputs;
}

function reportInputs() {
  const inputs = bandsAnd({});
  if (state.offers.length) inputs.offers = state.offers;
  if (state.peers) inputs.peers = state.peers;
  if (state.policy) inputs.policy = state.policy;
  return inputs;
}

async function downloadReport(format) {
  const q = commitQuery(Number($('commit-number').value) || 0); q.set('format', format);
  status('Writing the report...');
  const response = await fetch('/api/report?' + q.toString(), {
    method: 'POST', body: JSON.stringify(reportInputs()), headers: { 'Content-Type': 'application/json' },
  });
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
  // Every scenario control recomputes when it changes.
  for (const id of ['term', 'objective', 'launch-usd', 'launch-month', 'launch-share', 'cut-pct', 'cut-month'])
    $(id).addEventListener('change', refreshAll);
  $('commit-range').addEventListener('input', () => { $('commit-number').value = $('commit-range').value; scheduleCommit(); });
  $('commit-number').addEventListener('input', () => { $('commit-range').value = $('commit-number').value; scheduleCommit(); });
  $('commit-band').addEventListener('change', scheduleCommit);
  $('band-add').addEventListener('click', () => {
    document.querySelector('#band-table tbody').appendChild(bandRow({ name: 'new', min_commit_usd: 0, discount: 0 }));
    labelCells($('band-table'));
    state.bandsEdited = true; showBandLabel();
  });
  const edited = () => { state.bandsEdited = true; showBandLabel(); };
  $('band-table').addEventListener('input', edited);
  $('band-table').addEventListener('change', edited);
  $('threshold-measure').addEventListener('change', edited);
  $('bands-file').addEventListener('change', () => { const f = $('bands-file').files[0]; if (f) importBands(f); });
  $('bands-use').addEventListener('click', () => {
    const file = bandFile();
    // An edited table is the user's quotes; an unedited one keeps its label.
    if (state.bandsEdited) file.illustrative = false;
    state.bands = file; state.bandsEdited = false; state.bandsMeta = null; showBandLabel(); refreshAll();
  });
  $('bands-reset').addEventListener('click', () => {
    state.bands = null; state.bandsMeta = null; fillBandTable(state.builtinBands); showBandLabel(); refreshAll();
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
  // A signed deal file opened from disk: shown in the box and tracked.
  $('track-file').addEventListener('change', async () => {
    const file = $('track-file').files[0];
    if (!file) return;
    $('track-json').value = await file.text();
    runTrack();
  });
  $('peers-file').addEventListener('change', async () => {
    const file = $('peers-file').files[0];
    if (file) setPeers(await file.text());
  });
  $('peers-clear').addEventListener('click', () => { $('peers-file').value = ''; setPeers(''); });
  $('download-html').addEventListener('click', () => downloadReport('html'));
  $('download-xlsx').addEventListener('click', () => downloadReport('xlsx'));
  const policyRun = () => {
    if ($('policy-json').value.trim() !== '')
      try { JSON.parse($('policy-json').value); } catch (err) { setText('policy-error', 'not JSON: ' + err.message); return; }
    runPolicy();
  };
  $('policy-run').addEventListener('click', policyRun);
  // A lever moved re-sizes at once, once a policy is in use.
  for (const id of ['lever-routing', 'lever-cache', 'lever-batch', 'lever-ramp'])
    $(id).addEventListener('change', () => { if (state.policy) policyRun(); });
  // Charts are laid out for the width: redrawn when it changes (not the height).
  let resize = 0, width = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    clearTimeout(resize);
    resize = setTimeout(() => refreshCharts().catch((err) => status('Error: ' + err.message)), 200);
  });
  showBandLabel();
  refreshAll();
}

document.addEventListener('DOMContentLoaded', init);
