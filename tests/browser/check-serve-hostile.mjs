// The page of `bandwise serve` on a store with hostile names (a workspace
// "<script>alert(1)</script>", a model "<img src=x onerror=alert(2)>"):
// the model's name is shown, as text; no element or dialog comes of it.
// Usage: node check-serve-hostile.mjs URL
import { chromium } from 'playwright-core';

const [url] = process.argv.slice(2);
const report = (ok, name, why) => console.log(ok ? `PASS ${name}` : `FAIL ${name}: ${why}`);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(url);
  await page.waitForSelector('#unpriced li', { timeout: 60000 });
  const text = await page.textContent('#unpriced');
  report(text.includes("model '<img src=x onerror=alert(2)>'"), 'hostile model name shown as text', text);
  const injected = await page.evaluate(() => document.querySelectorAll('main img, main script').length);
  report(injected === 0 && dialogs.length === 0, 'hostile names inject no element and run no script',
         `${injected} elements, dialogs: ${dialogs.join(' ')}`);
} finally {
  await browser.close();
}
