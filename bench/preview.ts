/**
 * The preview: from an edit to the updated picture in the real preview page, in headless
 * Chromium, against Mermaid's own render of the same diagrams.
 *
 * The preview page is the webview's own HTML and bundle (test/preview/page.ts: same CSP, same
 * dist/preview.js, models delivered as VS Code delivers them). One edit = the host building the
 * model (`buildPreviewModel`, the core with the parse cache, as the panel does after its 150 ms
 * debounce, which is not counted) + posting it + the page drawing every diagram whose Mermaid text
 * changed, until it reports `rendered`. The baseline is a bare page with Mermaid (same version,
 * the preview's own Mermaid configuration) that renders exactly the diagrams that changed and
 * inserts their SVG, with the same number of diagrams already on the page.
 */

import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { createParseCache } from '../server/src/core/analysis';
import { buildPreviewModel } from '../client/src/preview/model';
import type { PreviewModel } from '../client/src/preview/protocol';
import { CHROMIUM, KEEP_NAMES, launchChromium, openPreview, startPreviewServer } from '../test/preview/page';
import { designDoc, editTarget } from './corpus';
import { summarize, type Summary } from './stats';

const require = createRequire(__filename);

declare const window: any;
declare const document: any;

export interface PreviewResult {
  readonly lines: number;
  readonly diagrams: number;
  /** Host: building the model (core analysis + Mermaid text). */
  readonly host: Summary;
  /** Page: from the message to the `rendered` report. */
  readonly page: Summary;
  /** Host + page: the edit → picture time. */
  readonly total: Summary;
  /** Mermaid alone, same diagrams. */
  readonly mermaid: Summary;
  /**
   * Per edit, edit → picture over Mermaid alone for the same edit (measured back to back): pairs
   * cancel the swings of the machine's load that separate medians would carry.
   */
  readonly ratio: Summary;
  /** Per edit: distinct diagram texts that changed, and Mermaid layouts the page ran. */
  readonly changed: number[];
  readonly renders: number[];
  /** An edit in the prose (no diagram changes): layouts run. */
  readonly proseRenders: number;
  readonly firstRender: number;
}

/**
 * Mermaid exactly as the preview bundles it (the `mermaid` package's ES build through esbuild,
 * minified), exposed as `window.mermaid`, for the baseline page. Built once into dist/bench/.
 */
async function bareMermaid(): Promise<string> {
  const { join } = await import('node:path');
  const outfile = join(__dirname, '..', 'dist', 'bench', 'mermaid-bare.js');
  if (require('node:fs').existsSync(outfile)) return outfile;
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: { contents: "import mermaid from 'mermaid'; globalThis.mermaid = mermaid;", resolveDir: join(__dirname, '..'), loader: 'js' },
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    minify: true,
    target: 'es2022',
    logLevel: 'warning',
  });
  return outfile;
}

function lineOffset(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) at = text.indexOf('\n', at) + 1;
  return at;
}

