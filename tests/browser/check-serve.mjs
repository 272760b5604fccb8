// The page of `bandwise serve` in Debian's headless chromium: moves the
// commitment and checks the expected cost shown is the one
// `bandwise plan --commit X --json` prints; edits a band discount and sees
// the recommendation change; adds an offer (with a hostile name, which must
// stay text); checks for console errors, requests that leave 127.0.0.1,
// keyboard reach; saves screenshots at 1280 and 390 px.
// Prints "PASS name" / "FAIL name: why" lines for tests/run.sh.
// Usage: node check-serve.mjs URL OUTPUT_DIR BANDWISE_BIN DB
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [url, outDir, bin, db] = process.argv.slice(2);
const report = (ok, name, why) => console.log(ok ? `PASS ${name}` : `FAIL ${name}: ${why}`);

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const usd = (x) => '$' + Math.round(x).toLocaleString('en-US');

// Wait until the page has recomputed for inputs that include 'part'.
async function settled(page, part) {
  await page.waitForFunction((p) => (document.body.dataset.inputs || '').includes(p) &&
    /Up to date/.test(document.getElementById('status').textContent), part, { timeout: 60000 });
}

// A chart's y tick labels ("$2M", "$500K") as numbers, bottom to top.
function tickValues(labels) {
  const unit = { K: 1e3, M: 1e6, B: 1e9 };
  return labels.map((t) => { const m = /^\$(\d+(?:\.\d+)?)([KMB]?)$/.exec(t); return m ? Number(m[1]) * (unit[m[2]] || 1) : NaN; });
}
// Round ticks: evenly spaced by 1, 2 or 5 times a power of ten.
function nice(values) {
  if (values.length < 2 || values.some(isNaN)) return false;
  const step = values[1] - values[0], power = Math.pow(10, Math.floor(Math.log10(step)));
  return [1, 2, 5].some((m) => Math.abs(step - m * power) < 1e-6 * step) &&
    values.every((v, i) => Math.abs(v - values[0] - i * step) < 1e-6 * step);
}

