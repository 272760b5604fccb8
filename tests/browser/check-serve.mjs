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

    // Peers uploaded: the offer gets its percentile among them.
    await page.setInputFiles('#peers-file', 'examples/peers-synthetic.csv');
    await page.waitForFunction(() => { const c = document.querySelector('#offer-table td.percentile'); return c && c.textContent !== ''; },
      null, { timeout: 60000 }).catch(() => {});
    const percentile = await page.textContent('#offer-table td.percentile');
    report(/%$/.test(percentile), `an uploaded peers CSV places the offer at ${width}px`, `"${percentile}"`);
    await page.click('#peers-clear');

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

    // The report for the inputs on screen, downloaded.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#download-html')]);
    const file = await download.path();
    const html = file ? fs.readFileSync(file, 'utf8') : '';
    report(download.suggestedFilename() === 'bandwise-report.html' && html.startsWith('<!DOCTYPE html>') && /bands\.json/.test(html),
           `the report downloads for the inputs on screen at ${width}px`, download.suggestedFilename());

    // After signing: the example signed deal tracked.
    await page.fill('#track-json', fs.readFileSync('examples/signed-deal.json', 'utf8'));
    await page.click('#track-run');
    await page.waitForFunction(() => document.querySelectorAll('#track-table tbody tr').length > 0 ||
      document.getElementById('track-error').textContent !== '', null, { timeout: 60000 });
    const trackError = await page.textContent('#track-error');
    report(trackError === '', `a signed deal is tracked at ${width}px`, trackError);

    // Keyboard: Tab reaches the controls that matter.
    await page.focus('#term');
    const reached = new Set();
    for (let i = 0; i < 120; i++) {
      reached.add(await page.evaluate(() => document.activeElement && document.activeElement.id));
      await page.keyboard.press('Tab');
    }
    const need = ['term', 'objective', 'commit-range', 'commit-number', 'bands-use', 'bands-export', 'offer-add',
      'policy-run', 'track-run'];
    const missing = need.filter((id) => !reached.has(id));
    report(missing.length === 0, `controls reachable by keyboard at ${width}px`, `not reached: ${missing.join(' ')}`);

    const charts = await page.locator('svg.chart').evaluateAll((nodes) =>
      nodes.map((n) => { const r = n.getBoundingClientRect(); return r.width > 0 && r.height > 0; }));
    report(charts.length === 3 && charts.every(Boolean), `the three charts drawn at ${width}px`, `${charts}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    report(overflow <= 0, `no sideways scroll of the page at ${width}px`, `${overflow}px too wide`);

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
