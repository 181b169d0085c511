/**
 * Hardening, part 4: injection. A corpus of XSS vectors and Mermaid directives is put in every
 * place a design can put text — component labels, component ids (the lexer allows Unicode letters,
 * and ids that are Mermaid or JavaScript keywords), connection labels, group labels, flow and step
 * labels, the fence title, quantity names in the estimates table, and diagnostic messages that
 * echo the design — and rendered for real:
 *
 *   1. the preview webview page (same HTML and CSP as in VS Code) in headless Chromium;
 *   2. the markdown-it plugin's HTML with the Markdown preview script, under VS Code's Markdown
 *      preview policy;
 *   3. `napkin render --format svg`, each SVG then opened in Chromium on its own and inline in a page.
 *
 * Each time: no script runs (no dialog, `window.__pwned` unset), no request leaves (every request
 * is recorded and only the page's own files are allowed), no directive takes effect (Mermaid's
 * securityLevel and theme unchanged, no forest or dark colours), and every text is still shown
 * literally (in the SVG's text content, the tables and the problems list).
 *
 * The browser tests skip without Chromium unless CI is set. Without a browser, the Mermaid text and
 * the markdown-it HTML are checked structurally, and the Markdown of hovers and inlay hint tooltips
 * (which VS Code renders) is parsed for links and images.
 */

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { BrowserContext, Page } from 'playwright-core';
import { extendMarkdownIt } from '../client/src/markdownIt';
import { analyze } from '../server/src/core/analysis';
import { diagramsOf, documentDiagram } from '../server/src/core/render/mermaid';
import { main } from '../server/src/cli/main';
import { hostileDocument, VECTORS } from './fixtures/hardening/hostile';
import { CHROMIUM, guard, KEEP_NAMES, launchChromium, modelOf, openPreview, startPreviewServer, type PreviewServer } from './preview/page';

// Page-side globals (the root tsconfig has no DOM lib).
declare const document: any;
declare const window: any;