function cliPlan(args) {
  return JSON.parse(execFileSync(bin, ['plan', '--db', db, ...args, '--json'], { encoding: 'utf8' }));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const origin = new URL(url).origin;
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
    const errors = [], away = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith(origin + '/') && !r.url().startsWith('blob:' + origin + '/')) away.push(r.url()); });
    page.on('dialog', (d) => { errors.push('a dialog opened: ' + d.message()); d.dismiss(); });
    await page.goto(url);
    await page.waitForSelector('#eval-table[data-commit="2000000"]', { timeout: 60000 });

    // The what-if: a commitment typed in is evaluated by the library.
    const term = await page.inputValue('#term');
    await page.fill('#commit-number', '1500000');
    await page.waitForSelector('#eval-table[data-commit="1500000"]', { timeout: 30000 });
    const shown = Number(await page.getAttribute('#eval-expected-cost', 'data-usd'));
    const cli = cliPlan(['--term', term, '--commit', '1500000']).evaluated.expected_cost_usd;
    report(shown === cli, `expected cost at 1.5M equals plan --commit at ${width}px`, `page ${shown}, CLI ${cli}`);

    // The marker is the report's chart's own line, moved to the commitment typed in.
    const marker = await page.evaluate(() => { const m = document.querySelector('line.commit-marker');
      return m && [Number(m.getAttribute('x1')), Number(m.dataset.px0), Number(m.dataset.pxPerUsd)]; });
    report(marker && Math.abs(marker[0] - (marker[1] + 1500000 * marker[2])) < 0.11,
           `the commitment marker moves to 1.5M at ${width}px`, JSON.stringify(marker));
    // The fit says which prices it is on, as forecast does, and ids stay unique on the page.
    const fitNote = await page.evaluate(() => { const n = document.getElementById('fit-note');
      return [n.dataset.priceBasis, n.textContent]; });
    report(fitNote[0] === 'today' && fitNote[1].includes("fitted on the same work at today's list"),
           `the fit says its price basis at ${width}px`, fitNote[1]);
    const dupIds = await page.evaluate(() => { const seen = new Set(), dup = [];
      for (const n of document.querySelectorAll('[id]')) { if (seen.has(n.id)) dup.push(n.id); seen.add(n.id); }
      return dup; });
    report(dupIds.length === 0, `the page's ids are unique at ${width}px`, dupIds.join(' '));
    // One chart module: the page's charts are the report's SVG, in the layout for this width,
    // with round ticks and labels of 11 px or more.
    const layout = await page.evaluate(() => [...document.querySelectorAll('.chart svg.chart')].map((n) => n.dataset.layout));
    report(layout.length === 3 && layout.every((l) => l === (width < 500 ? 'narrow' : 'wide')),
           `the page's charts are the report's, in the ${width < 500 ? 'narrow' : 'wide'} layout at ${width}px`, layout.join(' '));
    const small = await page.evaluate(() => [...document.querySelectorAll('.chart svg text')].filter((t) => {
      const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return parseFloat(getComputedStyle(t).fontSize) * scale < 10.95;
    }).map((t) => t.textContent));
    report(small.length === 0, `chart labels are 11 px or more at ${width}px`, small.slice(0, 5).join(' | '));
    const yTicks = await page.evaluate(() => [...document.querySelectorAll('.chart svg .axes text[text-anchor="end"]')]
      .filter((t) => t.textContent !== '')
      .reduce((by, t) => { const id = t.closest('div.chart').id; (by[id] = by[id] || []).push(t.textContent); return by; }, {}));
    const notNice = Object.entries(yTicks).filter(([id, labels]) => id !== 'stand-chart' && !nice(tickValues(labels)));
    report(Object.keys(yTicks).length >= 2 && notNice.length === 0, `chart ticks are round at ${width}px`, JSON.stringify(notNice));
    const narrowOverflow = await page.evaluate(() => [...document.querySelectorAll('.chart')].filter((c) => c.scrollWidth > c.clientWidth).length);
    report(narrowOverflow === 0, `no chart wider than its column at ${width}px`, `${narrowOverflow} charts`);

    // Responsiveness of the what-if: ten commitments typed in a row, each answered.
    const latencies = [];
    for (let k = 1; k <= 10; k++) {
      const value = String(1500000 + k * 50000);
      const t0 = Date.now();
      await page.fill('#commit-number', value);
      await page.waitForSelector(`#eval-table[data-commit="${value}"]`, { timeout: 30000 });
      latencies.push(Date.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    console.log(`NOTE what-if at ${width}px: typed commitment to figures shown, median ${latencies[4]} ms, worst ${latencies[9]} ms (includes the 60 ms debounce)`);

    // The slider moved by keyboard: one step right.
    await page.focus('#commit-range');
    await page.keyboard.press('ArrowRight');
    const moved = await page.inputValue('#commit-range');
    await page.waitForSelector(`#eval-table[data-commit="${moved}"]`, { timeout: 30000 });
    const shownMoved = Number(await page.getAttribute('#eval-expected-cost', 'data-usd'));
    const cliMoved = cliPlan(['--term', term, '--commit', moved]).evaluated.expected_cost_usd;
    report(moved !== '1500000' && shownMoved === cliMoved, `slider moved by keyboard re-evaluates at ${width}px`,
           `value ${moved}, page ${shownMoved}, CLI ${cliMoved}`);

    // The illustrative defaults are labelled until replaced.
    const label = await page.textContent('#bands-label');
    report(/ILLUSTRATIVE/.test(label), `built-in bands labelled illustrative at ${width}px`, label);

    // A band discount edited: the recommendation moves.
    const before = await page.textContent('#recommendation');
    const discount = page.locator('#band-table tbody tr').nth(0).locator('[data-k="discount"]');
    await discount.fill('0.45');
    await page.click('#bands-use');
    await page.waitForFunction((b) => document.getElementById('recommendation').textContent !== b &&
      /Up to date/.test(document.getElementById('status').textContent), before, { timeout: 60000 });
    const after = await page.textContent('#recommendation');
    report(after !== before, `editing a band discount changes the recommendation at ${width}px`, `still "${after}"`);
    const relabel = await page.textContent('#bands-label');
    report(!/ILLUSTRATIVE/.test(relabel), `own quotes are not labelled illustrative at ${width}px`, relabel);

    // The edited table exported as a band file the CLI reads.
    const [exported] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#bands-export')]);
    const bandsFile = path.join(outDir, `serve-bands-${width}.json`);
    await exported.saveAs(bandsFile);
    let cliBands = null;
    try { cliBands = cliPlan(['--term', term, '--bands', bandsFile]); } catch (err) { cliBands = null; }
    report(cliBands && cliBands.bands[0].discount === 0.45 && cliBands.illustrative === false,
           `the exported band file is one plan --bands reads at ${width}px`, cliBands ? JSON.stringify(cliBands.bands[0]) : 'plan refused it');

    // An offer, with a name that would be markup if rendered as HTML.
    const hostile = '<img src=x id=pwned onerror="alert(1)">';
    await page.fill('#offer-name', hostile);
    await page.click('#offer-add');
    await page.waitForSelector('#offer-table tbody tr td.verdict', { timeout: 60000 });
    const name = (await page.locator('#offer-table thead th.offer-name').first().evaluate((n) => n.firstChild.textContent));
    const verdict = await page.textContent('#offer-table tbody tr td.verdict');
    report(name === hostile && (await page.locator('#pwned').count()) === 0,
           `a hostile offer name renders as text at ${width}px`, `cell "${name}"`);
    report(verdict.length > 10, `the offer gets a verdict at ${width}px`, `"${verdict}"`);

    // A second offer: the two side by side, the same rows for each.
    await page.fill('#offer-name', 'Second offer');
    await page.fill('#offer-commit', '3000000');
    await page.fill('#offer-discount', '0.2');
    await page.click('#offer-add');
    await page.waitForFunction(() => document.querySelectorAll('#offer-table thead th.offer-name').length === 2 &&
      document.querySelectorAll('#offer-table td.verdict').length === 2, null, { timeout: 60000 });
    const columns = await page.evaluate(() => ['verdict', 'effective-rate', 'counter', 'expected-cost'].map((c) =>
      [...document.querySelectorAll(`#offer-table td.${c}`)].map((td) => td.textContent)));
    report(columns.every((cells) => cells.length === 2 && cells.every((t) => t !== '')) && columns[1].every((t) => /%$/.test(t)) &&
           columns[3][0] !== columns[3][1],
           `two offers compared side by side at ${width}px`, JSON.stringify(columns));

    // A third offer pasted as a deal file (docs/deals.md): a ramped schedule the form has no field for.
    const pasted = JSON.parse(fs.readFileSync('examples/offer-ramp-24.json', 'utf8'));
    await page.click('#offers summary');
    await page.fill('#offer-json', fs.readFileSync('examples/offer-ramp-24.json', 'utf8'));
    await page.click('#offer-paste');
    await page.waitForFunction(() => document.querySelectorAll('#offer-table td.verdict').length === 3, null, { timeout: 60000 }).catch(() => {});
    const names = await page.locator('#offer-table thead th.offer-name').evaluateAll((ns) => ns.map((n) => n.firstChild.textContent));
    const pastedCost = Number(await page.locator('#offer-table td.expected-cost').nth(2).getAttribute('data-usd'));
    const cliOffer = JSON.parse(execFileSync(bin, ['offer', '--db', db, 'examples/offer-ramp-24.json', '--json'], { encoding: 'utf8' })).offers[0];
    report(names[2] === pasted.name && pastedCost === cliOffer.outcome.expected_cost_usd,
           `a pasted deal file is added as an offer, valued as offer does, at ${width}px`, `${names[2]}: page ${pastedCost}, CLI ${cliOffer.outcome.expected_cost_usd}`);

    // Peers uploaded: the offer gets its percentile among them.
    await page.setInputFiles('#peers-file', 'examples/peers-synthetic.csv');
    await page.waitForFunction(() => { const c = document.querySelector('#offer-table td.percentile'); return c && c.textContent !== ''; },
      null, { timeout: 60000 }).catch(() => {});
    const percentiles = await page.locator('#offer-table td.percentile').allTextContents();
    report(percentiles.length === 3 && percentiles.every((p) => /%$/.test(p)), `an uploaded peers CSV places every offer at ${width}px`, `"${percentiles}"`);

    // The levers: the example policy pasted, scaled, sized on.
    await page.fill('#policy-json', fs.readFileSync('examples/policy.json', 'utf8'));
    await page.fill('#lever-routing', '0.5');
    await page.click('#policy-run');
    await page.waitForFunction(() => document.querySelectorAll('#policy-result dd').length >= 4 ||
      document.getElementById('policy-error').textContent !== '', null, { timeout: 60000 });
    const policyError = await page.textContent('#policy-error');
    const trapped = await page.locator('#policy-result dt', { hasText: 'trapped' }).count();
    report(policyError === '' && trapped === 1, `the levers show the waterfall and trapped savings at ${width}px`,
           policyError || 'no trapped savings shown');

    // A lever moved: the waterfall and the trapped savings follow at once.
    const leverBefore = await page.textContent('#policy-result');
    await page.fill('#lever-routing', '1');
    await page.locator('#lever-routing').dispatchEvent('change');
    await page.waitForFunction((b) => document.getElementById('policy-result').textContent !== b &&
      document.querySelectorAll('#policy-result dd').length >= 4, leverBefore, { timeout: 60000 }).catch(() => {});
    const leverAfter = await page.textContent('#policy-result');
    report(leverAfter !== leverBefore && /trapped/.test(leverAfter), `a lever moved re-sizes the waterfall and trapped savings at ${width}px`,
           `still "${leverAfter.slice(0, 120)}"`);

    // The report for the inputs on screen, downloaded: the edited discount,
    // the two offers (the hostile name as text), the peers, the policy and
    // the commitment shown are all in it.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#download-html')]);
    const file = await download.path();
    const html = file ? fs.readFileSync(file, 'utf8') : '';
    report(download.suggestedFilename() === 'bandwise-report.html' && html.startsWith('<!DOCTYPE html>') && /bands\.json/.test(html),
           `the report downloads for the inputs on screen at ${width}px`, download.suggestedFilename());
    const terms = /<table class="terms">.*?<\/table>/s.exec(html);
    report(terms && /<tr><td>250K<\/td><td>\$250,000<\/td><td>45\.0%<\/td>/.test(terms[0]),
           `the downloaded report has the edited discount (45.0%) at ${width}px`, terms ? terms[0].slice(0, 300) : 'no band table');
    report(html.includes('Second offer') && html.includes('&lt;img src=x id=pwned') && !html.includes('<img src=x') &&
           html.includes('Ramp 700K then 1.3M'),
           `the downloaded report has the three offers added on the page (form and pasted), the hostile name as text, at ${width}px`, 'an offer is missing');
    const commitShown = Number(await page.inputValue('#commit-number'));
    report(html.includes('asked: ') && html.includes(`commitment asked for, ${usd(commitShown)}`),
           `the downloaded report shows the commitment on screen (${usd(commitShown)}) at ${width}px`, 'not there');
    report(html.includes('<li>Peers: peers.csv') && html.includes('id="waterfall"') && html.includes('<li>Policy: policy.json'),
           `the downloaded report has the uploaded peers and the policy with its levers at ${width}px`, 'peers or policy missing');
    await page.click('#peers-clear');

    // Scenario controls: a launch, a price cut, the objective and the term, each
    // recomputing; the recommendation shown is plan's for the same options.
    await page.fill('#launch-usd', '20000');
    await page.fill('#launch-month', '6');
    await page.locator('#launch-month').dispatchEvent('change');
    await settled(page, 'launch=20000%406');
    await page.fill('#cut-pct', '20');
    await page.fill('#cut-month', '9');
    await page.locator('#cut-month').dispatchEvent('change');
    await settled(page, 'price-cut=20%25%409');
    await page.selectOption('#objective', 'cvar');
    await settled(page, 'objective=cvar');
    await page.fill('#term', '36');
    await page.locator('#term').dispatchEvent('change');
    await settled(page, 'term=36');
    const scenario = ['--term', '36', '--bands', bandsFile, '--launch', '20000@6', '--price-cut', '20%@9', '--objective', 'cvar'];
    const cliScenario = cliPlan(scenario).recommended;
    const shownRec = Number(await page.getAttribute('#rec-expected-cost', 'data-usd'));
    const shownCommit = Number(await page.getAttribute('#recommendation', 'data-commit'));
    report(shownRec === cliScenario.expected_cost_usd && shownCommit === cliScenario.commit_usd,
           `launch, price cut, objective and term recompute as plan does at ${width}px`,
           `page ${shownCommit} ${shownRec}, CLI ${cliScenario.commit_usd} ${cliScenario.expected_cost_usd}`);

    // The report downloaded for exactly these inputs: its figures are the
    // screen's. With the policy in use the report is sized on the optimized
    // usage: its recommendation is the one the levers' section shows.
    await page.waitForFunction(() => document.getElementById('policy-result').dataset.expectedCost !== undefined, null, { timeout: 60000 });
    const optimizedRec = Number(await page.getAttribute('#policy-result', 'data-expected-cost'));
    const [htmlDownload] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#download-html')]);
    const reportHtml = fs.readFileSync(await htmlDownload.path(), 'utf8');
    const reportCost = /<tr><td>expected cost<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/.exec(reportHtml);
    report(reportCost && reportCost[1] === usd(optimizedRec) && reportHtml.includes('over 36 months'),
           `the HTML report has the screen's (optimized) recommendation at ${width}px`, `report ${reportCost && reportCost[1]}, screen ${usd(optimizedRec)}`);
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#download-xlsx')]);
    const xlsxFile = path.join(outDir, `serve-report-${width}.xlsx`);
    await xlsxDownload.saveAs(xlsxFile);
    const bandsSheet = execFileSync('unzip', ['-p', xlsxFile, 'xl/worksheets/sheet3.xml'], { encoding: 'utf8' });
    const sheetValues = [...bandsSheet.matchAll(/<v>([-0-9.e]+)<\/v>/g)].map((m) => Number(m[1]));
    report(xlsxDownload.suggestedFilename() === 'bandwise-report.xlsx' && sheetValues.some((v) => Math.abs(v - optimizedRec) < 0.006),
           `the XLSX report has the screen's (optimized) recommendation at ${width}px`, `${optimizedRec} not among the Bands sheet's values`);
    // The policy box emptied: the report is sized without it, on the screen's own recommendation.
    await page.fill('#policy-json', '');
    await page.click('#policy-run');
    const [plainDownload] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#download-html')]);
    const plainHtml = fs.readFileSync(await plainDownload.path(), 'utf8');
    const plainCost = /<tr><td>expected cost<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/.exec(plainHtml);
    report(plainCost && plainCost[1] === usd(shownRec) && !plainHtml.includes('id="waterfall"'),
           `without a policy the HTML report has the screen's recommendation at ${width}px`, `report ${plainCost && plainCost[1]}, screen ${usd(shownRec)}`);
    for (const [id, value] of [['launch-usd', ''], ['cut-pct', ''], ['term', '24']]) {
      await page.fill('#' + id, value);
      await page.locator('#' + id).dispatchEvent('change');
    }
    await page.selectOption('#objective', 'expected');
    await settled(page, 'objective=expected');

    // The band form's every term round-trips: edit, use, export, import, export.
    const row = page.locator('#band-table tbody tr').nth(0);
    await row.locator('[data-k="price_lock"]').selectOption('fixed');
    await row.locator('[data-k="rollover"]').fill('0.5');
    await row.locator('[data-k="true_up"]').selectOption('annual');
    await page.selectOption('#threshold-measure', 'list');
    await page.click('#bands-use');
    await page.waitForFunction(() => /Up to date/.test(document.getElementById('status').textContent) &&
      !/not in use/.test(document.getElementById('bands-label').textContent), null, { timeout: 60000 });
    const exportTo = async (name) => {
      const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#bands-export')]);
      const f = path.join(outDir, name);
      await d.saveAs(f);
      return f;
    };
    const formValues = () => page.evaluate(() => [document.getElementById('threshold-measure').value,
      ...[...document.querySelectorAll('#band-table tbody [data-k]')].map((i) => i.value)]);
    const firstFile = await exportTo(`serve-bands-a-${width}.json`);
    const formBefore = await formValues();
    await page.setInputFiles('#bands-file', firstFile);
    await page.waitForFunction(() => /Up to date/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
    const secondFile = await exportTo(`serve-bands-b-${width}.json`);
    const a = JSON.parse(fs.readFileSync(firstFile, 'utf8')), b = JSON.parse(fs.readFileSync(secondFile, 'utf8'));
    report(same(a, b) && same(formBefore, await formValues()), `a band file exported, imported and exported again is the same at ${width}px`,
           `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    const readBack = cliPlan(['--term', term, '--bands', firstFile]);
    report(readBack.threshold_measure === 'list' && readBack.bands[0].price_lock === 'fixed' && readBack.bands[0].rollover === 0.5 &&
           readBack.bands[0].true_up === 'annual', `price lock, threshold measure, rollover and true-up reach plan --bands at ${width}px`,
           JSON.stringify(readBack.bands[0]));
    // The built-in table keeps its illustrative label through an export and an import.
    await page.click('#bands-reset');
    await page.waitForFunction(() => /ILLUSTRATIVE/.test(document.getElementById('bands-label').textContent), null, { timeout: 30000 });
    const builtinFile = await exportTo(`serve-bands-builtin-${width}.json`);
    await page.setInputFiles('#bands-file', builtinFile);
    await page.waitForFunction(() => /Up to date/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
    const builtin = JSON.parse(fs.readFileSync(builtinFile, 'utf8'));
    report(builtin.illustrative === true && /ILLUSTRATIVE/.test(await page.textContent('#bands-label')),
           `the illustrative defaults stay labelled through export and import at ${width}px`, await page.textContent('#bands-label'));

    // After signing: the example signed deal file opened from disk and
    // tracked; its consumption is track's.
    await page.setInputFiles('#track-file', 'examples/signed-deal.json');
    await page.waitForFunction(() => document.querySelectorAll('#track-table tbody tr').length > 0 ||
      document.getElementById('track-error').textContent !== '', null, { timeout: 60000 });
    const trackError = await page.textContent('#track-error');
    const tracked = JSON.parse(execFileSync(bin, ['track', '--db', db, '--deal', 'examples/signed-deal.json', '--json'], { encoding: 'utf8' }));
    const trackSummary = await page.textContent('#track-summary');
    report(trackError === '' && trackSummary.includes(`${usd(tracked.consumed_usd)} of ${usd(tracked.commit_usd)} consumed`) &&
           (await page.locator('#track-table tbody tr').count()) === tracked.periods.length,
           `a signed deal file opened is tracked as track does at ${width}px`, trackError || trackSummary);

    // Keyboard: Tab reaches the controls that matter.
    await page.focus('#term');
    const reached = new Set();
    for (let i = 0; i < 260; i++) {
      reached.add(await page.evaluate(() => document.activeElement && document.activeElement.id));
      await page.keyboard.press('Tab');
    }
    const need = ['term', 'objective', 'launch-usd', 'cut-pct', 'download-html', 'download-xlsx', 'commit-range', 'commit-number',
      'commit-band', 'bands-use', 'bands-export', 'bands-file', 'offer-add', 'peers-file', 'policy-json', 'lever-routing', 'lever-cache',
      'lever-batch', 'lever-ramp', 'policy-run', 'track-run', 'track-file'];
    const missing = need.filter((id) => !reached.has(id));
    report(missing.length === 0, `controls reachable by keyboard at ${width}px`, `not reached: ${missing.join(' ')}`);

    const charts = await page.locator('svg.chart').evaluateAll((nodes) =>
      nodes.map((n) => { const r = n.getBoundingClientRect(); return r.width > 0 && r.height > 0; }));
    report(charts.length === 3 && charts.every(Boolean), `the three charts drawn at ${width}px`, `${charts}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    report(overflow <= 0, `no sideways scroll of the page at ${width}px`, `${overflow}px too wide`);
    // Nor any table inside its box (on a phone wide tables turn into cards).
    const wideTables = await page.evaluate(() => [...document.querySelectorAll('.scroll')]
      .filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => `${t.firstElementChild.id} ${t.scrollWidth} > ${t.clientWidth}`));
    report(wideTables.length === 0, `no table scrolls sideways at ${width}px`, wideTables.join('; '));

    report(errors.length === 0, `no console errors at ${width}px`, errors.join('; '));
    report(away.length === 0, `no request leaves the server at ${width}px`, away.join(' '));
    await page.screenshot({ path: path.join(outDir, `serve-${width}.png`), fullPage: true });
    // The top of the page as a reader first sees it (docs/serve-screenshot.png).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(outDir, `serve-${width}-top.png`) });
    await page.close();
  }
} finally {
  await browser.close();
}
