// End to end, in a real browser: the sample site built under a GitHub Pages-like project path
// (/kb/), served on localhost, driven by Playwright in Debian's Chromium. Types a query in the
// header, expects the right post-mortem first, narrows with a facet, follows the result.
//   node tests/e2e/search.js HINDSIGHT_BINARY REPO_ROOT SAMPLE_AS_OF
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { serveSite } = require('./site_server');

const [bin, repo] = process.argv.slice(2);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-e2e-'));
const site = path.join(out, 'site');
try {
  execFileSync(bin, ['build', '-C', repo, '--out', site, '--base-url', '/kb/', '--as-of', process.argv[4]],
               { stdio: 'inherit' });
} catch (e) {
  if (e.status !== 3) throw e;  // 3: written, with stale findings (the sample shows drift)
}

let passed = 0, failed = 0;
function check(what, ok, detail) {
  if (ok) passed++; else { failed++; console.log('FAIL: ' + what + (detail ? ' — ' + detail : '')); }
}

(async () => {
  const { server, base } = await serveSite(site);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + 'index.html');
    await page.fill('#hs-header-q', 'pgbouncer connections');
    await page.press('#hs-header-q', 'Enter');
    await page.waitForURL(/\/kb\/search\/index\.html\?q=/);
    await page.waitForSelector('#hs-results li');
    // The full-text index arrives after the title index; wait for its answer.
    await page.waitForFunction(() => !/loading/.test(document.getElementById('hs-status').textContent));
    const ids = await page.$$eval('#hs-results .pm-id', (els) => els.map((e) => e.textContent));
    check('PM-011 comes first for "pgbouncer connections"', ids[0] === 'PM-011', ids.join(','));
    check('PM-004 is among the results', ids.includes('PM-004'), ids.join(','));
    const marks = await page.$$eval('#hs-results mark', (els) => els.length);
    check('matched words are highlighted', marks > 0);
    await page.screenshot({ path: path.join(os.tmpdir(), 'hindsight-e2e-search.png'), fullPage: true });

    await page.selectOption('select[data-facet="severity"]', 'SEV2');
    await page.waitForFunction(() => /severity=SEV2/.test(location.search));
    const narrowed = await page.$$eval('#hs-results .pm-id', (els) => els.map((e) => e.textContent));
    check('the severity facet narrows the results', narrowed.length >= 1 && !narrowed.includes('PM-011'), narrowed.join(','));

    // A custom enum field of the sample (`customer_impact` in hindsight.yaml) is a facet too.
    await page.goto(base + 'search/index.html?q=checkout&field.customer_impact=outage');
    await page.waitForSelector('#hs-results li');
    await page.waitForFunction(() => !/loading/.test(document.getElementById('hs-status').textContent));
    const outages = await page.$$eval('#hs-results .pm-id', (els) => els.map((e) => e.textContent));
    check('the customer_impact facet keeps only outages', outages.includes('PM-011') &&
          outages.every((id) => id === 'PM-011' || id === 'PM-016'), outages.join(','));
    const impact = await page.$$eval('select[data-facet="field.customer_impact"] option', (os) => os.map((o) => o.value));
    check('the customer_impact facet offers its values', impact.includes('outage') && impact.includes('degraded'), impact.join(','));
    await page.goBack();
    await page.waitForSelector('#hs-results li');

    await page.click('#hs-results li:first-child a');
    await page.waitForURL(/\/kb\/postmortems\/PM-[0-9]+\/index\.html$/);
    const title = await page.textContent('h1');
    check('the result leads to its post-mortem', title.length > 10, title);

    await page.goto(base + 'search/index.html?q=zebrafish');
    await page.waitForFunction(() => /No post-mortems match/.test(document.getElementById('hs-status').textContent));
    check('a query without hits says so', true);
    await page.goto(base + 'search/index.html?q=pgbouncer&category=security');
    await page.waitForFunction(() => /removing a filter/.test(document.getElementById('hs-status').textContent));
    check('no hits with a filter suggests removing it', true);
    await page.goto(base + 'search/index.html?q=title:');
    await page.waitForFunction(() => /does not parse|No post-mortems/.test(document.getElementById('hs-status').textContent));
    check('a broken query gets a message, not an exception', errors.length === 0, errors.join('; '));
  } catch (e) {
    failed++;
    console.log('FAIL: ' + e.message);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