/** Every real tag of HTML or serialised XML (text is escaped, so `&lt;img` is not a tag): name and attributes. */
function tagsOf(markup: string): { name: string; attributes: [string, string][] }[] {
  return [...markup.matchAll(/<([A-Za-z][\w:.-]*)((?:\s+[^\s=>\/]+(?:\s*=\s*"[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/([^\s=>\/]+)(?:\s*=\s*"([^"]*)")?/g)].map((a) => [a[1]!.toLowerCase(), a[2] ?? ''] as [string, string]),
  }));
}

const NETWORK_ONLY_OWN = (origin: string, requests: readonly string[]) => requests.filter((url) => !url.startsWith(`${origin}/`));
const normalise = (text: string) => text.replace(/[\u2060\u200b]/g, '').replace(/\s+/g, ' ').trim();

// ── without a browser ────────────────────────────────────────────────────────

describe('injection: the text that leaves the core', () => {
  const text = hostileDocument();
  const analysis = analyze(text);
  const diagrams = [...diagramsOf(analysis), documentDiagram(analysis)!];

  test('the Mermaid text has no directive, no click, no markup and no design id', () => {
    assert.ok(diagrams.length >= 3);
    for (const diagram of diagrams) {
      const lines = diagram.mermaid.split('\n');
      assert.equal(lines[0], diagram.kind === 'flowchart' ? 'flowchart LR' : 'sequenceDiagram');
      for (const line of lines.slice(1)) {
        assert.doesNotMatch(line, /%%|^\s*(click|style|linkStyle|classDef(?! (ok|hot|over) )|call|href|---|config:)\b/i, line);
        assert.doesNotMatch(line, /[<>]\s*(script|img|svg|iframe|style|a |foreignObject)/i, line);
        assert.doesNotMatch(line, /javascript:|command:|http:/i, line);
      }
      // Node ids are generated; a design id never names a node.
      for (const node of diagram.nodes) assert.match(node.mermaidId, /^[cp]\d+$/);
    }
  });

  /** The tags and attributes the plugin and markdown-it write themselves; nothing else may appear. */
  const allowedTags = new Set(['div', 'pre', 'code', 'details', 'summary', 'ul', 'li', 'h1', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
  const allowedAttributes = new Set(['class', 'data-line', 'data-kind', 'role']);
  const assertOnlyOwnMarkup = (html: string) => {
    for (const tag of tagsOf(html)) {
      assert.ok(allowedTags.has(tag.name), `an element from the design: <${tag.name}>`);
      for (const [name, value] of tag.attributes) assert.ok(allowedAttributes.has(name) && !/[:<>]/.test(value), `an attribute from the design: <${tag.name} ${name}="${value}">`);
    }
  };

  test('the markdown-it plugin emits no markup of the design: no element, attribute or link from it', () => {
    const html = extendMarkdownIt(new MarkdownIt()).render(text);
    assertOnlyOwnMarkup(html);
    for (const v of ['<script>', '<img', '<svg', '<iframe', '<style>', '</div>', ']]>']) assert.ok(html.includes(v.replace(/</g, '&lt;').replace(/>/g, '&gt;')), `${v} is shown as text`);
  });

  test('with html: true (a user setting), design text is still escaped; only the prose is the author’s HTML', () => {
    assertOnlyOwnMarkup(extendMarkdownIt(new MarkdownIt({ html: true })).render(hostileDocument().replace(/Prose with .*\n/, 'Prose.\n')));
  });
});

// ── in Chromium ──────────────────────────────────────────────────────────────

const haveChromium = existsSync(CHROMIUM);
const skip = !haveChromium && !process.env.CI ? `no Chromium at ${CHROMIUM}` : false;

describe('injection in headless Chromium', { skip, timeout: 300_000 }, () => {
  let server: PreviewServer;
  let browser: { context: BrowserContext; close(): Promise<void> };
  const text = hostileDocument();
  const analysis = analyze(text);
  const labels = [...analysis.graph.components.values()].map((c) => c.label ?? c.id);

  before(async () => {
    if (!haveChromium) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}`);
    for (const bundle of ['dist/preview.js', 'dist/markdown-preview.js', 'dist/cli.js']) {
      if (!existsSync(join(__dirname, '..', bundle))) throw new Error(`${bundle} is missing: run npm run build first`);
    }
    server = await startPreviewServer();
    browser = await launchChromium();
    // What Mermaid draws for ordinary designs, in the same page: the baseline for "no foreign element".
    const preview = await openPreview(browser.context, server, { theme: 'light' });
    try {
      ordinaryElements = new Set(['svg']);
      for (const example of ['examples/proximity-service.md', 'examples/twitter.md', 'test/fixtures/checks/traffic-cycle.md']) {
        const path = join(__dirname, '..', example);
        if (!existsSync(path)) continue;
        await preview.show(modelOf(readFileSync(path, 'utf8')));
        for (const name of (await inspect(preview.page)).elements) ordinaryElements.add(name.toLowerCase());
      }
      assert.ok(ordinaryElements.has('foreignobject') && ordinaryElements.has('g'), [...ordinaryElements].join(' '));
    } finally {
      await preview.page.close();
    }
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Fires every event an injected handler could listen to, on every element. */
  const poke = (page: Page) =>
    page.evaluate(() => {
      for (const element of document.querySelectorAll('*')) {
        for (const type of ['mouseover', 'mouseenter', 'click', 'dblclick', 'focus', 'load', 'error', 'animationstart']) element.dispatchEvent(new Event(type, { bubbles: true }));
      }
    });

  /** What the page shows and whether anything ran. */
  const inspect = (page: Page) =>
    page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      const svgs = [...document.querySelectorAll('svg')];
      return {
        pwned: window.__pwned,
        handlers: all.flatMap((e: any) => [...e.attributes].filter((a: any) => /^on/i.test(a.name)).map((a: any) => `${e.localName}[${a.name}]`)),
        elements: [...new Set(svgs.flatMap((svg: any) => [...svg.querySelectorAll('*')].map((e: any) => e.localName as string)))].sort(),
        scriptsOutsideHead: [...document.querySelectorAll('body script')].map((s: any) => s.outerHTML.slice(0, 120)),
        images: [...document.querySelectorAll('img')].map((i: any) => i.outerHTML.slice(0, 120)),
        links: [...document.querySelectorAll('a[href]')].map((a: any) => a.getAttribute('href')),
        urls: all.flatMap((e: any) => [...e.attributes].filter((a: any) => /^\s*(javascript|command|vbscript|data:text\/html)/i.test(a.value)).map((a: any) => `${e.localName}[${a.name}]=${a.value}`)),
        styles: svgs.map((s: any) => [...s.querySelectorAll('style')].map((x: any) => x.textContent).join('\n')),
        svgText: svgs.map((s: any) => [...s.querySelectorAll('text, tspan, p, span, div')].map((e: any) => e.textContent).join('\n')).join('\n'),
        bodyText: document.body.innerText as string,
      };
    });

  /** The elements Mermaid draws for ordinary designs (the examples): a hostile design may use no other. */
  let ordinaryElements: Set<string>;

  function assertInert(report: Awaited<ReturnType<typeof inspect>>, dialogs: readonly string[], foreign: readonly string[], where: string): void {
    assert.equal(report.pwned, undefined, `${where}: no injected script ran`);
    assert.deepEqual(dialogs, [], `${where}: no alert, confirm or prompt`);
    assert.deepEqual(foreign, [], `${where}: no request left the page's own files`);
    assert.deepEqual(report.handlers, [], `${where}: no inline event handler attributes`);
    assert.deepEqual(report.elements.filter((name: string) => !ordinaryElements.has(name.toLowerCase())), [], `${where}: no element inside an SVG that an ordinary design does not produce`);
    assert.deepEqual(report.images, [], `${where}: no <img>`);
    assert.deepEqual(report.urls, [], `${where}: no javascript:, command: or HTML data: URL in any attribute`);
    for (const style of report.styles) assert.doesNotMatch(style, /#cde498|#13540c|url\(|@import/i, `${where}: no forest theme colours and no URLs in the SVG styles`);
  }

  test('the preview webview: no script, no request, no directive; every label, name and message literal', async () => {
    const preview = await openPreview(browser.context, server, { theme: 'light' });
    try {
      await preview.page.evaluate(() => {
        const toggle = document.getElementById('toggle-whole');
        if (toggle && !toggle.checked) toggle.click();
      });
      const model = modelOf(text);
      await preview.show(model);
      const failed = await preview.page.evaluate(() => [...document.querySelectorAll('figure.diagram')].filter((f: any) => !f.querySelector('.render-error').hidden).map((f: any) => f.querySelector('.render-error').textContent));
      assert.deepEqual(failed, [], 'every diagram renders');
      await poke(preview.page);
      await preview.page.waitForTimeout(150);
      const report = await inspect(preview.page);
      assertInert(report, preview.dialogs, NETWORK_ONLY_OWN(server.origin, preview.requests), 'webview');
      const config = await preview.page.evaluate(() => window.__napkinPreview.config());
      assert.equal(config.securityLevel, 'strict');
      assert.equal(config.theme, 'default', 'no directive changed the theme');
      assert.deepEqual(report.links.filter((href: string) => href !== '#problems'), [], 'no link but the page’s own');
      const drawn = normalise(report.svgText);
      for (const label of labels) assert.ok(drawn.includes(normalise(label)), `the diagrams show ${JSON.stringify(label)} literally`);
      for (const v of VECTORS) assert.ok(drawn.includes(normalise(v)), `the sequence diagrams show the step label ${JSON.stringify(v)} literally`);
      const page = normalise(report.bodyText);
      for (const name of ['onload', 'constructor', '__proto__', 'toString', 'valueOf', 'ｓｃｒｉｐｔ']) assert.ok(page.includes(name), `the estimates table shows the quantity ${name}`);
      for (const problem of analysis.diagnostics.filter((d) => d.severity === 'error')) assert.ok(page.includes(normalise(problem.message)), `the problems list shows ${JSON.stringify(problem.message)} as text`);
    } finally {
      await preview.page.close();
    }
  });

  test('the Markdown preview (markdown-it plugin + preview script): the same', async () => {
    server.markdownBody = extendMarkdownIt(new MarkdownIt()).render(text);
    const page = await browser.context.newPage();
    try {
      const { requests, dialogs } = await guard(page, server.origin);
      await page.addInitScript(KEEP_NAMES);
      await page.goto(`${server.origin}/markdown`);
      await page.waitForFunction(() => [...document.querySelectorAll('.napkin-diagram')].every((d: any) => d.classList.contains('napkin-rendered') || d.classList.contains('napkin-failed')), undefined, { timeout: 60_000 });
      const failed = await page.evaluate(() => [...document.querySelectorAll('.napkin-render-error')].map((e: any) => e.textContent));
      assert.deepEqual(failed, []);
      await poke(page);
      await page.waitForTimeout(150);
      const report = await inspect(page);
      assertInert(report, dialogs, NETWORK_ONLY_OWN(server.origin, requests), 'markdown preview');
      assert.deepEqual(report.links, [], 'no link at all');
      const drawn = normalise(report.svgText);
      for (const label of labels) assert.ok(drawn.includes(normalise(label)), `the diagrams show ${JSON.stringify(label)} literally`);
      const body = normalise(report.bodyText);
      for (const problem of analysis.diagnostics.filter((d) => d.severity === 'error' && d.start > text.indexOf('servise'))) {
        assert.ok(body.includes(normalise(problem.message)), `the problems list shows ${JSON.stringify(problem.message)}`);
      }
    } finally {
      await page.close();
    }
  });

  test('napkin render --format svg: the SVG files are inert on their own and inline, and show every label', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'napkin-injection-'));
    try {
      writeFileSync(join(dir, 'hostile.md'), text);
      let stderr = '';
      const code = await main({
        argv: ['render', 'hostile.md', '--format', 'svg', '--out', 'out'],
        cwd: dir,
        fs: nodeFs,
        env: { ...process.env, NAPKIN_CHROMIUM: CHROMIUM },
        stdout: { write: () => true },
        stderr: { write: (chunk: string) => (stderr += chunk) },
      });
      assert.equal(code, 0, stderr);
      const files = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.svg')).sort();
      assert.equal(files.length, diagramsOf(analysis).length);
      const svgs = files.map((f) => readFileSync(join(dir, 'out', f), 'utf8'));
      for (const [i, svg] of svgs.entries()) {
        for (const tag of tagsOf(svg)) {
          assert.ok(ordinaryElements.has(tag.name), `${files[i]}: <${tag.name}> is not an element Mermaid draws for ordinary designs`);
          for (const [name, value] of tag.attributes) {
            assert.doesNotMatch(name, /^on/, `${files[i]}: <${tag.name} ${name}>`);
            assert.ok(!/href|src/.test(name) || value.startsWith('#'), `${files[i]}: <${tag.name} ${name}="${value}"> links out`);
            assert.doesNotMatch(value, /^\s*(javascript|command|vbscript):/i, `${files[i]}: <${tag.name} ${name}="${value}">`);
          }
        }
      }
      const page = await browser.context.newPage();
      try {
        const { requests, dialogs } = await guard(page, server.origin);
        // Each SVG as a document of its own (a reviewer opens the file), served from the test origin.
        for (const [i, svg] of svgs.entries()) {
          await page.route(`${server.origin}/svg/${i}.svg`, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg }));
          await page.goto(`${server.origin}/svg/${i}.svg`);
          await poke(page);
          const report = await page.evaluate(() => ({ pwned: window.__pwned, text: document.documentElement.textContent as string }));
          assert.equal(report.pwned, undefined, `${files[i]}: no script ran`);
        }
        // All of them inline in one HTML page, as a wiki or a PR comment would embed them.
        await page.goto(`${server.origin}/media/preview.css`);
        await page.setContent(`<!doctype html><html><body>${svgs.join('\n')}</body></html>`);
        await poke(page);
        await page.waitForTimeout(150);
        const report = await inspect(page);
        assertInert(report, dialogs, NETWORK_ONLY_OWN(server.origin, requests).filter((u) => !u.startsWith('data:')), 'svg files');
        const drawn = normalise(report.svgText);
        for (const label of labels) assert.ok(drawn.includes(normalise(label)), `the SVG shows ${JSON.stringify(label)} literally`);
        for (const v of VECTORS) assert.ok(drawn.includes(normalise(v)), `the SVG shows ${JSON.stringify(v)} literally`);
      } finally {
        await page.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
