// The preview, tested for real: the webview page (same HTML and CSP as in VS Code) in headless
// Chromium with the built dist/preview.js, fed the models the extension posts; the markdown-it
// plugin with a plain markdown-it; the Markdown preview script on its output; and every diagram
// the core emits for the fixtures and examples parsed by the real Mermaid.
//
// The browser tests are skipped when /usr/bin/chromium is missing, unless CI is set (then they fail).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { analyze, type Analysis } from '../server/src/core/analysis';
import { diagramsOf, documentDiagram } from '../server/src/core/render/mermaid';
import { extendMarkdownIt } from '../client/src/markdownIt';
import { contentSecurityPolicy, previewHtml } from '../client/src/preview/html';
import type { DiagramView, WebviewMessage } from '../client/src/preview/protocol';
import { CHROMIUM, guard, KEEP_NAMES, launchChromium, modelOf, openPreview, startPreviewServer, type PreviewServer } from './preview/page';

const root = join(__dirname, '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'examples', f));
const read = (path: string) => readFileSync(path, 'utf8');
const proximity = read(join(root, 'examples', 'proximity-service.md'));

// Page-side globals, typed loosely (the root tsconfig has no DOM lib).
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : path.endsWith('.md') ? [path] : [];
  });
}

const HOSTILE = [
  '"]; click x href "javascript:alert(1)"',
  '<img src=x onerror=window.__pwned=1>',
  '%%{init: {"securityLevel":"loose"}}%%',
  'javascript:alert(1)',
  '<script>window.__pwned=1</script>',
  '#quot; &lt;b&gt; $$x^2$$ `**md**`',
  '<b>bold</b>" onmouseover="alert(1)',
];
const quote = (label: string) => `"${label.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A design whose every label is hostile: components, a group, connections, a flow and a title. */
const hostileDesign = `# Hostile labels

\`\`\`napkin
# <script>window.__pwned=1</script> %%{init: {"theme":"forest"}}%%
visits = 10/s
user people ${quote(HOSTILE[0]!)} { rate: visits }
service api ${quote(HOSTILE[1]!)} { capacity: 1/s }
database db ${quote(HOSTILE[2]!)}
cache c1 ${quote(HOSTILE[3]!)} { ttl: 1 min }
queue q1 ${quote(HOSTILE[4]!)}
service s2 ${quote(HOSTILE[5]!)}
group g ${quote(HOSTILE[6]!)} {
  service inner "end"
}
people -> api : ${quote('<img src=x onerror=alert(1)>')}
api -> db : ${quote('%%{init: {"theme":"forest"}}%%')}
api -> c1 : ${quote(HOSTILE[3]!)}
api ~> q1 : ${quote('"]; click api call alert(1)')}
api -> s2 : ${quote('#quot; &lt;b&gt;')}
api -> inner
\`\`\`

\`\`\`napkin
flow f ${quote('<script>alert(1)</script>')} {
  people -> api : ${quote('<img src=x onerror=alert(1)>')}
  api -> db : "end; participant x as y"
  db --> api : ${quote('%%{init: {"theme":"forest"}}%%')}
  api --> people : ${quote(HOSTILE[3]!)}
}
\`\`\`
`;

// ── without a browser ────────────────────────────────────────────────────────

