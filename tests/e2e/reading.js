// Links that last, in a real browser: the sample site served as GitHub Pages serves a project
// (under /kb/, 404.html for unknown addresses), driven by Playwright in Debian's Chromium.
// An alias's redirect page leads to its post-mortem; the 404 page suggests the post-mortem an
// unknown address probably meant.
//   node tests/e2e/reading.js HINDSIGHT_BINARY REPO_ROOT SAMPLE_AS_OF
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { serveSite } = require('./site_server');

const [bin, repo, asOf] = process.argv.slice(2);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-reading-'));
const site = path.join(out, 'site');
try {
  execFileSync(bin, ['build', '-C', repo, '--out', site, '--base-url', '/kb/', '--as-of', asOf], { stdio: 'ignore' });
} catch (e) {
  if (e.status !== 3) throw e;  // 3: written, with stale findings
}

// The same knowledge base with Mermaid in its theme (README › Diagrams): PM-017's diagram is
// drawn. Without it (the sample as it is), the diagram is its source, as readable text.
const withDiagrams = path.join(out, 'kb');
fs.mkdirSync(path.join(withDiagrams, 'themes/default/static'), { recursive: true });
fs.cpSync(path.join(repo, 'content'), path.join(withDiagrams, 'content'), { recursive: true });
fs.copyFileSync(path.join(repo, 'hindsight.yaml'), path.join(withDiagrams, 'hindsight.yaml'));
fs.copyFileSync(require.resolve('mermaid/dist/mermaid.min.js'),
                path.join(withDiagrams, 'themes/default/static/mermaid.min.js'));
const drawnSite = path.join(out, 'drawn');
try {
  execFileSync(bin, ['build', '-C', withDiagrams, '--out', drawnSite, '--base-url', '/kb/', '--as-of', asOf], { stdio: 'ignore' });
} catch (e) {
  if (e.status !== 3) throw e;
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

    // The sample's PM-001 has the aliases INC-2025-001 (its id in the old wiki) and
    // /wiki/acquirer-retry-storm/ (the old wiki page).
    for (const alias of ['postmortems/INC-2025-001/', 'wiki/acquirer-retry-storm/']) {
      await page.goto(base + alias);
      await page.waitForURL(/\/kb\/postmortems\/PM-001\/index\.html$/, { timeout: 5000 }).catch(() => {});
      check(`the alias ${alias} leads to PM-001`, /\/postmortems\/PM-001\/index\.html$/.test(page.url()), page.url());
    }

    // The way back to the source: "Edit this page" opens the file in the repository the
    // sample's hindsight.yaml names, and "Last updated" is the day of the file's newest commit
    // (when the tests run in a git checkout).
    await page.goto(base + 'postmortems/PM-017/index.html');
    const file = 'content/postmortems/2026/PM-017-solver-null-capacity.md';
    const edit = await page.getAttribute('a.edit-link', 'href');
    check('PM-017 links to its file for editing', edit === 'https://github.com/northwind/postmortems/edit/main/' + file, edit);
    let committed = '';
    try {
      committed = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%cd', '--date=format-local:%Y-%m-%d', '--', file],
                               { env: { ...process.env, TZ: 'UTC' } }).toString().trim();
    } catch (e) { /* not a git checkout: nothing to compare */ }
    const shown = await page.getAttribute('.page-source time', 'datetime', { timeout: 2000 }).catch(() => null);
    check('PM-017 says when its file last changed in git', shown === (committed || null), `${shown} vs ${committed}`);
    if (process.env.HINDSIGHT_SHOTS) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: path.join(process.env.HINDSIGHT_SHOTS, `reading-pm017-${width}.png`) });
      }
    }

    // Diagrams: the sample has no Mermaid, so PM-017's diagram is its source, and no page loads
    // a script for it.
    const source = await page.textContent('pre.mermaid');
    check('without Mermaid, the diagram is readable source', /flowchart LR/.test(source), source);
    check('without Mermaid, no diagram script is loaded', (await page.$$('script[src*="mermaid"]')).length === 0);
    const drawn = await serveSite(drawnSite);
    try {
      await page.goto(drawn.base + 'postmortems/PM-017/index.html');
      const svg = await page.waitForSelector('pre.mermaid svg', { timeout: 15000 }).catch(() => null);
      check('with Mermaid in the theme, PM-017\'s diagram is drawn', svg !== null);
      const labels = svg ? await page.textContent('pre.mermaid svg') : '';
      check('the drawn diagram has the labels written', /routing solver 5\.0/.test(labels), labels.slice(0, 80));
      if (process.env.HINDSIGHT_SHOTS && svg)
        await (await page.$('pre.mermaid')).screenshot({ path: path.join(process.env.HINDSIGHT_SHOTS, 'reading-diagram.png') });
      await page.goto(drawn.base + 'postmortems/PM-011/index.html');
      check('a page without a diagram does not load Mermaid', (await page.$$('script[src*="mermaid"]')).length === 0);
    } finally {
      drawn.server.close();
    }

    // Unknown addresses: what each should suggest.
    const guesses = [
      ['postmortems/PM-017-solver-null-capacity/', 'PM-017'],  // the file's name, not the id
      ['postmortems/inc-2025-001/', 'PM-001'],                 // an alias, in another case
      ['wiki/acquirer-retry-storms/', 'PM-001'],               // an alias with a typo
      ['incidents/read-null-capacities/', 'PM-017'],           // words of the title
      ['postmortems/PM-0018/', 'PM-018'],                      // an id with a typo
    ];
    for (const [address, id] of guesses) {
      const response = await page.goto(base + address);
      check(`${address} answers 404`, response.status() === 404, String(response.status()));
      const link = await page.waitForSelector('#hs-suggest:not([hidden]) a', { timeout: 5000 }).catch(() => null);
      const text = link ? await link.textContent() : '';
      check(`the 404 page at ${address} suggests ${id}`, text.startsWith(id + ': '), text);
      if (link) {
        await link.click();
        await page.waitForLoadState();
        check(`the suggestion for ${address} leads to ${id}`, page.url().endsWith('/postmortems/' + id + '/index.html'), page.url());
      }
    }
    await page.goto(base + 'nothing-like-any-post-mortem/');
    await page.waitForTimeout(300);
    check('an address like nothing suggests nothing', await page.isHidden('#hs-suggest'));
    check('no script error', errors.length === 0, errors.join('; '));
  } catch (e) {
    failed++;
    console.log('FAIL: ' + e.message);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  console.log(`reading: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
