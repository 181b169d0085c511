/**
 * The script VS Code's built-in Markdown preview loads (`markdown.previewScripts`,
 * dist/markdown-preview.js). The markdown-it plugin (client/src/markdownIt.ts) has already turned
 * each napkin fence into `.napkin-diagram > pre.napkin-mermaid` holding Mermaid text; this script
 * draws each one as SVG next to its text (the text stays, hidden, for the next render).
 *
 * It runs on load, after every `vscode.markdown.updateContent` (the preview patches its DOM on each
 * edit), and when the theme class of the body changes. Results are cached by theme + text, so an
 * unchanged diagram is put back synchronously, before the browser paints; a newer pass aborts an
 * older one so a slow render never lands on newer content.
 */

import { MermaidRenderer, placeSvg, themeKindOf } from './webview/mermaidRenderer';

const renderer = new MermaidRenderer('napkin-md');
const drawn = new WeakMap<Element, string>();
let controller: AbortController | undefined;

async function renderAll(): Promise<void> {
  controller?.abort();
  const current = (controller = new AbortController());
  const theme = themeKindOf(document.body);
  const sources = Array.from(document.querySelectorAll<HTMLElement>('.napkin-diagram > pre.napkin-mermaid'));
  for (const source of sources) {
    const diagram = source.parentElement!;
    const text = source.textContent ?? '';
    const stamp = `${theme}\u0000${text}`;
    const existing = diagram.querySelector<HTMLElement>(':scope > .napkin-svg');
    if (existing && drawn.get(existing) === stamp) continue;
    const result = renderer.cached(text, theme) ?? (await renderer.render(text, theme, current.signal));
    if (!result || current.signal.aborted) return;
    if (!source.isConnected) continue;
    const output = diagram.querySelector<HTMLElement>(':scope > .napkin-svg') ?? diagram.insertBefore(element('div', 'napkin-svg'), source);
    drawn.set(output, stamp);
    if (result.ok) {
      placeSvg(output, result.svg);
      diagram.classList.add('napkin-rendered');
      diagram.classList.remove('napkin-failed');
    } else {
      const box = element('div', 'napkin-render-error');
      box.setAttribute('role', 'alert');
      box.textContent = `Mermaid could not draw this diagram: ${result.error}`;
      output.replaceChildren(box);
      diagram.classList.add('napkin-failed');
      diagram.classList.remove('napkin-rendered');
    }
  }
  document.body.dataset.napkinRendered = String(sources.length);
}

function element(tag: string, className: string): HTMLElement {
  const created = document.createElement(tag);
  created.className = className;
  return created;
}

function start(): void {
  void renderAll();
  window.addEventListener('vscode.markdown.updateContent', () => void renderAll());
  let theme = themeKindOf(document.body);
  new MutationObserver(() => {
    const next = themeKindOf(document.body);
    if (next === theme) return;
    theme = next;
    void renderAll();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  // Test hook, as in the panel: how many Mermaid layouts ran.
  Object.defineProperty(window, '__napkinMarkdownPreview', { value: Object.freeze({ renders: () => renderer.renders }) });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
