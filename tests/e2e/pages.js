// Every kind of page, as built from the sample (and its public build) and from the golden
// fixtures: valid HTML (the Nu checker, vnu-jar) and no serious or critical accessibility finding
// (axe-core, in Debian's Chromium driven by playwright-core), at desktop and phone width and in
// the dark scheme.
//   node tests/e2e/pages.js HINDSIGHT_BINARY REPO_ROOT SAMPLE_AS_OF
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const [bin, repo, sampleAsOf] = process.argv.slice(2);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-pages-'));

function build(kb, site, extra) {
  try {
    execFileSync(bin, ['build', '-C', kb, '--out', site, ...extra], { stdio: 'ignore' });
  } catch (e) {
    if (e.status !== 3) throw e;  // 3: written, with stale findings the pages must show
  }
}
const sample = path.join(out, 'sample');
const fixture = path.join(out, 'follow-through');
build(repo, sample, ['--as-of', sampleAsOf]);
// The sample's public build (README › The public build) passes the same checks.
const publicSite = path.join(out, 'public');
build(repo, publicSite, ['--as-of', sampleAsOf, '--public']);
// Every golden knowledge base (hostile content, links, drift…) is checked too.
const goldens = fs.readdirSync(path.join(repo, 'tests/golden')).sort().map((name) => {
  build(path.join(repo, 'tests/golden', name, 'kb'), path.join(out, name), []);
  return path.join(out, name);
});

let passed = 0, failed = 0;
function check(what, ok, detail) {
  if (ok) passed++; else { failed++; console.log('FAIL: ' + what + (detail ? '\n' + detail : '')); }
}

// The Nu checker over every page of both sites.
const vnu = require.resolve('vnu-jar/build/dist/vnu.jar');
for (const site of [sample, publicSite, ...goldens]) {
  let report = '';
  try {
    execFileSync('java', ['-jar', vnu, '--errors-only', '--skip-non-html', site], { stdio: 'pipe' });
  } catch (e) {
    report = String(e.stderr || e.stdout || e.message);
  }
  check('valid HTML in ' + path.basename(site), report === '', report.split('\n').slice(0, 10).join('\n'));
}

const pages = [
  [sample, 'index.html'], [sample, 'postmortems/index.html'], [sample, 'postmortems/PM-017/index.html'],
  [sample, 'postmortems/PM-011/index.html'], [sample, 'postmortems/PM-018/index.html'], [sample, 'services/index.html'],
  [sample, 'services/checkout-api/index.html'], [sample, 'teams/index.html'], [sample, 'teams/checkout/index.html'],
  [sample, 'categories/capacity/index.html'],
  [sample, 'tags/index.html'], [sample, 'action-items/index.html'], [sample, 'owners/index.html'],
  [sample, 'owners/tomas-eriksen/index.html'], [sample, 'insights/index.html'], [sample, 'about/index.html'],
  [sample, 'search/index.html'], [sample, '404.html'],
  [sample, 'digest/index.html'], [sample, 'digest/2026-Q2/index.html'], [sample, 'digest/2026-09/index.html'],
  [sample, 'postmortems/PM-016/index.html'],  // an internal note
  [publicSite, 'index.html'], [publicSite, 'postmortems/index.html'],
  [publicSite, 'postmortems/PM-016/index.html'], [publicSite, 'services/auth/index.html'],
  [publicSite, 'search/index.html'],
  [fixture, 'index.html'], [fixture, 'action-items/index.html'], [fixture, 'owners/ben/index.html'],
  [fixture, 'postmortems/PM-10/index.html'],
  ...goldens.filter((site) => site !== fixture).map((site) => [site, 'index.html']),
  [path.join(out, 'hostile'), 'postmortems/EVIL-1/index.html'],
  [path.join(out, 'links'), 'postmortems/LINK-A/index.html'],
];

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    const axe = require.resolve('axe-core/axe.min.js');
    // Desktop and phone in the light scheme; desktop in the dark one (prefers-color-scheme),
    // where axe-core's contrast check holds the dark colours to the same standard.
    for (const [width, scheme] of [[1280, 'light'], [390, 'light'], [1280, 'dark']]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
      const at = `${width}px${scheme === 'dark' ? ' (dark)' : ''}`;
      for (const [site, rel] of pages) {
        await page.goto(pathToFileURL(path.join(site, rel)).href);
        await page.addScriptTag({ path: axe });
        const violations = await page.evaluate(async () => {
          const result = await window.axe.run(document, { resultTypes: ['violations'] });
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
        });
        check(`${path.basename(site)}/${rel} at ${at} has no serious accessibility finding`,
              violations.length === 0, violations.join('\n'));
        // Nothing wider than the screen, and no table of the site's own scrolling sideways in its
        // box: only wide Markdown tables and code (in the post-mortem's text) may.
        const overflow = await page.evaluate(() => {
          const limit = document.documentElement.clientWidth;
          const bad = [];
          const wide = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
          if (document.documentElement.scrollWidth > limit) {
            bad.push('the page is ' + document.documentElement.scrollWidth + 'px wide');
            for (const el of document.querySelectorAll('body *'))
              if (el.getBoundingClientRect().right > limit + 1 && !el.closest('.table-scroll, pre') && bad.length < 6)
                bad.push('  ' + wide(el) + ' reaches ' + Math.round(el.getBoundingClientRect().right) + 'px');
          }
          for (const box of document.querySelectorAll('.table-scroll'))
            if (!box.closest('.prose') && box.scrollWidth > box.clientWidth + 1)
              bad.push(wide(box.firstElementChild || box) + ' scrolls: ' + box.scrollWidth + 'px in ' + box.clientWidth + 'px');
          return bad;
        });
        // Pictures in the text (the sample's PM-017 has an attachment): loaded, and no wider
        // than the column.
        const pictures = await page.evaluate(() => [...document.querySelectorAll('.prose img')].map((img) => ({
          src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
          fits: img.getBoundingClientRect().width <= img.closest('.prose').getBoundingClientRect().width + 0.5,
        })));
        if (rel === 'postmortems/PM-017/index.html')
          check(`the attachment of PM-017 is on its page at ${at}`, pictures.length === 1, JSON.stringify(pictures));
        for (const p of pictures)
          check(`${rel}: ${p.src} loads and fits the column at ${at}`, p.loaded && p.fits, JSON.stringify(p));
        check(`${path.basename(site)}/${rel} at ${at} does not scroll sideways`,
              overflow.length === 0, overflow.join('\n'));
        if (process.env.HINDSIGHT_SHOTS) {
          fs.mkdirSync(process.env.HINDSIGHT_SHOTS, { recursive: true });
          const name = `${path.basename(site)}-${rel.replace(/\//g, '_').replace(/\.html$/, '')}-${width}${scheme === 'dark' ? '-dark' : ''}.png`;
          await page.screenshot({ path: path.join(process.env.HINDSIGHT_SHOTS, name), fullPage: true });
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  console.log(`pages: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