test('the webview HTML has a strict CSP with a script nonce and no remote sources', () => {
  const html = previewHtml({ cspSource: 'https://example.vscode-cdn.net', nonce: 'N0NCE', scriptUri: 'https://example.vscode-cdn.net/dist/preview.js', styleUri: 'https://example.vscode-cdn.net/media/preview.css' });
  const cspSource = 'https://example.vscode-cdn.net';
  const csp = contentSecurityPolicy(cspSource, 'N0NCE');
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`), 'the CSP meta tag carries contentSecurityPolicy()');
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'nonce-N0NCE'"]);
  assert.deepEqual(directives.get('style-src'), [cspSource, "'unsafe-inline'"], 'Mermaid needs inline styles (documented in html.ts)');
  const sources = [...directives.values()].flat();
  assert.ok(sources.every((source) => source === cspSource || source === 'data:' || /^'(none|self|unsafe-inline|nonce-N0NCE)'$/.test(source)), `only the extension, data: and keywords: ${csp}`);
  assert.ok(!sources.includes("'unsafe-eval'"));
  assert.match(html, /<script nonce="N0NCE" src="https:\/\/example\.vscode-cdn\.net\/dist\/preview\.js"><\/script>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, ours');
  assert.match(html, /<meta charset="UTF-8">/);
});

describe('markdown-it plugin', () => {
  const plain = () => new MarkdownIt();
  const extended = () => extendMarkdownIt(new MarkdownIt());
  const unescape = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const mermaidFence = '```mermaid\nflowchart LR\n  A --> B\n```\n';

  test('napkin fences become containers with the Mermaid text; everything else is unchanged', () => {
    const source = `${proximity}\n${mermaidFence}\nThe end.\n`;
    const html = extended().render(source);
    const analysis = analyze(source);
    const diagrams = diagramsOf(analysis);

    const containers = html.match(/<div class="napkin-diagrams" data-line="\d+">/g) ?? [];
    assert.equal(containers.length, analysis.fences.length, 'one container per napkin fence');
    const lines = [...html.matchAll(/<div class="napkin-diagrams" data-line="(\d+)">/g)].map((m) => Number(m[1]));
    assert.deepEqual(lines, analysis.fences.map((f) => f.fence.openLine));

    const texts = [...html.matchAll(/<pre class="napkin-mermaid">([\s\S]*?)<\/pre>/g)].map((m) => unescape(m[1]!));
    assert.deepEqual(texts, diagrams.map((d) => d.mermaid), 'every diagram of the document, in order, text intact');
    const kinds = [...html.matchAll(/<div class="napkin-diagram" data-kind="(\w+)">/g)].map((m) => m[1]);
    assert.deepEqual(kinds, diagrams.map((d) => d.kind));

    // The fence whose flow is in another fence than its components still resolves them (whole-source analysis).
    assert.ok(texts.some((t) => t.startsWith('sequenceDiagram') && t.includes('Location-based service')));

    // Errors are visible as text, with code and line, in the fence they belong to.
    assert.match(html, /<div class="napkin-errors"[^>]*>[\s\S]*<code>N401<\/code> line 33: `lbs` receives/);
    // The source is kept.
    assert.match(html, /<details class="napkin-source"><summary>napkin source<\/summary><pre><code class="language-napkin"># Proximity service: high-level design\nuser /);
    // The estimates fence (no diagram) keeps its ordinary rendering and gains its values.
    assert.match(html, /<table class="napkin-estimates">[\s\S]*<code>search_qps<\/code><\/td><td>5\.79K req\/s<\/td>/);
    assert.ok(html.includes(plain().render('```napkin\n' + analysis.fences[0]!.fence.content + '```\n')), 'the estimates fence source as markdown-it renders it');

    // Everything that is not a napkin fence renders exactly as plain markdown-it renders it: the
    // plain output, cut at its napkin fences, appears piece by piece, in order, in ours.
    const pieces = plain().render(source).split(/<pre><code class="language-napkin">[\s\S]*?<\/code><\/pre>\n/);
    assert.equal(pieces.length, analysis.fences.length + 1);
    let at = 0;
    for (const piece of pieces) {
      const found = html.indexOf(piece, at);
      assert.ok(found >= at, `unchanged: ${JSON.stringify(piece.slice(0, 80))}`);
      at = found + piece.length;
    }
    assert.ok(html.startsWith(pieces[0]!) && html.endsWith(pieces.at(-1)!));
    assert.ok(html.includes(plain().render(mermaidFence)), 'the ```mermaid fence is untouched');
  });

  test('hostile text is escaped in the container', () => {
    const html = extended().render(hostileDesign);
    const analysis = analyze(hostileDesign);
    assert.doesNotMatch(html, /<script|<img|<b>bold|onerror=window[^&]*>|onmouseover="/i);
    assert.ok(!/[<>]/.test(html.replace(/<\/?(div|pre|code|details|summary|ul|li|h1|p|table|thead|tbody|tr|th|td)\b[^<>]*>/g, '')), 'no markup but the plugin’s own');
    const texts = [...html.matchAll(/<pre class="napkin-mermaid">([\s\S]*?)<\/pre>/g)].map((m) => unescape(m[1]!));
    assert.deepEqual(texts, diagramsOf(analysis).map((d) => d.mermaid));
    const titles = [...html.matchAll(/<div class="napkin-diagram-title">(.*?)<\/div>/g)].map((m) => m[1]);
    assert.ok(titles.every((t) => !t!.includes('<')), `titles escaped: ${titles.join(' | ')}`);
  });

  test('a fence with a syntax error lists it and still keeps the source', () => {
    const html = extended().render('# Broken\n\n```napkin\nservice api {\napi -> db\n```\n');
    assert.match(html, /<div class="napkin-errors"/);
    assert.match(html, /<code>N\d{3}<\/code> line \d+: /);
    assert.match(html, /service api \{/);
  });

  test('the analysis runs once per source, however many fences it has', () => {
    const md = extended();
    const source = proximity.replace('Proximity', 'Proximity (cache test)');
    const views = () => md.parse(source, {}).filter((t) => t.type === 'fence').map((t) => (t.meta as { napkin?: object } | null)?.napkin);
    const first = views();
    assert.equal(first.length, 3);
    assert.ok(first.every((view) => view !== undefined));
    const second = views();
    assert.ok(first.every((view, i) => view === second[i]), 'a second render of the same source reuses the analysis');
    md.parse(`${source}\nMore.\n`, {});
    assert.notEqual(views()[0], undefined);
  });
});

// ── in headless Chromium ─────────────────────────────────────────────────────

const haveChromium = existsSync(CHROMIUM);
const skip = !haveChromium && !process.env.CI ? `no Chromium at ${CHROMIUM}` : false;

