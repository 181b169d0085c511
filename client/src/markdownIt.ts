/**
 * The markdown-it plugin behind `markdown.markdownItPlugins`: VS Code's Markdown preview (and
 * `markdown.api.render`) shows each ```napkin fence as its diagrams.
 *
 * markdown-it rules are synchronous, so the plugin calls the core directly. A core rule analyses
 * the WHOLE source once per render (cached by source text), so names defined in other fences
 * resolve, and hands each napkin fence token its diagrams, matched by the fence's opening line.
 * The fence renderer then emits a container with the Mermaid text (escaped) for the preview
 * script (dist/markdown-preview.js) to draw, the fence's problems as visible text (never only
 * inside a picture), and the original source in a collapsed `<details>`. Every other token, a
 * ```mermaid fence included, goes to the renderer that was there before.
 */

import type { MarkdownIt, Token } from 'markdown-it';
import { analyze, type Analysis } from '../../server/src/core/analysis';
import { diagramsOf, type Diagram } from '../../server/src/core/render/mermaid';
import { lineIndex } from '../../server/src/core/text/positions';

export interface NapkinMarkdownOptions {
  /** Significant figures of displayed values (the `napkin.precision` setting); default 3. */
  readonly precision?: () => number;
}

/** What the renderer needs for one fence. */
interface FenceView {
  readonly diagrams: readonly Diagram[];
  readonly problems: readonly { code: string; severity: string; line: number; message: string }[];
  readonly quantities: readonly { name: string; display: string }[];
}

const CACHE_SIZE = 4;
/** Recent sources → their fences by opening line; VS Code renders the same text repeatedly. */
const cache: { key: string; fences: Map<number, FenceView> }[] = [];

export function extendMarkdownIt(md: MarkdownIt, options: NapkinMarkdownOptions = {}): MarkdownIt {
  md.core.ruler.push('napkin_diagrams', (state) => {
    const tokens = state.tokens.filter((token) => token.type === 'fence' && isNapkin(token.info) && token.map);
    if (tokens.length === 0) return;
    const fences = fencesOf(state.src, options.precision?.() ?? 3);
    for (const token of tokens) {
      token.meta = { ...(token.meta ?? {}), napkin: fences.get(token.map![0]) ?? standalone(token.content, options.precision?.() ?? 3) };
    }
  });

  const previous = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, index, renderOptions, env, self) => {
    const token = tokens[index]!;
    const view = (token.meta as { napkin?: FenceView } | null)?.napkin;
    if (!view || !isNapkin(token.info)) return previous(tokens, index, renderOptions, env, self);
    const source = view.diagrams.length > 0 ? collapsedSource(token, md.utils.escapeHtml) : previous(tokens, index, renderOptions, env, self);
    return renderFence(token, view, source, md.utils.escapeHtml);
  };
  return md;
}

function isNapkin(info: string): boolean {
  return info.trim().split(/\s+/, 1)[0]!.toLowerCase() === 'napkin';
}

function fencesOf(src: string, precision: number): Map<number, FenceView> {
  const key = `${precision}\u0000${src}`;
  const hit = cache.find((entry) => entry.key === key);
  if (hit) return hit.fences;
  const fences = viewsOf(analyze(src, { language: 'markdown', precision }));
  cache.unshift({ key, fences });
  cache.length = Math.min(cache.length, CACHE_SIZE);
  return fences;
}

/** A fence the core did not find where markdown-it did (should not happen): analysed on its own. */
function standalone(content: string, precision: number): FenceView {
  return viewsOf(analyze(content, { language: 'napkin', precision })).get(0) ?? { diagrams: [], problems: [], quantities: [] };
}

function viewsOf(analysis: Analysis): Map<number, FenceView> {
  const lines = lineIndex(analysis.text);
  const diagrams = diagramsOf(analysis);
  const views = new Map<number, FenceView>();
  analysis.fences.forEach(({ fence }, index) => {
    const inFence = (offset: number) => offset >= fence.start && offset < Math.max(fence.end, fence.start + 1);
    views.set(fence.openLine, {
      diagrams: diagrams.filter((d) => d.fence === index),
      problems: analysis.diagnostics
        .filter((d) => (d.severity === 'error' || d.severity === 'warning') && inFence(d.start))
        .map((d) => ({ code: d.code, severity: d.severity, line: lines.lineOf(d.start) + 1, message: d.message })),
      quantities: analysis.quantities.filter((q) => q.definition.fence === index).map((q) => ({ name: q.name, display: q.display ?? '—' })),
    });
  });
  return views;
}

function renderFence(token: Token, view: FenceView, source: string, escape: (text: string) => string): string {
  const line = String(token.attrGet('data-line') ?? token.map![0]);
  const out = [`<div class="napkin-diagrams" data-line="${escape(line)}">\n`];
  for (const diagram of view.diagrams) {
    out.push(
      `<div class="napkin-diagram" data-kind="${diagram.kind}">`,
      `<div class="napkin-diagram-title">${escape(diagram.title)}</div>`,
      `<pre class="napkin-mermaid">${escape(diagram.mermaid)}</pre>`,
      `</div>\n`,
    );
  }
  if (view.problems.length > 0) {
    const count = view.problems.length;
    out.push(`<div class="napkin-errors" role="note"><div class="napkin-errors-title">Napkin: ${count} problem${count === 1 ? '' : 's'} in this fence</div><ul>\n`);
    for (const p of view.problems) {
      out.push(`<li class="napkin-error napkin-severity-${escape(p.severity)}"><code>${escape(p.code)}</code> line ${p.line}: ${escape(p.message)}</li>\n`);
    }
    out.push(`</ul></div>\n`);
  }
  if (view.diagrams.length === 0 && view.quantities.length > 0) {
    out.push(`<table class="napkin-estimates"><thead><tr><th>Estimate</th><th>Value</th></tr></thead><tbody>\n`);
    for (const q of view.quantities) out.push(`<tr><td><code>${escape(q.name)}</code></td><td>${escape(q.display)}</td></tr>\n`);
    out.push(`</tbody></table>\n`);
  }
  out.push(source, `</div>\n`);
  return out.join('');
}

function collapsedSource(token: Token, escape: (text: string) => string): string {
  return `<details class="napkin-source"><summary>napkin source</summary><pre><code class="language-napkin">${escape(token.content)}</code></pre></details>\n`;
}
