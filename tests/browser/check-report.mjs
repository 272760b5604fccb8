// Opens a bandwise HTML report in Debian's headless chromium and checks
// what a reader would see: no console errors, every section and chart
// present with a non-zero size, nothing scrolling sideways (the page, a
// table), at a laptop and a phone width. Saves a
// screenshot per width. Prints "PASS name" / "FAIL name: why" lines for
// tests/run.sh. Usage: node check-report.mjs REPORT.html OUTPUT_DIR
import { chromium } from 'playwright-core';
import path from 'node:path';

const [report, outDir] = process.argv.slice(2);
const sections = ['stand', 'forecast', 'backtest', 'waterfall', 'curves', 'risk', 'answers', 'whatif',
                  'leverage', 'offers', 'assumptions'];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    const requests = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto('file://' + path.resolve(report));
    console.log(errors.length ? `FAIL no console errors at ${width}px: ${errors.join('; ')}`
                              : `PASS no console errors at ${width}px`);
    console.log(requests.length ? `FAIL no network requests at ${width}px: ${requests.join(' ')}`
                                : `PASS no network requests at ${width}px`);
    for (const id of sections) {
      const section = page.locator(`#${id}`);
      const box = (await section.count()) ? await section.boundingBox() : null;
      console.log(box && box.width > 0 && box.height > 0 ? `PASS section ${id} visible at ${width}px`
                                                         : `FAIL section ${id} visible at ${width}px: no box`);
    }
    // Each chart is written in two layouts; the one for this width is shown.
    const charts = await page.locator('svg.chart').evaluateAll((nodes) =>
      nodes.map((n) => { const r = n.getBoundingClientRect(); return [r.width, r.height, n.dataset.layout]; }));
    const shown = charts.filter(([w, h]) => w > 0 && h > 0);
    const layout = width < 600 ? 'narrow' : 'wide';
    console.log(shown.length >= 4 && shown.every((c) => c[2] === layout) && shown.length * 2 === charts.length
      ? `PASS ${shown.length} charts drawn at ${width}px, the ${layout} layout`
      : `FAIL charts drawn at ${width}px: ${shown.length} of ${charts.length} shown, layouts ${shown.map((c) => c[2])}`);
    // Every label of a shown chart is readable: 11 px or more as rendered.
    const small = await page.evaluate(() => [...document.querySelectorAll('svg.chart text')].filter((t) => {
      const svg = t.ownerSVGElement, box = svg.getBoundingClientRect();
      if (!(box.width > 0)) return false;
      const scale = box.width / svg.viewBox.baseVal.width;
      return parseFloat(getComputedStyle(t).fontSize) * scale < 10.95 && getComputedStyle(t).display !== 'none';
    }).map((t) => t.textContent));
    console.log(small.length ? `FAIL chart labels readable at ${width}px: under 11 px: ${small.slice(0, 5).join(' | ')}`
                             : `PASS chart labels readable at ${width}px (11 px or more)`);
    // Nothing scrolls sideways: neither the page nor any table inside its box.
    const wide = await page.evaluate(() => {
      const doc = document.documentElement;
      const out = doc.scrollWidth > doc.clientWidth ? [`page ${doc.scrollWidth} > ${doc.clientWidth}`] : [];
      for (const t of document.querySelectorAll('.scroll, table')) {
        if (t.scrollWidth > t.clientWidth)
          out.push(`${t.closest('section').id} ${t.tagName.toLowerCase()} ${t.scrollWidth} > ${t.clientWidth}`);
      }
      return out;
    });
    console.log(wide.length ? `FAIL no sideways scrolling at ${width}px: ${wide.join('; ')}`
                            : `PASS no sideways scrolling at ${width}px`);
    const file = path.join(outDir, `report-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`PASS screenshot ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
}