describe('preview in headless Chromium', { skip }, () => {
  let server: PreviewServer;
  let browser: { context: BrowserContext; close(): Promise<void> };

  before(async () => {
    if (!haveChromium) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    for (const bundle of ['dist/preview.js', 'dist/markdown-preview.js']) {
      if (!existsSync(join(root, bundle))) throw new Error(`${bundle} is missing: run npm run build first`);
    }
    server = await startPreviewServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const cards = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('figure.diagram')].map((figure: any) => ({
        key: figure.dataset.key as string,
        kind: figure.dataset.kind as string,
        renders: Number(figure.dataset.renders),
        failed: !figure.querySelector('.render-error').hidden,
        error: figure.querySelector('.render-error').textContent as string,
        hasSvg: !!figure.querySelector('.stage > svg'),
        nodes: figure.querySelectorAll('.stage g.node').length as number,
        edges: figure.querySelectorAll('.stage path.flowchart-link').length as number,
        participants: figure.querySelectorAll('.stage g[data-type="participant"]').length as number,
        messages: figure.querySelectorAll('.stage .messageText').length as number,
      })),
    );

  /** What the model says each diagram must show. */
  function expected(analysis: Analysis, view: DiagramView) {
    const { graph } = analysis;
    if (view.kind === 'flowchart') {
      const fence = view.key === 'whole' ? undefined : diagramsOf(analysis).find((d) => d.start === view.start && d.kind === 'flowchart')!.fence;
      const edges = graph.edges.filter((e) => (fence === undefined || e.fence === fence) && graph.components.has(e.from) && graph.components.has(e.to));
      return { nodes: view.nodes.length, edges: edges.length };
    }
    const flow = graph.flows.find((f) => f.span.start === view.start)!;
    return { participants: new Set(flow.steps.flatMap((s) => [s.from, s.to])).size, messages: flow.steps.length };
  }

  test('renders every diagram of every example without a Mermaid error, node and edge counts matching the model', async () => {
    const preview = await openPreview(browser.context, server);
    try {
      for (const file of examples) {
        const text = read(file);
        const model = modelOf(text, { name: relative(root, file) });
        assert.equal(model.diagrams.length, diagramsOf(analyze(text)).length, `${file}: every diagram is in the model`);
        // The whole-design view too: turn it on, then off again for the next file.
        await preview.page.evaluate(() => {
          const toggle = document.getElementById('toggle-whole');
          if (!toggle.checked) toggle.click();
        });
        await preview.show(model);
        const shown = await cards(preview.page);
        const views = [...(model.whole ? [model.whole] : []), ...model.diagrams];
        assert.deepEqual(shown.map((c) => c.key), views.map((v) => v.key), `${file}: one card per diagram, in order`);
        const analysis = analyze(text);
        for (const [i, view] of views.entries()) {
          const card = shown[i]!;
          assert.equal(card.failed, false, `${file} / ${view.title}: ${card.error}`);
          assert.ok(card.hasSvg, `${file} / ${view.title}: has an SVG`);
          const want = expected(analysis, view);
          if (view.kind === 'flowchart') assert.deepEqual({ nodes: card.nodes, edges: card.edges }, want, `${file} / ${view.title}`);
          else assert.deepEqual({ participants: card.participants, messages: card.messages }, want, `${file} / ${view.title}`);
        }
        const last = (await preview.messages()).filter((m) => m.type === 'rendered').pop();
        assert.deepEqual(last && { version: last.version, errors: last.errors }, { version: model.version, errors: 0 });
      }
      assert.deepEqual(preview.dialogs, []);
      assert.deepEqual(new Set(preview.requests.map((u) => new URL(u).pathname)), new Set(['/', '/media/preview.css', '/dist/preview.js']));
    } finally {
      await preview.page.close();
    }
  });

  test('hostile labels run no script, load nothing, change no setting and show as literal text', async () => {
    const preview = await openPreview(browser.context, server, { theme: 'light' });
    try {
      const model = modelOf(hostileDesign);
      await preview.show(model);
      const shown = await cards(preview.page);
      assert.equal(shown.length, 2);
      for (const card of shown) assert.equal(card.failed, false, `${card.key}: ${card.error}`);
      // Give any injected handler a chance to fire: hover and click every node.
      await preview.page.evaluate(() => {
        for (const element of document.querySelectorAll('.stage *')) {
          for (const type of ['mouseover', 'mouseenter', 'click', 'focus', 'load', 'error']) element.dispatchEvent(new Event(type, { bubbles: true }));
        }
      });
      await preview.page.waitForTimeout(100);

      const report = await preview.page.evaluate(() => {
        const all = [...document.querySelectorAll('*')];
        return {
          pwned: window.__pwned,
          handlers: all.flatMap((e: any) => [...e.attributes].filter((a: any) => /^on/i.test(a.name)).map((a: any) => `${e.localName}[${a.name}]`)),
          dangerous: all.filter((e: any) => ['script', 'img', 'iframe', 'object', 'embed', 'a', 'image', 'use'].includes(e.localName) && e.closest('.stage')).map((e: any) => e.outerHTML.slice(0, 80)),
          javascriptUrls: all.flatMap((e: any) => [...e.attributes].filter((a: any) => /javascript:/i.test(a.value)).map((a: any) => `${e.localName}[${a.name}]`)),
          styles: [...document.querySelectorAll('.stage svg style')].map((s: any) => s.textContent as string),
          texts: [...document.querySelectorAll('.stage svg')].map((s: any) => [...s.querySelectorAll('text, p, span, tspan')].map((e: any) => e.textContent).join('\n')),
          page: document.body.innerText as string,
          config: window.__napkinPreview.config(),
        };
      });
      assert.equal(report.pwned, undefined, 'no injected script ran');
      assert.deepEqual(preview.dialogs, [], 'no alert, confirm or prompt');
      assert.deepEqual(report.handlers, [], 'no inline event handler attributes');
      assert.deepEqual(report.dangerous, [], 'no script, image, frame or link elements in the diagrams');
      assert.deepEqual(report.javascriptUrls, []);
      assert.deepEqual(new Set(preview.requests.map((u) => new URL(u).pathname)), new Set(['/', '/media/preview.css', '/dist/preview.js']), 'no request but the page’s own');
      assert.equal(report.config.securityLevel, 'strict');
      assert.equal(report.config.theme, 'default', 'the forest directive did not apply');
      for (const style of report.styles) assert.doesNotMatch(style, /#cde498|#13540c/i, 'no forest colours in the SVG styles');

      // The core puts an invisible word joiner into `$$` so that Mermaid does not typeset it as math.
      const normalise = (text: string) => text.replace(/\u2060/g, '').replace(/[\s\u200b]+/g, ' ');
      const drawn = normalise(report.texts.join('\n'));
      for (const label of [...HOSTILE, '"]; click api call alert(1)', 'end; participant x as y', '<img src=x onerror=alert(1)>']) {
        assert.ok(drawn.includes(normalise(label)), `the diagrams show ${JSON.stringify(label)} literally`);
      }
      assert.ok(report.page.includes('<img src=x onerror=window.__pwned=1>'), 'the estimates table shows the label as text');
      assert.ok(report.page.includes('<script>window.__pwned=1</script>'), 'the card title shows as text');
    } finally {
      await preview.page.close();
    }
  });

  test('switching the theme (light → dark → high contrast) re-renders with the matching Mermaid theme', async () => {
    const preview = await openPreview(browser.context, server, { theme: 'light' });
    try {
      await preview.show(modelOf(proximity));
      const look = async (theme: string) => {
        await preview.page.waitForFunction((t) => document.body.dataset.renderedTheme === t, theme);
        return preview.page.evaluate(() => {
          const shape = document.querySelector('.stage g.node:not(.over):not(.ok) rect.label-container, .stage g.node:not(.over):not(.ok) polygon.label-container');
          const svg = document.querySelector('.stage svg');
          return { fill: getComputedStyle(shape).fill as string, stroke: getComputedStyle(shape).stroke as string, svgStyle: svg.querySelector('style').textContent.replace(/#[\w-]+(?=[ {.])/g, '#id') as string, theme: window.__napkinPreview.config().theme as string, background: getComputedStyle(document.body).backgroundColor as string };
        });
      };
      const light = await look('light');
      await preview.setTheme('dark');
      const dark = await look('dark');
      await preview.setTheme('high-contrast');
      const contrast = await look('high-contrast');
      assert.deepEqual([light.theme, dark.theme, contrast.theme], ['default', 'dark', 'base']);
      assert.equal(new Set([light.fill, dark.fill, contrast.fill]).size, 3, `three different node fills: ${[light.fill, dark.fill, contrast.fill]}`);
      assert.equal(contrast.fill, 'rgb(0, 0, 0)');
      assert.notEqual(light.background, dark.background);
      assert.equal(new Set([light.svgStyle, dark.svgStyle, contrast.svgStyle]).size, 3);
      // Back to light: from the cache, no new layout.
      const before = await preview.page.evaluate(() => window.__napkinPreview.renders());
      await preview.setTheme('light');
      await look('light');
      assert.equal(await preview.page.evaluate(() => window.__napkinPreview.renders()), before);
    } finally {
      await preview.page.close();
    }
  });

  test('an edit re-renders only the diagram whose Mermaid text changed; the others keep their DOM', async () => {
    const doc = (label: string, intro = '') => `# Two designs\n${intro}\n\`\`\`napkin\n# Front\nuser u { rate: 100/s }\nservice web\nu -> web\n\`\`\`\n\n\`\`\`napkin\n# Back\nservice api "${label}"\ndatabase db\napi -> db\n\`\`\`\n\n\`\`\`napkin\nflow f "Read" {\n  u -> web : GET\n}\n\`\`\`\n`;
    const preview = await openPreview(browser.context, server);
    try {
      await preview.show(modelOf(doc('API v1')));
      const first = await cards(preview.page);
      assert.deepEqual(first.map((c) => c.renders), [1, 1, 1]);
      await preview.page.evaluate(() => {
        window.__kept = [...document.querySelectorAll('figure.diagram')].map((f: any) => ({ figure: f, svg: f.querySelector('.stage svg') }));
      });
      const layouts = await preview.page.evaluate(() => window.__napkinPreview.renders());

      await preview.show(modelOf(doc('API v2')));
      const same = await preview.page.evaluate(() =>
        [...document.querySelectorAll('figure.diagram')].map((f: any, i: number) => ({ figure: f === window.__kept[i].figure, svg: f.querySelector('.stage svg') === window.__kept[i].svg })),
      );
      assert.deepEqual(same, [{ figure: true, svg: true }, { figure: true, svg: false }, { figure: true, svg: true }]);
      assert.deepEqual((await cards(preview.page)).map((c) => c.renders), [1, 2, 1]);
      assert.equal(await preview.page.evaluate(() => window.__napkinPreview.renders()), layouts + 1, 'exactly one Mermaid layout');
      const rendered = (await preview.messages()).filter((m): m is Extract<WebviewMessage, { type: 'rendered' }> => m.type === 'rendered');
      assert.equal(rendered.at(-1)!.renders, 1);

      // Text above the fences moves every offset but changes no Mermaid text: nothing is re-rendered.
      await preview.show(modelOf(doc('API v2', 'Some words.\nMore words.\n')));
      assert.deepEqual((await cards(preview.page)).map((c) => c.renders), [1, 2, 1]);
      assert.equal(await preview.page.evaluate(() => window.__napkinPreview.renders()), layouts + 1);
    } finally {
      await preview.page.close();
    }
  });

  test('clicking a node, a table row or a problem posts reveal with the right offsets', async () => {
    const preview = await openPreview(browser.context, server);
    try {
      // Two lines above the document shift every offset, and the (unchanged) diagrams are not re-rendered:
      // the click must still use the new offsets.
      await preview.show(modelOf(proximity));
      const shifted = `Intro line.\n\n${proximity}`;
      const model = modelOf(shifted);
      await preview.show(model);
      const analysis = analyze(shifted);
      const lbs = analysis.graph.components.get('lbs')!;
      const flowchart = model.diagrams.find((d) => d.kind === 'flowchart')!;
      const sequence = model.diagrams.find((d) => d.kind === 'sequence')!;
      const lbsNode = flowchart.nodes.find((n) => n.id === 'lbs')!;
      assert.equal(lbsNode.start, lbs.idSpan.start);

      const reveals = async () => (await preview.messages()).filter((m) => m.type === 'reveal');
      const clickAndGet = async (target: string | Locator) => {
        const count = (await reveals()).length;
        await (typeof target === 'string' ? preview.page.locator(target) : target).click();
        await preview.page.waitForFunction((n) => window.__messages.filter((m: any) => m.type === 'reveal').length > n, count);
        return (await reveals()).at(-1);
      };

      const card = (view: DiagramView) => `figure.diagram[data-key="${view.key}"]`;
      assert.deepEqual(await clickAndGet(`${card(flowchart)} g.node[id*="-flowchart-${lbsNode.mermaidId}-"]`), { type: 'reveal', start: lbs.idSpan.start, end: lbs.idSpan.end });
      const geo = analysis.graph.components.get('geo')!;
      const geoParticipant = sequence.nodes.find((n) => n.id === 'geo')!;
      assert.deepEqual(await clickAndGet(`${card(sequence)} g[data-type="participant"][data-id="${geoParticipant.mermaidId}"]`), { type: 'reveal', start: geo.idSpan.start, end: geo.idSpan.end });
      assert.deepEqual(await clickAndGet(`${card(sequence)} rect.actor-bottom[name="${geoParticipant.mermaidId}"]`), { type: 'reveal', start: geo.idSpan.start, end: geo.idSpan.end });

      const searchQps = analysis.quantities.find((q) => q.name === 'search_qps')!.definition;
      assert.deepEqual(await clickAndGet(preview.page.locator('#quantities tr').filter({ hasText: 'search_qps' })), { type: 'reveal', start: searchQps.start, end: searchQps.end });
      assert.deepEqual(await clickAndGet('#components tr[data-over="true"]'), { type: 'reveal', start: lbs.idSpan.start, end: lbs.idSpan.end });
      const n401 = model.problems.find((p) => p.code === 'N401')!;
      assert.deepEqual(await clickAndGet('#problem-list li.severity-error'), { type: 'reveal', start: n401.start, end: n401.end });

      // A drag that starts on a node pans; it is not a click.
      const before = (await reveals()).length;
      const node = preview.page.locator(`${card(flowchart)} g.node[id*="-flowchart-${lbsNode.mermaidId}-"]`);
      await node.scrollIntoViewIfNeeded();
      const box = (await node.boundingBox())!;
      const transform = () => preview.page.evaluate((selector) => document.querySelector(`${selector} .stage`).style.transform, card(flowchart));
      const start = await transform();
      await preview.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await preview.page.mouse.down();
      await preview.page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2 + 10, { steps: 5 });
      await preview.page.mouse.up();
      assert.notEqual(await transform(), start, 'the drag moved the diagram');
      assert.equal((await reveals()).length, before, 'the drag did not reveal');
    } finally {
      await preview.page.close();
    }
  });

  test('zoom: buttons, ctrl + wheel and fit', async () => {
    const preview = await openPreview(browser.context, server, { width: 700 });
    try {
      const model = modelOf(proximity);
      await preview.show(model);
      const selector = `figure.diagram[data-key="${model.diagrams[0]!.key}"]`;
      const scale = () => preview.page.evaluate((s) => Number(document.querySelector(`${s} .viewport`).dataset.scale), selector);
      const fitted = await scale();
      assert.ok(fitted < 1, `a wide flowchart is fitted into a narrow panel (${fitted})`);
      await preview.page.click(`${selector} button[data-action="zoom-in"]`);
      assert.ok(Math.abs((await scale()) - fitted * 1.25) < 0.01);
      await preview.page.click(`${selector} button[data-action="actual"]`);
      assert.equal(await scale(), 1);
      const viewport = (await preview.page.locator(`${selector} .viewport`).boundingBox())!;
      await preview.page.mouse.move(viewport.x + 100, viewport.y + 50);
      await preview.page.keyboard.down('Control');
      await preview.page.mouse.wheel(0, -200);
      await preview.page.keyboard.up('Control');
      await preview.page.waitForFunction((s) => Number(document.querySelector(`${s} .viewport`).dataset.scale) > 1.2, selector);
      const scrolled = await preview.page.evaluate(() => window.scrollY);
      assert.equal(scrolled, 0, 'ctrl + wheel zooms instead of scrolling');
      await preview.page.click(`${selector} button[data-action="fit"]`);
      assert.equal(await scale(), fitted);
      // A re-render after a manual zoom keeps the zoom.
      await preview.page.click(`${selector} button[data-action="zoom-out"]`);
      const zoomed = await scale();
      await preview.show(modelOf(proximity.replace('"Business DB"', '"Business database"')));
      assert.equal(await scale(), zoomed);
    } finally {
      await preview.page.close();
    }
  });

  test('resizing the panel keeps fitted diagrams fitted and zoomed ones as they were', async () => {
    const preview = await openPreview(browser.context, server, { width: 700 });
    try {
      const model = modelOf(proximity);
      await preview.show(model);
      const [first, second] = model.diagrams.map((d) => `figure.diagram[data-key="${d.key}"]`);
      const scale = (s: string) => preview.page.evaluate((sel) => Number(document.querySelector(`${sel} .viewport`).dataset.scale), s);
      const narrow = await scale(first!);
      assert.ok(narrow < 1, `fitted into a narrow panel (${narrow})`);
      await preview.page.click(`${second} button[data-action="actual"]`);
      await preview.page.setViewportSize({ width: 400, height: 900 });
      await preview.page.waitForFunction(([sel, before]) => Number(document.querySelector(`${sel} .viewport`).dataset.scale) < before, [first!, narrow] as const);
      assert.equal(await scale(second!), 1, 'a diagram the user zoomed keeps its zoom');
      await preview.page.setViewportSize({ width: 1400, height: 900 });
      await preview.page.waitForFunction(([sel, before]) => Number(document.querySelector(`${sel} .viewport`).dataset.scale) > before, [first!, narrow] as const);
      const stage = await preview.page.evaluate((sel) => {
        const viewport = document.querySelector(`${sel} .viewport`);
        const svg = viewport.querySelector('svg');
        return { viewport: viewport.clientWidth, drawn: svg.getBoundingClientRect().width };
      }, first!);
      assert.ok(stage.drawn <= stage.viewport, `the fitted diagram fits the wider panel (${stage.drawn} ≤ ${stage.viewport})`);
    } finally {
      await preview.page.close();
    }
  });

  test('export: SVG and PNG of a diagram, from the buttons and on request', async () => {
    const preview = await openPreview(browser.context, server, { theme: 'dark' });
    try {
      const model = modelOf(proximity);
      await preview.show(model);
      const exported = async (count: number) => {
        await preview.page.waitForFunction((n) => window.__messages.filter((m: any) => m.type === 'exported' || m.type === 'error').length >= n, count);
        return (await preview.messages()).filter((m): m is Extract<WebviewMessage, { type: 'exported' }> => m.type === 'exported');
      };
      const flowchart = model.diagrams[0]!;
      await preview.page.click(`figure.diagram[data-key="${flowchart.key}"] button[data-action="export-svg"]`);
      const [svg] = await exported(1);
      assert.equal(svg!.format, 'svg');
      assert.equal(svg!.title, flowchart.title);
      assert.equal(svg!.requestId, undefined);
      assert.match(svg!.data, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(svg!.data, /^<svg [^>]* width="\d+"/m);
      assert.match(svg!.data, /^<svg [^>]* height="\d+"/m);
      assert.ok(svg!.data.includes('Location-based service'));
      assert.doesNotMatch(svg!.data, /tabindex|role="button"/, 'no preview-only attributes');

      // The host's export command: a request for a diagram that is not shown (the whole design).
      await preview.send({ type: 'export', key: 'whole', format: 'png', requestId: 7 });
      const [, png] = await exported(2);
      assert.equal(png!.requestId, 7);
      assert.equal(png!.format, 'png');
      const bytes = Buffer.from(png!.data, 'base64');
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
      const width = bytes.readUInt32BE(16);
      assert.ok(width > 400, `the PNG is drawn at 2× (${width} px wide)`);

      await preview.send({ type: 'export', key: 'no such diagram', format: 'svg', requestId: 8 });
      await preview.page.waitForFunction(() => window.__messages.some((m: any) => m.type === 'error' && m.requestId === 8));
      assert.deepEqual(preview.requests.filter((u) => !u.startsWith(server.origin)), []);
    } finally {
      await preview.page.close();
    }
  });

  test('the page restores its scroll position and toggles after being hidden and shown again', async () => {
    const preview = await openPreview(browser.context, server, { height: 400 });
    try {
      await preview.show(modelOf(proximity));
      await preview.page.click('#toggle-whole');
      await preview.page.evaluate(() => window.scrollTo(0, 300));
      await preview.page.waitForFunction(() => window.__state?.scrollY === 300 && window.__state?.whole === true);
      // VS Code drops a hidden webview and loads it again; vscode.getState() is what survives.
      await preview.page.reload();
      await preview.show(modelOf(proximity));
      assert.equal(await preview.page.evaluate(() => window.scrollY), 300);
      assert.equal(await preview.page.evaluate(() => document.getElementById('toggle-whole').checked), true);
      assert.deepEqual((await cards(preview.page)).map((c) => c.key)[0], 'whole');
    } finally {
      await preview.page.close();
    }
  });

  test('the Markdown preview script draws the plugin’s containers and re-renders only what changed', async () => {
    const md = extendMarkdownIt(new MarkdownIt());
    const source = `${proximity}\n\`\`\`mermaid\nflowchart LR\n  A --> B\n\`\`\`\n\n${hostileDesign.replace('# Hostile labels', '## Hostile')}`;
    server.markdownBody = md.render(source);
    const page = await browser.context.newPage();
    try {
      const { requests, dialogs } = await guard(page, server.origin);
      await page.addInitScript(KEEP_NAMES);
      await page.goto(`${server.origin}/markdown`);
      const settled = () =>
        page.waitForFunction(() => [...document.querySelectorAll('.napkin-diagram')].every((d: any) => d.classList.contains('napkin-rendered') || d.classList.contains('napkin-failed')));
      await settled();
      const state = () =>
        page.evaluate(() => ({
          diagrams: document.querySelectorAll('.napkin-diagram').length as number,
          svgs: document.querySelectorAll('.napkin-diagram > .napkin-svg > svg').length as number,
          failed: [...document.querySelectorAll('.napkin-render-error')].map((e: any) => e.textContent),
          hiddenText: [...document.querySelectorAll('pre.napkin-mermaid')].every((p: any) => getComputedStyle(p).display === 'none'),
          mermaidFence: document.querySelector('pre > code.language-mermaid')?.textContent as string | undefined,
          svgInMermaidFence: !!document.querySelector('pre > code.language-mermaid svg'),
          errors: document.querySelectorAll('.napkin-errors li').length as number,
          renders: window.__napkinMarkdownPreview.renders() as number,
          pwned: window.__pwned,
        }));
      const first = await state();
      const expectedDiagrams = diagramsOf(analyze(source)).length;
      assert.equal(first.diagrams, expectedDiagrams);
      assert.deepEqual(first.failed, []);
      assert.equal(first.svgs, expectedDiagrams);
      assert.equal(first.hiddenText, true);
      assert.equal(first.mermaidFence, 'flowchart LR\n  A --> B\n', 'the ```mermaid fence is left alone');
      assert.equal(first.svgInMermaidFence, false);
      assert.ok(first.errors > 0, 'problems listed as text');
      assert.equal(first.pwned, undefined);
      assert.equal(first.renders, expectedDiagrams);

      // VS Code patches the preview's DOM and fires vscode.markdown.updateContent.
      const changed = source.replace('"Business DB"', '"Business database"');
      await page.evaluate((html) => {
        document.querySelector('.markdown-body').innerHTML = html;
        window.dispatchEvent(new CustomEvent('vscode.markdown.updateContent'));
      }, md.render(changed));
      await settled();
      const second = await state();
      assert.equal(second.svgs, expectedDiagrams);
      assert.equal(second.renders, first.renders + 1, 'one new Mermaid layout; the rest from the cache');
      const drawnText = await page.evaluate(() => document.querySelector('.napkin-svg svg').textContent as string);
      assert.ok(drawnText.includes('Business database'));
      assert.deepEqual(dialogs, []);
      assert.deepEqual(new Set(requests.map((u) => new URL(u).pathname)), new Set(['/markdown', '/media/markdown-preview.css', '/dist/markdown-preview.js']));
    } finally {
      await page.close();
    }
  });

  test('random labels (fast-check) always render, and always as the literal text', async () => {
    // Labels made of Mermaid's own syntax, entity look-alikes, its internal placeholder characters,
    // markup and arbitrary characters, in every place a label can go.
    const tokens = ['end', 'subgraph', 'click', 'style', 'classDef', 'class', '-->', '-.->', '---', '==>', '|', '%%', '%%{init: {}}%%', '$$', '$$x$$', 'fa:fa-car', '<br/>', '<b>', '#quot;', '#35;', '&amp;', '&#60;', '\\', '"', "'", '`', '**', 'participant', ' as ', 'loop', 'note over', 'activate', ';', ':', '::', '[', ']', '(', ')', '{', '}', '@{', 'ﬂ°°38¶ß', '¶ß', 'javascript:', 'http://x', '\u00a0', 'é', '中文', '😀', '→', '·'];
    const label = fc
      .array(fc.oneof(fc.constantFrom(...tokens), fc.string({ minLength: 1, maxLength: 3 }).map((t) => t.replace(/[\r\n]/g, ' '))), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(''));
    const designs = fc.sample(fc.array(label, { minLength: 8, maxLength: 8 }), { numRuns: Number(process.env.NAPKIN_FUZZ_RUNS ?? 25), seed: Number(process.env.NAPKIN_FUZZ_SEED ?? 20251122) });
    const preview = await openPreview(browser.context, server);
    try {
      for (const labels of designs) {
        const [component, service, group, database, edge1, edge2, step1, step2] = labels.map(quote);
        const text = `\`\`\`napkin\nuser people ${component} { rate: 10/s }\nservice api ${service}\ngroup zone ${group} {\n  database store ${database}\n}\npeople -> api : ${edge1}\napi -> store : ${edge2}\nflow read "Read" {\n  people -> api : ${step1}\n  api --> people : ${step2}\n}\n\`\`\`\n`;
        const model = modelOf(text);
        assert.deepEqual(model.problems.filter((p) => p.severity === 'error').map((p) => p.message), [], JSON.stringify(labels));
        assert.equal(model.diagrams.length, 2);
        await preview.show(model);
        const shown = await preview.page.evaluate(() =>
          [...document.querySelectorAll('figure.diagram')].map((f: any) => ({
            error: f.querySelector('.render-error').hidden ? '' : (f.querySelector('.render-error').textContent as string),
            text: [...f.querySelectorAll('.stage svg text, .stage svg p, .stage svg span')].map((e: any) => e.textContent).join('\n') as string,
          })),
        );
        const normalise = (t: string) => t.replace(/\u2060/g, '').replace(/\s+/g, ' ').trim();
        for (const card of shown) assert.equal(card.error, '', `${JSON.stringify(labels)}\n${card.error}`);
        const [flowchart, sequence] = shown.map((card) => normalise(card.text));
        for (const [i, l] of labels.entries()) {
          const where = i < 6 ? flowchart! : sequence!;
          assert.ok(where.includes(normalise(l)), `label ${i} ${JSON.stringify(l)} is not shown literally in:\n${where}`);
        }
        assert.equal(await preview.page.evaluate(() => window.__pwned), undefined);
      }
      assert.deepEqual(preview.dialogs, []);
      assert.deepEqual(new Set(preview.requests.map((u) => new URL(u).pathname)), new Set(['/', '/media/preview.css', '/dist/preview.js']));
    } finally {
      await preview.page.close();
    }
  });

  test('every diagram emitted for the fixtures and examples parses with the real Mermaid', async () => {
    const files = [...markdownFiles(join(root, 'test', 'fixtures')), ...examples];
    const diagrams = files.flatMap((file) => {
      const analysis = analyze(read(file));
      return [...diagramsOf(analysis), ...[documentDiagram(analysis)].filter((d) => d !== undefined)].map((d) => ({ where: `${relative(root, file)}: ${d.title}`, text: d.mermaid }));
    });
    assert.ok(diagrams.length >= 10, `found ${diagrams.length} diagrams`);
    const preview = await openPreview(browser.context, server);
    try {
      const results = await preview.page.evaluate(async (texts) => {
        const out = [];
        for (const text of texts) out.push(await window.__napkinPreview.parse(text));
        return out;
      }, diagrams.map((d) => d.text));
      const failures = results.flatMap((r, i) => (r.ok ? [] : [`${diagrams[i]!.where}: ${r.error}\n${diagrams[i]!.text}`]));
      assert.deepEqual(failures, []);
    } finally {
      await preview.page.close();
    }
  });
});