export async function measurePreview(options: { lines: number; edits: number; warmup?: number }): Promise<PreviewResult | { skipped: string }> {
  if (!require('node:fs').existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  const server = await startPreviewServer();
  const browser = await launchChromium();
  try {
    let text = designDoc(options.lines);
    const target = editTarget(text);
    const at = lineOffset(text, target.line) + target.character;
    const cache = createParseCache();
    let version = 0;
    const build = (source: string): PreviewModel =>
      buildPreviewModel(source, { language: 'markdown', uri: 'file:///bench/design.md', documentName: 'design.md', version: ++version, cache });
    // What the page shows: every fence's diagrams (the whole-design view is off by default).
    const views = (model: PreviewModel) => model.diagrams;

    // The preview page.
    const preview = await openPreview(browser.context, server);
    let model = build(text);
    const firstStarted = performance.now();
    await preview.show(model);
    const firstRender = performance.now() - firstStarted;
    await preview.page.evaluate(() => {
      const messages = window.__messages as { type: string }[];
      const push = messages.push.bind(messages);
      window.__rendered = new Map();
      messages.push = (...items: { type: string; version?: number; renders?: number }[]) => {
        for (const m of items) if (m.type === 'rendered') window.__rendered.set(m.version, { at: performance.now(), renders: m.renders });
        return push(...items);
      };
    });
    const post = (page: Page, m: PreviewModel) =>
      page.evaluate(async (message) => {
        const started = performance.now();
        window.postMessage(message, '*');
        for (;;) {
          const done = window.__rendered.get(message.version);
          if (done) return { ms: done.at - started, renders: done.renders as number };
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      }, m as unknown as { version: number });

    // The baseline page: Mermaid alone, configured as the preview configures it, with the same diagrams drawn.
    const config = await preview.page.evaluate(() => window.__napkinPreview.config());
    const bare = await browser.context.newPage();
    await bare.addInitScript(KEEP_NAMES);
    await bare.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><main id="out"></main></body></html>');
    await bare.addScriptTag({ path: await bareMermaid() });
    const drawAll = (page: Page, texts: string[]) =>
      page.evaluate(async (diagrams) => {
        const out = document.getElementById('out');
        const started = performance.now();
        for (const [i, diagram] of diagrams.entries()) {
          const { svg } = await window.mermaid.render(`m${window.__n = (window.__n ?? 0) + 1}`, diagram);
          let box = document.getElementById(`box${i}`);
          if (!box) {
            box = document.createElement('figure');
            box.id = `box${i}`;
            out.appendChild(box);
          }
          box.innerHTML = svg;
        }
        return performance.now() - started;
      }, texts);
    await bare.evaluate((c) => window.mermaid.initialize({ ...c, startOnLoad: false }), config);
    await drawAll(bare, views(model).map((v) => v.mermaid));

    const host: number[] = [];
    const page: number[] = [];
    const total: number[] = [];
    const mermaid: number[] = [];
    const changed: number[] = [];
    const renders: number[] = [];
    const warmup = options.warmup ?? 1;
    let current = target.digit;
    for (let i = 0; i < warmup + options.edits; i++) {
      // A new number each time (11, 12, …): the renderer caches diagrams by text, so an edit back
      // to an earlier value would be drawn from its cache without Mermaid.
      const value = String(11 + i);
      text = text.slice(0, at) + value + text.slice(at + current.length);
      current = value;
      const started = performance.now();
      const next = build(text);
      const hostMs = performance.now() - started;
      const before = new Map(views(model).map((v) => [v.key, v.mermaid]));
      // Mermaid alone: the diagrams that changed, into the same slots.
      // Distinct texts only: a diagram drawn twice on the page is laid out once.
      const seen = new Set<string>();
      const slots = views(next)
        .map((v, k) => ({ v, k }))
        .filter(({ v }) => before.get(v.key) !== v.mermaid && !seen.has(v.mermaid) && seen.add(v.mermaid));
      const alone = () =>
        bare.evaluate(async (diagrams) => {
          const started = performance.now();
          for (const { k, text } of diagrams) {
            const { svg } = await window.mermaid.render(`m${window.__n = (window.__n ?? 0) + 1}`, text);
            document.getElementById(`box${k}`).innerHTML = svg;
          }
          return performance.now() - started;
        }, slots.map(({ v, k }) => ({ k, text: v.mermaid })));
      // Which goes first alternates, so a change in the machine's load hits both alike.
      let drawn: { ms: number; renders: number };
      let mermaidMs: number;
      if (i % 2 === 0) {
        drawn = await post(preview.page, next);
        mermaidMs = await alone();
      } else {
        mermaidMs = await alone();
        drawn = await post(preview.page, next);
      }
      model = next;
      if (i < warmup) continue;
      host.push(hostMs);
      page.push(drawn.ms);
      total.push(hostMs + drawn.ms);
      mermaid.push(mermaidMs);
      changed.push(slots.length);
      renders.push(drawn.renders);
    }

    // An edit in the prose: the model changes (version, offsets), no diagram text does.
    const prose = text.indexOf('Reads\n') >= 0 ? text.indexOf('Reads\n') : text.indexOf('\n');
    text = text.slice(0, prose) + 'reads' + text.slice(prose + 5);
    const proseModel = build(text);
    const proseDrawn = await post(preview.page, proseModel);

    return {
      lines: text.split('\n').length - 1,
      diagrams: views(model).length,
      host: summarize(host),
      page: summarize(page),
      total: summarize(total),
      mermaid: summarize(mermaid),
      ratio: summarize(total.map((time, i) => time / mermaid[i]!)),
      changed,
      renders,
      proseRenders: proseDrawn.renders,
      firstRender,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
