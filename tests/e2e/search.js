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
    // The index shards the query needs arrive after the page; wait for their answer.
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

    // Issue 13: every case from a fresh page load, as a shared link opens it.
    const meta = JSON.parse(fs.readFileSync(path.join(site, 'search/meta.json'), 'utf8')).postmortems;
    const fresh = async (query) => {
      const p = await browser.newPage();
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(base + 'search/index.html' + query);
      // Settled: the status is written and no index is still loading.
      await p.waitForFunction(() => {
        const t = document.getElementById('hs-status').textContent;
        return t && !/loading/i.test(t);
      });
      const ids = await p.$$eval('#hs-results .pm-id', (els) => els.map((e) => e.textContent));
      return { p, ids, status: await p.textContent('#hs-status') };
    };
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

    // A field only the full index has, from a fresh load.
    const priya = meta.filter((d) => d.owners.includes('priya.raman')).map((d) => d.id);
    let r = await fresh('?q=owners:priya.raman');
    check('owners:priya.raman on a fresh load finds her post-mortems', priya.length > 1 &&
          same([...r.ids].sort(), [...priya].sort()), r.ids.join(',') + ' | ' + r.status);
    await r.p.close();
    r = await fresh('?q=body:pgbouncer');
    check('body:pgbouncer on a fresh load answers', r.ids.includes('PM-011'), r.ids.join(',') + ' | ' + r.status);
    await r.p.close();
    r = await fresh('?q=owner:priya.raman');
    check('an unknown field says which fields there are', /“owner” is not a field here; the fields are .*owners/.test(r.status), r.status);
    await r.p.close();
    r = await fresh('?q=title:');
    check('a query that does not parse says how to fix it', /does not parse.*Put a word after a field name/.test(r.status), r.status);
    await r.p.close();

    // Facets alone browse, newest first; each facet counts over the others.
    const sev1 = meta.filter((d) => d.severity === 'SEV1').map((d) => d.id);
    r = await fresh('?severity=SEV1');
    check('a facet alone lists its post-mortems, newest first', sev1.length === 2 && same(r.ids, sev1), r.ids.join(',') + ' | ' + r.status);
    const counts = async (facet) => r.p.$$eval(`select[data-facet="${facet}"] option`,
      (os) => Object.fromEntries(os.filter((o) => o.value).map((o) => [o.value, Number(/\((\d+)\)$/.exec(o.textContent)[1])])));
    const years = await counts('year'), severities = await counts('severity');
    const yearsWanted = {};
    meta.filter((d) => d.severity === 'SEV1').forEach((d) => { yearsWanted[d.year] = (yearsWanted[d.year] || 0) + 1; });
    check('the other facets count within the chosen one', JSON.stringify(years) === JSON.stringify(yearsWanted),
          JSON.stringify(years) + ' vs ' + JSON.stringify(yearsWanted));
    check('a chosen facet counts over the others, not itself',
          severities.SEV2 === meta.filter((d) => d.severity === 'SEV2').length, JSON.stringify(severities));
    await r.p.close();
    const y2026 = meta.filter((d) => d.severity === 'SEV2' && d.year === 2026).map((d) => d.id);
    r = await fresh('?severity=SEV2&year=2026');
    check('two facets combine', y2026.length > 0 && same(r.ids, y2026), r.ids.join(',') + ' vs ' + y2026.join(','));
    await r.p.close();

    // Exact tokens first.
    for (const [query, first] of [['NW-1803', ['PM-011']], ['SEV1', sev1], ['PM-011', ['PM-011']],
                                  ['priya.raman', priya]]) {
      r = await fresh('?q=' + encodeURIComponent(query));
      check(`"${query}" puts ${first.join(',')} first`,
            same([...r.ids.slice(0, first.length)].sort(), [...first].sort()), r.ids.join(','));
      await r.p.close();
    }

    // Drafts and post-mortems in review are marked.
    r = await fresh('?year=2026');
    const pills = await r.p.$$eval('#hs-results li', (lis) => lis.map((li) =>
      [li.querySelector('.pm-id').textContent, (li.querySelector('.status-pill') || {}).textContent || '']));
    const pill = Object.fromEntries(pills);
    check('a draft is marked', pill['PM-018'] === 'draft', JSON.stringify(pill));
    check('a post-mortem in review is marked', pill['PM-017'] === 'in review', JSON.stringify(pill));
    check('a published one is not', pill['PM-011'] === '', JSON.stringify(pill));
    await r.p.close();

    // As you type, then the keyboard.
    r = await fresh('');
    await r.p.click('#hs-q');
    await r.p.keyboard.type('pgbouncer', { delay: 30 });
    await r.p.waitForFunction(() => document.querySelectorAll('#hs-results li').length > 0 &&
                                    /q=pgbouncer/.test(location.search));
    check('results appear as you type, and the address keeps the query', true);
    await r.p.waitForFunction(() => !/loading/.test(document.getElementById('hs-status').textContent));
    await r.p.keyboard.press('ArrowDown');
    const firstHref = await r.p.evaluate(() => document.activeElement.getAttribute('href'));
    await r.p.keyboard.press('ArrowDown');
    const secondHref = await r.p.evaluate(() => document.activeElement.getAttribute('href'));
    const hrefs = await r.p.$$eval('#hs-results .card-title a', (as) => as.map((a) => a.getAttribute('href')));
    check('↓ goes from the box to the first result, then the next', firstHref === hrefs[0] && secondHref === hrefs[1],
          firstHref + ' ' + secondHref);
    await r.p.keyboard.press('Escape');
    check('Esc goes back to the box', await r.p.evaluate(() => document.activeElement.id === 'hs-q'));
    await r.p.close();

    // The header box on any page: titles as you type, ↓ and Enter open one.
    r = { p: await browser.newPage() };
    r.p.on('pageerror', (e) => errors.push(e.message));
    await r.p.goto(base + 'postmortems/PM-001/index.html');
    await r.p.click('#hs-header-q');
    await r.p.keyboard.type('connec', { delay: 30 });
    await r.p.waitForSelector('#hs-quick li[role="option"]');
    const quick = await r.p.$$eval('#hs-quick .pm-id', (els) => els.map((e) => e.textContent));
    check('the header box lists titles as you type, a half-typed word included',
          quick.includes('PM-011') && quick.includes('PM-004'), quick.join(','));
    check('the header box says it has a list open',
          await r.p.getAttribute('#hs-header-q', 'aria-expanded') === 'true');
    await r.p.keyboard.press('ArrowDown');
    const chosen = await r.p.getAttribute('#hs-header-q', 'aria-activedescendant');
    const chosenId = await r.p.textContent('#' + chosen + ' .pm-id');
    await r.p.keyboard.press('Enter');
    await r.p.waitForURL(new RegExp('/kb/postmortems/' + chosenId + '/index\\.html$'));
    check('↓ then Enter in the header opens the chosen post-mortem', true);
    await r.p.click('#hs-header-q');
    await r.p.keyboard.type('NW-1803', { delay: 20 });
    await r.p.waitForFunction(() => /NW-1803/.test((document.querySelector('#hs-quick .quick-all') || {}).textContent || ''));
    const firstQuick = await r.p.textContent('#hs-quick .pm-id');
    check('a ticket key typed in the header finds its post-mortem first', firstQuick === 'PM-011', firstQuick);
    const axeFindings = async (pg) => {
      await pg.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      return pg.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')));
    };
    const openList = await axeFindings(r.p);
    check('the open header list has no serious accessibility finding', openList.length === 0, openList.join('; '));
    await r.p.keyboard.press('Escape');
    check('Esc closes the header list', await r.p.isHidden('#hs-quick'));
    for (const scheme of ['light', 'dark']) {
      const q = await browser.newPage({ colorScheme: scheme });
      await q.goto(base + 'search/index.html?q=checkout&year=2026');
      await q.waitForFunction(() => !/loading/i.test(document.getElementById('hs-status').textContent) &&
                                    document.querySelectorAll('#hs-results li').length > 0);
      const found = await axeFindings(q);
      check(`search results (${scheme}) have no serious accessibility finding`, found.length === 0, found.join('; '));
      await q.close();
    }
    await r.p.close();
    check('no script errors on any search page', errors.length === 0, errors.join('; '));
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
